import { readFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import YAML from 'yaml';
import { DISTRICT_IDS, type District } from './domain/districts.js';
import { ruleBookSchema, type RuleBook } from './domain/editions.js';
import { legalEntitySubject, type SignedBy } from './domain/provider-signer.js';
import { regulationSchema, type Regulation } from './domain/regulation.js';
import type { People } from './domain/roles.js';
import { ROOT } from './paths.js';

export const REGULATION_FILE = join(ROOT, 'bpmn', 'regulation.yaml');

const url = z.string().url();
/** The engine `npm start` runs, where every command looks unless CAMUNDA_URL says otherwise. */
export const DEFAULT_CAMUNDA_URL = 'http://127.0.0.1:8080/engine-rest';
const positiveInt = z.coerce.number().int().positive();

const environment = z.object({
  CAMUNDA_URL: url.default(DEFAULT_CAMUNDA_URL),
  CAMUNDA_USER: z.string().optional(),
  CAMUNDA_PASSWORD: z.string().optional(),
  /** The password in a file (a Docker secret, say) instead of CAMUNDA_PASSWORD. */
  CAMUNDA_PASSWORD_FILE: z.string().optional(),
  REDIS_URL: url.default('redis://127.0.0.1:6379'),
  /** The password of REDIS_URL's user (its ACL user in compose), or a file holding it (a Docker secret). */
  REDIS_PASSWORD: z.string().optional(),
  REDIS_PASSWORD_FILE: z.string().optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]*$/, 'letters, digits and : . - _ only')
    .default('ha:'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  API_PUBLIC_URL: url.optional(),
  /** The API's operations port (/metrics, /readyz, /healthz), apart from the public one. */
  API_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  /** Where the operations ports (the API's and the workers') listen: loopback unless a scraper elsewhere needs them. */
  OPS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Applications accepted per portal account in a rolling day, and per service centre in an hour (429 past them). */
  SUBMISSIONS_PER_ACCOUNT_PER_DAY: positiveInt.default(5),
  SUBMISSIONS_PER_CENTRE_PER_HOUR: positiveInt.default(300),
  /**
   * How long electronic copies of documents stay in Redis after submission. The regulation sets no
   * period; 120 days covers the service (10 working days) and the three months in which its result can
   * be appealed, after which the decision and the dossier remain but the copies are gone.
   */
  FILE_COPY_RETENTION_DAYS: positiveInt.default(120),
  WORKER_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
  WORKER_MAX_TASKS: positiveInt.default(20),
  WORKER_LOCK_MS: positiveInt.default(30_000),
  WORKER_LONG_POLL_MS: z.coerce.number().int().min(0).default(10_000),
  WORKER_RETRIES: z.coerce.number().int().min(0).default(3),
  WORKER_RETRY_BASE_MS: positiveInt.default(2_000),
  WORKER_STOP_GRACE_MS: z.coerce.number().int().min(0).default(15_000),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  RULES_FILE: z.string().default(join(ROOT, 'config', 'housing-assistance-rules.yaml')),
  PEOPLE_FILE: z.string().default(join(ROOT, 'config', 'people.yaml')),
  /** `npm run identity`: one file per engine user, named by its id, holding its password. */
  ENGINE_PASSWORDS_DIR: z.string().optional(),
  REGULATION_FILE: z.string().default(() => REGULATION_FILE),
  /** The portal channel (§12): its accounts, sessions and signed requests; off, only the State Corporation submits. */
  PORTAL_ENABLED: z
    .enum(['true', 'false'], { message: 'true or false' })
    .default('true')
    .transform((v) => v === 'true'),
  /** The national roots (self-signed) and, optionally, the issuing CAs under them, in one PEM file. */
  EDS_CA_CERT_FILE: z.string().optional(),
  /** The issuing CAs' revocation lists (PEM, one or more), re-read when the file changes. */
  EDS_CRL_FILE: z.string().optional(),
  /** An OCSP responder, or `aia` for the one each certificate names in its Authority Information Access. */
  EDS_OCSP_URL: z
    .string()
    .refine((v) => v === 'aia' || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)), 'an http(s) URL, or aia')
    .optional(),
  EDS_OCSP_TIMEOUT_MS: positiveInt.default(5_000),
  SERVICE_CENTRES_FILE: z.string().default(join(ROOT, 'config', 'service-centres.yaml')),
  APPLICANT_KEY_SECRET: z.string().min(32, 'at least 32 characters of randomness').optional(),
  APPLICANT_KEY_SECRET_FILE: z.string().optional(),
  /** §14: each district department's legal-entity certificate, `<district>.cert.pem` (docs/integrators.md, "The signed result and how to verify it"). */
  PROVIDER_CERTS_DIR: z.string().optional(),
  /** Their private keys, `<district>.key.pem`: only where results are signed (the workers). */
  PROVIDER_KEYS_DIR: z.string().optional(),
  PORTAL_SESSION_TTL_S: positiveInt.default(1800),
  /** Failures of one client on one account before each further try waits (1, 2, 4 … s); never a lockout. */
  LOGIN_MAX_FAILURES: positiveInt.default(5),
  /** Failures of one client on any accounts before each further try waits. */
  LOGIN_CLIENT_MAX_FAILURES: positiveInt.default(20),
  /** How long failures are remembered; also the longest wait. */
  LOGIN_FAILURE_WINDOW_S: positiveInt.default(900),
  /** How long a challenge to sign for registration or a password reset is good for. */
  PORTAL_CHALLENGE_TTL_S: positiveInt.default(300),
  LOGIN_RATE_PER_MINUTE: positiveInt.default(20),
  /** §11: the e-government gateway (ШЭП) to the state registers; locally, the registries service stand-in. */
  STATE_GATEWAY_URL: url.default('http://127.0.0.1:8090'),
  STATE_GATEWAY_TOKEN: z.string().optional(),
  STATE_GATEWAY_TOKEN_FILE: z.string().optional(),
  STATE_GATEWAY_TIMEOUT_MS: positiveInt.default(5_000),
  /** Attempts per register within one delivery of the task, with backoff from STATE_GATEWAY_RETRY_BASE_MS. */
  STATE_GATEWAY_ATTEMPTS: positiveInt.default(3),
  STATE_GATEWAY_RETRY_BASE_MS: positiveInt.default(500),
  /** Questions to the gateway in flight at once, per daemon (each task asks up to a dozen registers at once). */
  STATE_GATEWAY_CONCURRENCY: positiveInt.default(8),
  /** The registries service (the gateway's stand-in): its port, fixture file and the token it expects. */
  REGISTRIES_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  REGISTRIES_HOST: z.string().min(1).default('127.0.0.1'),
  REGISTRIES_FILE: z.string().default(join(ROOT, 'config', 'state-registries.yaml')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Every environment variable the services read. */
export const ENVIRONMENT_VARIABLES = Object.keys(environment.shape);

export type Config = z.infer<typeof environment> & {
  /** The editions of the figures the commission applies, each with its effective day (src/domain/editions.ts). */
  rules: RuleBook;
  people: People;
  regulation: Regulation;
  /** The national CA's certificates (PEM: roots and issuing CAs) the applicants' EDS certificates must chain to (condition 2). */
  edsCaPem?: string;
  serviceCentres: ServiceCentres;
  /**
   * Each district department's certificate and key (PEM), which sign its results (§3, §12, §14). The keys
   * only where results are signed (the workers); the API has the certificates alone, to publish them.
   */
  providerSigners?: Record<District, ProviderSigner>;
};

export interface ProviderSigner {
  certificatePem: string;
  privateKeyPem?: string;
  signedBy: SignedBy;
}

export interface ServiceCentre {
  id: string;
  district: District;
  name: string;
}

export interface ServiceCentres {
  centres: ServiceCentre[];
  /** Operators by the SHA-256 (hex) of their API key. */
  operatorsByKeyHash: Map<string, { code: string; centre: ServiceCentre }>;
}

const centresSchema = z
  .object({
    centres: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]{2,40}$/),
            district: z.enum(DISTRICT_IDS as [District, ...District[]]),
            name: z.string().min(1).max(100),
            operators: z.array(
              z
                .object({
                  code: z.string().regex(/^[A-Z0-9-]{2,32}$/, 'an operator code, not a name'),
                  keySha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the key, 64 hex digits'),
                })
                .strict(),
            ),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export function loadServiceCentres(file: string): ServiceCentres {
  const { centres } = loadYaml(file, centresSchema, 'service centres');
  const operatorsByKeyHash = new Map<string, { code: string; centre: ServiceCentre }>();
  for (const { operators, ...centre } of centres) {
    for (const o of operators) {
      if (operatorsByKeyHash.has(o.keySha256)) throw new ConfigError(`${file}: the key of ${o.code} is used twice`);
      operatorsByKeyHash.set(o.keySha256, { code: o.code, centre });
    }
  }
  return { centres: centres.map(({ operators: _o, ...c }) => c), operatorsByKeyHash };
}

export class ConfigError extends Error {}

function describe(error: z.ZodError, where: string): string {
  return `${where}:\n` + error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

const staffCode = z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'a staff code such as BOS-C01, not a name');
const peopleSchema = z
  .object({
    districts: z
      .object(
        Object.fromEntries(
          DISTRICT_IDS.map((d) => [
            d,
            z
              .object({
                head: staffCode,
                specialists: z.array(staffCode).min(1),
                commission: z.array(staffCode).min(1),
              })
              .strict(),
          ]),
        ) as Record<
          District,
          z.ZodObject<{
            head: typeof staffCode;
            specialists: z.ZodArray<typeof staffCode>;
            commission: z.ZodArray<typeof staffCode>;
          }>
        >,
      )
      .strict(),
    operators: z.array(staffCode),
    analysts: z.array(staffCode),
  })
  .strict()
  .superRefine((people, ctx) => {
    const codes = [
      ...Object.values(people.districts).flatMap((d) => [d.head, ...d.specialists, ...d.commission]),
      ...people.operators,
      ...people.analysts,
    ];
    const twice = codes.filter((c, i) => codes.indexOf(c) !== i);
    if (twice.length)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `each staff code is one person in one role: ${[...new Set(twice)].join(', ')} appear more than once`,
      });
  });

/** A YAML file checked against its schema; a problem is a ConfigError naming the file and the field. */
export function loadYaml<T>(file: string, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read the ${what} file ${file}: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describe(parsed.error, `invalid ${what} in ${file}`));
  return parsed.data;
}

export function loadRules(file: string): RuleBook {
  return loadYaml(file, ruleBookSchema, 'rules');
}

/** The regulation as data (bpmn/regulation.yaml): steps, limits, outcomes, each with its clause and element. */
export function loadRegulation(file = REGULATION_FILE): Regulation {
  return loadYaml(file, regulationSchema, 'regulation');
}

export function loadPeople(file: string): People {
  return loadYaml<People>(file, peopleSchema, 'people');
}

/** The engine user a daemon acts as: its REST API refuses anonymous calls. */
export function engineCredentials(config: Config): { user: string; password: string } {
  if (!config.CAMUNDA_USER || !config.CAMUNDA_PASSWORD)
    throw new ConfigError(
      'set CAMUNDA_USER and CAMUNDA_PASSWORD (or CAMUNDA_PASSWORD_FILE): the engine refuses anonymous calls',
    );
  return { user: config.CAMUNDA_USER, password: config.CAMUNDA_PASSWORD };
}

/**
 * Condition 2 (§12) with the portal on: the API and the workers refuse to start without a root to
 * chain the applicants' certificates to, or without a revocation source (a revocation check that
 * could be skipped would let a revoked certificate sign).
 */
export function requirePortalEds(config: Config): void {
  if (!config.PORTAL_ENABLED) return;
  if (!config.EDS_CA_CERT_FILE)
    throw new ConfigError(
      'PORTAL_ENABLED is true but EDS_CA_CERT_FILE is not set: no root to check EDS certificates against',
    );
  if (!config.EDS_CRL_FILE && !config.EDS_OCSP_URL)
    throw new ConfigError(
      'PORTAL_ENABLED is true but no revocation source is set: set EDS_CRL_FILE and/or EDS_OCSP_URL (or PORTAL_ENABLED=false)',
    );
}

/**
 * The API and the worker daemons key applicants by the HMAC of the IIN: without the secret the keys are
 * plain hashes anyone can reverse by trying every IIN, so they do not start (`npm start` makes one).
 */
export function applicantKeySecret(config: Config): string {
  if (!config.APPLICANT_KEY_SECRET)
    throw new ConfigError(
      'set APPLICANT_KEY_SECRET (or APPLICANT_KEY_SECRET_FILE) to 32 or more random characters: applicant keys are HMACs of IINs under it',
    );
  return config.APPLICANT_KEY_SECRET;
}

/** A secret given either in the variable itself or in the file its `_FILE` twin names (a Docker secret). */
function secretFromFile(value: string | undefined, file: string | undefined, name: string): string | undefined {
  if (!file) return value;
  if (value) throw new ConfigError(`${name} and ${name}_FILE: set one of them`);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw new ConfigError(`${name}_FILE: cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * §14: every district's certificate, with the BIN and the authorised official its subject names, and
 * (where the keys are given) its key, which must be the certificate's. One district missing stops the start.
 */
function loadProviderSigners(certsDir?: string, keysDir?: string): Config['providerSigners'] {
  if (keysDir && !certsDir) throw new ConfigError('PROVIDER_KEYS_DIR is set without PROVIDER_CERTS_DIR');
  if (!certsDir) return undefined;
  const read = (dir: string, file: string, name: string) => {
    try {
      return readFileSync(join(dir, file), 'utf8');
    } catch (e) {
      throw new ConfigError(`${name}: cannot read ${file}: ${(e as Error).message}`);
    }
  };
  const signers = DISTRICT_IDS.map((district): [District, ProviderSigner] => {
    const certificatePem = read(certsDir, `${district}.cert.pem`, 'PROVIDER_CERTS_DIR');
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(certificatePem);
    } catch (e) {
      throw new ConfigError(`PROVIDER_CERTS_DIR: ${district}.cert.pem: ${(e as Error).message}`);
    }
    const subject = legalEntitySubject(certificate.subject);
    if ('problem' in subject) throw new ConfigError(`PROVIDER_CERTS_DIR: ${district}.cert.pem has ${subject.problem}`);
    const signedBy = { district, bin: subject.bin, official: subject.official };
    if (!keysDir) return [district, { certificatePem, signedBy }];
    const privateKeyPem = read(keysDir, `${district}.key.pem`, 'PROVIDER_KEYS_DIR');
    let matches: boolean;
    try {
      const der = (k: ReturnType<typeof createPublicKey>) => k.export({ type: 'spki', format: 'der' });
      matches = der(createPublicKey(createPrivateKey(privateKeyPem))).equals(der(certificate.publicKey));
    } catch (e) {
      throw new ConfigError(`PROVIDER_KEYS_DIR: ${district}.key.pem: ${(e as Error).message}`);
    }
    if (!matches)
      throw new ConfigError(`PROVIDER_KEYS_DIR: ${district}.key.pem is not the key of ${district}.cert.pem`);
    return [district, { certificatePem, privateKeyPem, signedBy }];
  });
  return Object.fromEntries(signers) as Record<District, ProviderSigner>;
}

/** The worker daemon signs every district's results (§14): it does not start without each one's certificate and key. */
export function requireProviderSigners(config: Config): Record<District, Required<ProviderSigner>> {
  const signers = config.providerSigners;
  if (!signers || DISTRICT_IDS.some((d) => !signers[d].privateKeyPem))
    throw new ConfigError(
      "set PROVIDER_CERTS_DIR and PROVIDER_KEYS_DIR: each district's certificate and key sign its results (§14)",
    );
  return signers as Record<District, Required<ProviderSigner>>;
}

/** Reads and validates the whole configuration once; a bad setting stops the start with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) throw new ConfigError(describe(parsed.error, 'invalid environment'));
  parsed.data.CAMUNDA_PASSWORD = secretFromFile(
    parsed.data.CAMUNDA_PASSWORD,
    parsed.data.CAMUNDA_PASSWORD_FILE,
    'CAMUNDA_PASSWORD',
  );
  parsed.data.STATE_GATEWAY_TOKEN = secretFromFile(
    parsed.data.STATE_GATEWAY_TOKEN,
    parsed.data.STATE_GATEWAY_TOKEN_FILE,
    'STATE_GATEWAY_TOKEN',
  );
  parsed.data.REDIS_PASSWORD = secretFromFile(
    parsed.data.REDIS_PASSWORD,
    parsed.data.REDIS_PASSWORD_FILE,
    'REDIS_PASSWORD',
  );
  parsed.data.APPLICANT_KEY_SECRET = secretFromFile(
    parsed.data.APPLICANT_KEY_SECRET,
    parsed.data.APPLICANT_KEY_SECRET_FILE,
    'APPLICANT_KEY_SECRET',
  );
  if (parsed.data.APPLICANT_KEY_SECRET !== undefined && parsed.data.APPLICANT_KEY_SECRET.length < 32)
    throw new ConfigError('APPLICANT_KEY_SECRET_FILE: at least 32 characters of randomness');
  if (parsed.data.CAMUNDA_USER && !parsed.data.CAMUNDA_PASSWORD)
    throw new ConfigError('CAMUNDA_USER is set without CAMUNDA_PASSWORD (or CAMUNDA_PASSWORD_FILE)');
  const caFile = parsed.data.EDS_CA_CERT_FILE;
  // Checked here with Node's own X.509 parser; the EDS check loads the full toolkit when it first runs.
  let edsCaPem: string | undefined;
  try {
    edsCaPem = caFile ? readFileSync(caFile, 'utf8') : undefined;
    const blocks = edsCaPem?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (edsCaPem && blocks.length === 0) throw new Error('no PEM certificate in it');
    for (const block of blocks) new X509Certificate(block);
  } catch (e) {
    throw new ConfigError(`EDS_CA_CERT_FILE: cannot read a certificate from ${caFile}: ${(e as Error).message}`);
  }
  return {
    ...parsed.data,
    rules: loadRules(parsed.data.RULES_FILE),
    people: loadPeople(parsed.data.PEOPLE_FILE),
    regulation: loadRegulation(parsed.data.REGULATION_FILE),
    serviceCentres: loadServiceCentres(parsed.data.SERVICE_CENTRES_FILE),
    edsCaPem,
    providerSigners: loadProviderSigners(parsed.data.PROVIDER_CERTS_DIR, parsed.data.PROVIDER_KEYS_DIR),
  };
}
