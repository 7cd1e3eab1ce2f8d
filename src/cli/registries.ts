import { createLogger } from '../runtime/logger.js';
import { loadFixture, startRegistries } from '../registries/service.js';
import { ConfigError } from '../config.js';
import { runMain } from '../runtime/main.js';

/** The local state-registries service (the e-government gateway's stand-in, §11): `npm run registries`. */
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
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
});
