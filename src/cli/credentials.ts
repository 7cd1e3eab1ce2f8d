import { join, resolve } from 'node:path';
import { ADMIN_USER, devCredentials } from '../stack/dev-credentials.js';
import { command } from './lib/main.js';

const [where] = command(
  'npm run credentials --',
  'makes development credentials (not for production) and prints the settings that use them',
)
  .argument('[dir]', 'where they go', 'credentials')
  .parse().args;
const dir = resolve(where);
const made = await devCredentials(dir);
console.log(`development credentials in ${dir} (not for production):`);
for (const [name, value] of Object.entries(made.env))
  console.log(`  ${name}=${name.endsWith('SECRET') ? `(in ${join(dir, 'applicant-key.secret')})` : value}`);
console.log(`  operator API keys: ${join(dir, 'operator-keys.json')}`);
console.log(
  `  engine passwords (one file per user, the administrator's in ${join(made.enginePasswordsDir, ADMIN_USER)}): ${made.enginePasswordsDir}`,
);
console.log(
  `  Redis users file (--aclfile): ${made.redisAclFile}; each service's Redis password: ${join(dir, 'redis-passwords')}`,
);
