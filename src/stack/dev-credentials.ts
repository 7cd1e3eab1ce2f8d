import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../paths.js';
import { loadPeople } from '../config.js';
import { ADMIN_USER, engineIdentity } from '../domain/roles.js';
import { passwordsFromDir } from '../engine/identity.js';
import { DISTRICT_IDS, DISTRICTS, type District } from '../domain/districts.js';
import {
  crlPem,
  importKey,
  issueIntermediate,
  issueLegalEntityCertificate,
  pkcs8Pem,
  selfSigned,
  type LegalEntity,
} from './authority.js';
import { REDIS_USERS, redisAclFile, type RedisUser } from './redis-acl.js';

export { ADMIN_USER };

/** The development root, as the NCA RK root; people's certificates come from the issuing CA under it. */
export const DEV_ROOT_NAME = 'CN=Development National Root CA (not for production), O=housing-assistance, C=KZ';
export const DEV_CA_NAME = 'CN=Development National CA (not for production), O=housing-assistance, C=KZ';

/**
 * A local stand-in for what production gets from outside: the State Corporation operators' API keys,
 * each district department's signing certificate, and a certification authority with its revocation list for
 * portal EDS. For `npm start` and the tests only; production configures the real ones.
 */
export interface DevCredentials {
  /** What the API and the workers read (the engine user of each is added by the caller). */
  env: Record<string, string>;
  /** One file per engine user (admin, worker, api, every person of config/people.yaml), for `npm run identity`. */
  enginePasswordsDir: string;
  enginePassword(userId: string): string;
  /** Raw API keys by centre id (one operator per centre). */
  operatorKeys: Record<string, string>;
  /** The issuing CA's key (it issues people's certificates and signs the CRL); its certificate is in caCertFile. */
  caKeyFile: string;
  caCertFile: string;
  rootKeyFile: string;
  /** Redis's users file (`--aclfile`) for compose's Redis, and each service's password in redis-passwords/. */
  redisAclFile: string;
}

/** Writes the development issuing CA's CRL revoking `serials` (hex), current for a day. */
export async function writeCrl(file: string, caKeyPem: string, serials: string[] = []): Promise<void> {
  writeFileSync(file, await crlPem({ name: DEV_CA_NAME, key: await importKey(caKeyPem) }, serials));
}

/** A made-up department for development: a BIN of its own (12 digits) and an authorised official. */
export function devDepartment(district: District, index: number): LegalEntity {
  return {
    bin: `1700400${String(index + 1).padStart(5, '0')}`,
    organisation: `Development employment and social programmes department, ${DISTRICTS[district].ru}`,
    official: `Development official ${DISTRICTS[district].code}`,
    officialIin: `8001013${String(index + 1).padStart(5, '0')}`,
  };
}

/** Makes the credentials in `dir`, or reuses the ones made there before; Redis's users reach keys under `redisPrefix`. */
export async function devCredentials(dir: string, redisPrefix = 'ha:'): Promise<DevCredentials> {
  mkdirSync(dir, { recursive: true });
  const files = {
    centres: join(dir, 'service-centres.yaml'),
    keys: join(dir, 'operator-keys.json'),
    keySecret: join(dir, 'applicant-key.secret'),
  };
  const eds = {
    /** EDS_CA_CERT_FILE: the root and the issuing CA, as a verifier installs the NCA's. */
    bundle: join(dir, 'eds-ca.crt'),
    rootKey: join(dir, 'eds-root.key'),
    caCert: join(dir, 'eds-issuing-ca.crt'),
    caKey: join(dir, 'eds-ca.key'),
    crl: join(dir, 'eds-ca.crl'),
  };
  if (![eds.bundle, eds.rootKey, eds.caCert, eds.caKey].every(existsSync)) {
    const root = await selfSigned(DEV_ROOT_NAME, true);
    const issuing = await issueIntermediate({ name: DEV_ROOT_NAME, key: root.keys.privateKey }, DEV_CA_NAME);
    writeFileSync(eds.bundle, root.cert.toString('pem') + '\n' + issuing.cert.toString('pem') + '\n');
    writeFileSync(eds.caCert, issuing.cert.toString('pem'));
    writeFileSync(eds.rootKey, await pkcs8Pem(root.keys.privateKey), { mode: 0o600 });
    writeFileSync(eds.caKey, await pkcs8Pem(issuing.keys.privateKey), { mode: 0o600 });
  }
  if (!Object.values(files).every(existsSync)) {
    const config = YAML.parse(readFileSync(join(ROOT, 'config', 'service-centres.yaml'), 'utf8')) as {
      centres: Array<{ id: string; district: string; operators: unknown[] }>;
    };
    const operatorKeys: Record<string, string> = {};
    for (const centre of config.centres) {
      const key = randomBytes(24).toString('base64url');
      operatorKeys[centre.id] = key;
      centre.operators = [
        {
          code: `OP-${centre.district.slice(0, 3).toUpperCase()}-01`,
          keySha256: createHash('sha256').update(key).digest('hex'),
        },
      ];
    }
    writeFileSync(
      files.centres,
      `# Development operators, made by src/stack/dev-credentials.ts; keys in operator-keys.json.\n${YAML.stringify(config)}`,
      { mode: 0o600 },
    );
    writeFileSync(files.keys, JSON.stringify(operatorKeys, null, 2), { mode: 0o600 });
    writeFileSync(files.keySecret, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  // §14: each district department's legal-entity certificate, from the development CA; keys apart from them.
  const signers = { certs: join(dir, 'provider-signers', 'certs'), keys: join(dir, 'provider-signers', 'keys') };
  mkdirSync(signers.certs, { recursive: true });
  mkdirSync(signers.keys, { recursive: true, mode: 0o700 });
  const ca = { name: DEV_CA_NAME, key: await importKey(readFileSync(eds.caKey, 'utf8')) };
  for (const [i, district] of DISTRICT_IDS.entries()) {
    const cert = join(signers.certs, `${district}.cert.pem`);
    const key = join(signers.keys, `${district}.key.pem`);
    if (existsSync(cert) && existsSync(key)) continue;
    const entity = devDepartment(district, i);
    const { certificate, privateKey } = await issueLegalEntityCertificate(ca, entity);
    writeFileSync(cert, certificate.toString('pem'));
    writeFileSync(key, await pkcs8Pem(privateKey), { mode: 0o600 });
  }
  // Engine passwords: one file per user; people added to people.yaml later get theirs at the next run.
  const enginePasswordsDir = join(dir, 'engine-passwords');
  mkdirSync(enginePasswordsDir, { recursive: true, mode: 0o700 });
  const people = loadPeople(process.env.PEOPLE_FILE ?? join(ROOT, 'config', 'people.yaml'));
  for (const user of [ADMIN_USER, ...engineIdentity(people, 'housing-assistance').users.map((u) => u.id)]) {
    const file = join(enginePasswordsDir, user);
    if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  // The token our gateway client shows the state registers' gateway (here its stand-in, which checks it).
  const gatewayToken = join(dir, 'state-gateway.token');
  if (!existsSync(gatewayToken)) writeFileSync(gatewayToken, randomBytes(24).toString('base64url'), { mode: 0o600 });
  // Each service's Redis password (docker-compose.yml), and Redis's users file with their hashes.
  const redisPasswordsDir = join(dir, 'redis-passwords');
  mkdirSync(redisPasswordsDir, { recursive: true, mode: 0o700 });
  const redisPasswords = Object.fromEntries(
    REDIS_USERS.map((user) => {
      const file = join(redisPasswordsDir, user);
      if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
      return [user, readFileSync(file, 'utf8')];
    }),
  ) as Record<RedisUser, string>;
  // Hashes only: Redis (its own user in its container) must be able to read it.
  writeFileSync(join(dir, 'redis-users.acl'), redisAclFile(redisPasswords, redisPrefix), { mode: 0o644 });
  // A CRL is current for a day: a fresh one at every start.
  await writeCrl(eds.crl, readFileSync(eds.caKey, 'utf8'));
  return {
    env: {
      SERVICE_CENTRES_FILE: files.centres,
      PROVIDER_CERTS_DIR: signers.certs,
      PROVIDER_KEYS_DIR: signers.keys,
      EDS_CA_CERT_FILE: eds.bundle,
      EDS_CRL_FILE: eds.crl,
      APPLICANT_KEY_SECRET: readFileSync(files.keySecret, 'utf8'),
      STATE_GATEWAY_TOKEN_FILE: gatewayToken,
    },
    enginePasswordsDir,
    enginePassword: passwordsFromDir(enginePasswordsDir),
    operatorKeys: JSON.parse(readFileSync(files.keys, 'utf8')) as DevCredentials['operatorKeys'],
    caKeyFile: eds.caKey,
    caCertFile: eds.caCert,
    rootKeyFile: eds.rootKey,
    redisAclFile: join(dir, 'redis-users.acl'),
  };
}
