import { applyPeople, describeChanges } from '../engine/identity.js';
import { engineFor } from './lib/engine-login.js';
import { command, runMain } from './lib/main.js';

/**
 * `npm run identity`: the engine's users, groups and authorizations from config/people.yaml, run as the
 * engine's administrator (CAMUNDA_USER / CAMUNDA_PASSWORD) with ENGINE_PASSWORDS_DIR for new users.
 */
command(
  'npm run identity',
  "makes the engine's users, groups and grants from config/people.yaml, as the engine's administrator",
).parse();
await runMain(async (config) => {
  if (!config.ENGINE_PASSWORDS_DIR)
    throw new Error(
      'set ENGINE_PASSWORDS_DIR: a folder with one password file per engine user (npm run credentials makes development ones)',
    );
  const { engine, login } = await engineFor(config, 'administrator', 'npm run identity');
  for (const line of describeChanges(
    await applyPeople(engine, config.people, config.ENGINE_PASSWORDS_DIR, login.password),
  ))
    console.log(line);
});
