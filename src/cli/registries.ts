import { stopGracefully } from '../platform/connections.js';
import { createLogger } from '../platform/logger.js';
import { loadFixture, startRegistries } from '../registries/service.js';
import { ConfigError } from '../config.js';
import { command, runMain } from './lib/main.js';

/** The local state-registries service (the e-government gateway's stand-in, §11): `npm run registries`. */
command(
  'npm run registries',
  "the local state-registries service: the e-government gateway's stand-in (§11), answering from REGISTRIES_FILE",
).parse();
await runMain(async (config) => {
  const log = createLogger('registries', config.LOG_LEVEL);
  let people;
  try {
    people = loadFixture(config.REGISTRIES_FILE);
  } catch (e) {
    throw new ConfigError(`REGISTRIES_FILE ${config.REGISTRIES_FILE}: ${(e as Error).message}`);
  }
  const { url, server } = await startRegistries({
    people,
    token: config.STATE_GATEWAY_TOKEN,
    port: config.REGISTRIES_PORT,
    host: config.REGISTRIES_HOST,
    log,
  });
  log.info({ event: 'registries-started', url, people: people.size }, 'state-registries stand-in listening');
  stopGracefully(log, 5_000, () => new Promise((resolve) => server.close(() => resolve())));
});
