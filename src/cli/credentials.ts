import { join, resolve } from 'node:path';
import { ADMIN_USER, devCredentials } from '../stack/dev-credentials.js';

const dir = resolve(process.argv[2] ?? 'credentials');
const made = await devCredentials(dir);
console.log(`development credentials in ${dir} (not for production):`);
for (const [name, value] of Object.entries(made.env))
  console.log(`  ${name}=${name.endsWith('SECRET') ? `(in ${join(dir, 'applicant-key.secret')})` : value}`);
console.log(`  operator API keys: ${join(dir, 'operator-keys.json')}`);
console.log(
  `  engine passwords (one file per user, the administrator's in ${join(made.enginePasswordsDir, ADMIN_USER)}): ${made.enginePasswordsDir}`,
);
