import { CamundaClient } from '../engine/camunda.js';
import { applyPeople, describeChanges } from '../engine/identity.js';
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
  if (!config.CAMUNDA_PASSWORD)
    throw new Error('set CAMUNDA_USER and CAMUNDA_PASSWORD (or CAMUNDA_PASSWORD_FILE) to the engine administrator');
  const engine = new CamundaClient(config.CAMUNDA_URL, {
    user: config.CAMUNDA_USER,
    password: config.CAMUNDA_PASSWORD,
  });
  for (const line of describeChanges(
    await applyPeople(engine, config.people, config.ENGINE_PASSWORDS_DIR, config.CAMUNDA_PASSWORD),
  ))
    console.log(line);
});
