import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { devCredentials } from '../../src/stack/dev-credentials.js';
import YAML from 'yaml';
import { ROOT } from '../../src/stack/stack.js';
import {
  applicantKeySecret,
  ConfigError,
  ENVIRONMENT_VARIABLES,
  loadConfig,
  requireProviderSigners,
} from '../../src/config.js';
import { DISTRICT_IDS } from '../../src/domain/districts.js';
import { REDIS_USERS } from '../../src/stack/redis-acl.js';
import { DAEMON_NODE_FLAGS } from '../../src/runtime/daemon.js';
import { API_USER, WORKER_USER } from '../../src/domain/roles.js';

// No Docker engine runs here: the compose file is checked against the code instead.
const compose = YAML.parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true });
// The file's shape is what these tests check, field by field.
const services = compose.services;
const appServices = ['deploy', 'workers', 'api'];
const SECRETS = '/run/secrets/';
let credentialsDir: string;
beforeAll(async () => {
  // The files the services read through their ./credentials mount, as `npm run credentials` makes them.
  credentialsDir = mkdtempSync(join(tmpdir(), 'compose-credentials-'));
  await devCredentials(credentialsDir);
});
/** Where a compose secret's file is here: ./credentials/… as `npm run credentials` makes it. */
function secretFile(secret: string): string {
  const file = compose.secrets[secret]?.file as string | undefined;
  if (!file?.startsWith('./credentials/')) throw new Error(`secret ${secret} is not a file of ./credentials`);
  return join(credentialsDir, file.slice('./credentials/'.length));
}
/** The secrets a service is given. */
const secretsOf = (name: string): string[] => services[name].secrets ?? [];
/** A service's environment as seen from here: /run/secrets/<name> of its own secrets, and no other, readable. */
function envOf(name: string): Record<string, string> {
  const env = services[name].environment as Record<string, string>;
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => {
      const secret = String(v).startsWith(SECRETS) ? String(v).slice(SECRETS.length) : undefined;
      return [k, secret && secretsOf(name).includes(secret) ? secretFile(secret) : v];
    }),
  );
}

describe('docker-compose.yml', () => {
  it('has the engine on PostgreSQL, Redis, the deployment, the workers and the API', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'deploy',
      'engine',
      'grafana',
      'postgres',
      'prometheus',
      'redis',
      'registries',
      'workers',
    ]);
    expect(services.engine.image).toBe('camunda/camunda-bpm-platform:run-7.24.0');
    const engineEnv = envOf('engine');
    expect(engineEnv.DB_DRIVER).toBe('org.postgresql.Driver');
    const db = /^jdbc:postgresql:\/\/([\w-]+):(\d+)\/(\w+)$/.exec(engineEnv.DB_URL)!;
    expect(db[1]).toBe('postgres');
    expect(db[3]).toBe(envOf('postgres').POSTGRES_DB);
    expect(engineEnv.DB_USERNAME).toBe(envOf('postgres').POSTGRES_USER);
  });

  it('points the workers at the registries stand-in for the state registers (§11), on the port it listens on', () => {
    const gateway = new URL(loadConfig(envOf('workers')).STATE_GATEWAY_URL);
    for (const key of Object.keys(envOf('registries')))
      expect({ key, known: ENVIRONMENT_VARIABLES.includes(key) }).toEqual({ key, known: true });
    const registries = loadConfig(envOf('registries'));
    expect(services.registries.command).toEqual(['node', 'dist/src/cli/registries.js']);
    expect(existsSync(join(ROOT, 'src', 'cli', 'registries.ts'))).toBe(true);
    expect([gateway.hostname, Number(gateway.port)]).toEqual(['registries', registries.REGISTRIES_PORT]);
    expect(registries.REGISTRIES_HOST).toBe('0.0.0.0');
    // The stand-in answers only the token the workers show.
    expect(registries.STATE_GATEWAY_TOKEN).toBeTruthy();
    expect(loadConfig(envOf('workers')).STATE_GATEWAY_TOKEN).toBe(registries.STATE_GATEWAY_TOKEN);
    expect(services.registries.healthcheck.test.join(' ')).toContain(`127.0.0.1:${registries.REGISTRIES_PORT}/healthz`);
    expect(services.workers.depends_on.registries.condition).toBe('service_healthy');
  });

  it('runs Redis with AOF persistence and two worker replicas', () => {
    expect(services.redis.command.join(' ')).toMatch(/--appendonly yes --appendfsync always/);
    expect(services.workers.deploy.replicas).toBe(2);
  });

  it('sets only variables the code reads, each valid, pointing at the compose services', () => {
    for (const name of appServices) {
      const env = envOf(name);
      for (const key of Object.keys(env))
        expect({ service: name, key, known: ENVIRONMENT_VARIABLES.includes(key) }).toEqual({
          service: name,
          key,
          known: true,
        });
      const config = loadConfig(env);
      const camunda = new URL(config.CAMUNDA_URL);
      expect(camunda.hostname).toBe('engine');
      expect(services.engine.ports).toContain(`127.0.0.1:${camunda.port}:${camunda.port}`);
      if (name === 'deploy') expect(services.deploy.environment.REDIS_URL).toBeUndefined();
      else expect(new URL(config.REDIS_URL).hostname).toBe('redis');
    }
  });

  it('keeps the engine closed: REST authentication and authorization on, no default password, no demo users, loopback only', () => {
    const engine = envOf('engine');
    expect(engine.CAMUNDA_BPM_RUN_AUTH_ENABLED).toBe('true');
    expect(engine.CAMUNDA_BPM_RUN_AUTH_AUTHENTICATION).toBe('basic');
    expect(engine.CAMUNDA_BPM_AUTHORIZATION_ENABLED).toBe('true');
    expect(engine.CAMUNDA_BPM_RUN_EXAMPLE_ENABLED).toBe('false');
    // Compose refuses to start without the password (${VAR:?message}); no demo/demo fallback anywhere.
    expect(engine.CAMUNDA_BPM_ADMINUSER_PASSWORD).toMatch(/^\$\{CAMUNDA_ADMIN_PASSWORD:\?.+\}$/);
    expect(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')).not.toMatch(/demo/);
    for (const port of services.engine.ports as string[]) expect(port).toMatch(/^127\.0\.0\.1:/);
    // The engine's whitelist lets our staff codes and groups be engine ids, as engine/application.yaml does.
    const json = JSON.parse(engine.SPRING_APPLICATION_JSON);
    const engineYaml = YAML.parse(
      readFileSync(join(ROOT, 'engine', 'src', 'main', 'resources', 'application.yaml'), 'utf8'),
    );
    const { enforceHistoryTimeToLive: _ttl, ...shared } = engineYaml.camunda.bpm['generic-properties'].properties;
    expect(json.camunda.bpm['generic-properties'].properties).toEqual(shared);
    // Variables need their own permissions, object types are validated, members get TASK_WORK (not UPDATE);
    // no decision or case definitions (their expressions are not DeploymentGuard's).
    expect(shared).toMatchObject({
      enforceSpecificVariablePermission: true,
      deserializationTypeValidationEnabled: true,
      defaultUserPermissionNameForTask: 'TASK_WORK',
      dmnEnabled: false,
      cmmnEnabled: false,
    });
    expect(
      new RegExp(`^(${json.camunda.bpm['generic-properties'].properties.generalResourceWhitelistPattern})$`).test(
        'commission-bostandyk',
      ),
    ).toBe(true);
  });

  it("loads our guards (technical users' and people's commands, deployments) into the official image, as engine/ builds them", () => {
    const plugins = JSON.parse(envOf('engine').SPRING_APPLICATION_JSON).camunda.bpm.run['process-engine-plugins'];
    const classNames = plugins.map((p: Record<string, string>) => p['plugin-class']);
    expect(classNames).toEqual([
      'kz.almaty.housing.engine.TechnicalUsersGuard',
      'kz.almaty.housing.engine.DeploymentGuard',
    ]);
    const pom = readFileSync(join(ROOT, 'engine', 'pom.xml'), 'utf8');
    expect(pom).toContain('<classifier>guard</classifier>');
    const sources = classNames.map((className: string) => {
      const source = readFileSync(
        join(ROOT, 'engine', 'src', 'main', 'java', ...className.split('.')) + '.java',
        'utf8',
      );
      expect(source).toContain('extends AbstractProcessEnginePlugin');
      expect(pom).toContain(`<include>${className.replaceAll('.', '/')}*.class</include>`);
      return source;
    });
    // The guard names the same technical users the identity step makes.
    expect(sources[0]).toMatch(new RegExp(`Map\\.of\\(\\s*"${WORKER_USER}",[^;]*"${API_USER}"`));
    expect(services.engine.volumes).toContainEqual(
      expect.stringMatching(
        /^\.\/engine\/target\/housing-assistance-engine-guard\.jar:\/camunda\/configuration\/userlib\/[^:]+\.jar:ro$/,
      ),
    );
  });

  it('runs each service as its own engine user, and the setup as the administrator with every password', () => {
    expect(loadConfig(envOf('workers'))).toMatchObject({
      CAMUNDA_USER: WORKER_USER,
      CAMUNDA_PASSWORD: readFileSync(join(credentialsDir, 'engine-passwords', WORKER_USER), 'utf8'),
    });
    expect(loadConfig(envOf('api'))).toMatchObject({
      CAMUNDA_USER: API_USER,
      CAMUNDA_PASSWORD: readFileSync(join(credentialsDir, 'engine-passwords', API_USER), 'utf8'),
    });
    const deploy = loadConfig(envOf('deploy'));
    expect(services.deploy.environment.CAMUNDA_USER).toBe(services.engine.environment.CAMUNDA_BPM_ADMINUSER_ID);
    expect(services.deploy.environment.CAMUNDA_PASSWORD).toBe(
      services.engine.environment.CAMUNDA_BPM_ADMINUSER_PASSWORD,
    );
    expect(services.deploy.command).toContain('--identity');
    expect(existsSync(join(deploy.ENGINE_PASSWORDS_DIR!, WORKER_USER))).toBe(true);
    expect(existsSync(join(deploy.ENGINE_PASSWORDS_DIR!, 'BOS-C01'))).toBe(true);
  });

  it('publishes the API on the port it listens on, and checks each long-running service’s health on its real port', () => {
    const api = loadConfig(envOf('api'));
    expect(services.api.ports).toEqual([`${api.API_PORT}:${api.API_PORT}`]);
    // Readiness and metrics are on the operations port, on the compose network for Prometheus, and not published.
    expect(api.OPS_HOST).toBe('0.0.0.0');
    for (const port of services.api.ports as string[]) expect(port).not.toContain(String(api.API_OPS_PORT));
    expect(services.api.healthcheck.test.join(' ')).toContain(`127.0.0.1:${api.API_OPS_PORT}/readyz`);
    const workers = loadConfig(envOf('workers'));
    expect(services.workers.healthcheck.test.join(' ')).toContain(`127.0.0.1:${workers.WORKER_METRICS_PORT}/readyz`);
    for (const name of ['postgres', 'engine', 'redis', 'registries', 'workers', 'api'])
      expect(services[name].healthcheck).toBeDefined();
  });

  it('gives each service exactly its own secrets, and mounts no credentials folder', () => {
    const secretsIn = (name: string) =>
      [...Object.values(services[name].environment ?? {}), ...((services[name].command as string[] | undefined) ?? [])]
        .map(String)
        .filter((v) => v.startsWith(SECRETS))
        .map((v) => v.slice(SECRETS.length))
        .sort();
    for (const name of Object.keys(services)) {
      expect({ name, given: [...secretsOf(name)].sort() }).toEqual({ name, given: secretsIn(name) });
      expect({
        name,
        volumes: (services[name].volumes ?? []).filter((v: string) => v.includes('credentials')),
      }).toEqual({
        name,
        volumes: [],
      });
    }
    expect(secretsOf('api').sort()).toEqual([
      'api-engine-password',
      'applicant-key-secret',
      // Portal accounts are set by signing a challenge with the person's EDS (condition 1).
      'eds-ca-cert',
      'eds-crl',
      'provider-certs',
      'redis-api-password',
      'service-centres',
    ]);
    expect(secretsOf('workers').sort()).toEqual([
      'applicant-key-secret',
      'eds-ca-cert',
      'eds-crl',
      'provider-certs',
      'provider-keys',
      'redis-workers-password',
      'state-gateway-token',
      'worker-engine-password',
    ]);
    expect(secretsOf('registries')).toEqual(['state-gateway-token']);
    expect(secretsOf('deploy')).toEqual(['engine-passwords']);
    expect(secretsOf('redis')).toEqual(['redis-users-acl']);
    // The development CA's key and the operators' raw keys are no service's.
    const files = Object.keys(compose.secrets).map(secretFile);
    expect(files).not.toContain(join(credentialsDir, 'eds-ca.key'));
    expect(files).not.toContain(join(credentialsDir, 'operator-keys.json'));
    for (const file of files) expect({ file, exists: existsSync(file) }).toEqual({ file, exists: true });
    // What each reads from them is what the code needs: the API publishes each district's certificate, never
    // holds a key; the workers have every district's signer (§14).
    const api = loadConfig(envOf('api'));
    for (const district of DISTRICT_IDS) {
      expect(api.providerSigners?.[district].certificatePem).toContain('BEGIN CERTIFICATE');
      expect(api.providerSigners?.[district].privateKeyPem).toBeUndefined();
    }
    expect(() => requireProviderSigners(api)).toThrow(ConfigError);
    const workers = requireProviderSigners(loadConfig(envOf('workers')));
    for (const district of DISTRICT_IDS) expect(workers[district].privateKeyPem).toContain('PRIVATE KEY');
  });

  it('runs Redis with an ACL user per service, each service logging in as its own with its own password', () => {
    const command = services.redis.command as string[];
    expect(command[command.indexOf('--aclfile') + 1]).toBe(`${SECRETS}redis-users-acl`);
    expect(readFileSync(secretFile('redis-users-acl'), 'utf8')).toBe(
      readFileSync(join(credentialsDir, 'redis-users.acl'), 'utf8'),
    );
    const users = ['api', 'workers'].map((name) => {
      const config = loadConfig(envOf(name));
      const user = new URL(config.REDIS_URL).username;
      expect(REDIS_USERS).toContain(user);
      expect(config.REDIS_PASSWORD).toBe(readFileSync(join(credentialsDir, 'redis-passwords', user), 'utf8'));
      expect(new URL(config.REDIS_URL).password).toBe('');
      expect(config.REDIS_PREFIX).toBe('ha:');
      return user;
    });
    expect(new Set(users).size).toBe(2);
    expect(readFileSync(secretFile('redis-users-acl'), 'utf8')).toContain('~ha:*');
    // The health check asks as the default user, which may only PING.
    expect(services.redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it('requires the database password and the applicant key secret: no default anywhere', () => {
    expect(services.postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/);
    expect(services.engine.environment.DB_PASSWORD).toBe(services.postgres.environment.POSTGRES_PASSWORD);
    for (const name of ['api', 'workers']) {
      const config = loadConfig(envOf(name));
      expect(applicantKeySecret(config)).toBe(readFileSync(join(credentialsDir, 'applicant-key.secret'), 'utf8'));
    }
    expect(() => applicantKeySecret(loadConfig({ ...envOf('api'), APPLICANT_KEY_SECRET_FILE: undefined }))).toThrow(
      'APPLICANT_KEY_SECRET',
    );
  });

  it('runs compiled entry points that the Dockerfile builds from sources that exist', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8'));
    expect(dockerfile).toContain('npx tsc -p tsconfig.build.json');
    expect(dockerfile).toContain(`COPY --from=build /app/${build.compilerOptions.outDir} `);
    for (const name of appServices) {
      const command = services[name].command as string[];
      expect(command[0]).toBe('node');
      const script = command.filter((c) => c.endsWith('.js')).at(-1)!;
      const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect({ service: name, source, exists: existsSync(join(ROOT, source)) }).toEqual({
        service: name,
        source,
        exists: true,
      });
      const top = source.split('/')[0];
      expect(build.include).toContain(top);
      expect(dockerfile).toMatch(new RegExp(`COPY ${top} `));
    }
    for (const dir of ['bpmn', 'config']) expect(dockerfile).toContain(`COPY ${dir} `);
    // Dependencies from the repository (file:…) are in the image before npm ci in both stages.
    const local = Object.values(
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies as Record<string, string>,
    ).filter((v) => v.startsWith('file:'));
    for (const spec of local)
      expect(dockerfile.split(`COPY ${spec.slice('file:'.length).split('/')[0]} `).length - 1).toBe(2);
  });

  it('runs the worker daemon with the node flags its memory was measured with', () => {
    expect(services.workers.command).toEqual(['node', ...DAEMON_NODE_FLAGS, 'dist/src/cli/workers.js']);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))![1];
    expect(JSON.parse(cmd)).toEqual(['node', ...DAEMON_NODE_FLAGS, 'dist/src/cli/workers.js']);
  });

  it('pins every image to a version tag and restarts every long-running service', () => {
    for (const [name, service] of Object.entries<{ image?: string; restart?: string }>(services)) {
      if (service.image)
        expect({ name, image: service.image }).toEqual({
          name,
          image: expect.stringMatching(/:[\w-]*\d+\.\d+[\w.-]*$/),
        });
      expect({ name, restart: service.restart }).toEqual({
        name,
        restart: name === 'deploy' ? 'no' : 'unless-stopped',
      });
    }
    expect(services.prometheus.image).toMatch(/^prom\/prometheus:v2\.53\.\d+$/);
    expect(services.grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
  });

  it('has Prometheus scrape the engine, both worker replicas and the API on their real ports, with the tested alert rules', () => {
    const mounts = (name: string) =>
      Object.fromEntries(
        (services[name].volumes as string[])
          .filter((v) => v.startsWith('./'))
          .map((v) => [v.split(':')[1], v.split(':')[0]]),
      );
    const prometheus = mounts('prometheus');
    for (const file of Object.values(prometheus)) expect(existsSync(join(ROOT, file))).toBe(true);
    const config = YAML.parse(readFileSync(join(ROOT, prometheus['/etc/prometheus/prometheus.yml']), 'utf8'));
    expect(services.prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(config.rule_files.map((f: string) => prometheus[f])).toEqual(['./ops/alerts.yml']);
    const jobs = Object.fromEntries(
      (
        config.scrape_configs as Array<{
          job_name: string;
          static_configs?: Array<{ targets: string[] }>;
          dns_sd_configs: Array<{ names: string[]; port: number }>;
        }>
      ).map((c) => [
        c.job_name,
        c.static_configs?.[0].targets ??
          c.dns_sd_configs[0].names.map((n: string) => `${n}:${c.dns_sd_configs[0].port}`),
      ]),
    );
    const workers = loadConfig(envOf('workers'));
    const api = loadConfig(envOf('api'));
    const engine = new URL(api.CAMUNDA_URL);
    expect(jobs).toEqual({
      engine: [engine.host],
      workers: [`workers:${workers.WORKER_METRICS_PORT}`],
      api: [`api:${api.API_OPS_PORT}`],
    });
    // Prometheus reaches the operations ports over the compose network, which they listen on.
    expect(workers.OPS_HOST).toBe('0.0.0.0');
    expect(api.OPS_HOST).toBe('0.0.0.0');
    expect(services.workers.ports).toBeUndefined();
    const listen = /--web\.listen-address=:(\d+)/.exec((services.prometheus.command as string[]).join(' '))![1];
    expect(services.prometheus.ports).toEqual([`127.0.0.1:${listen}:${listen}`]);
  });

  it('provisions Grafana with the dashboard and the compose Prometheus as its data source, behind a required password', () => {
    const volumes = services.grafana.volumes as string[];
    const mount = (target: string) => volumes.find((v) => v.split(':')[1] === target)?.split(':')[0];
    const provisioning = mount('/etc/grafana/provisioning')!;
    const datasource = YAML.parse(readFileSync(join(ROOT, provisioning, 'datasources', 'prometheus.yml'), 'utf8'))
      .datasources[0];
    const listen = /--web\.listen-address=:(\d+)/.exec((services.prometheus.command as string[]).join(' '))![1];
    expect(datasource.url).toBe(`http://prometheus:${listen}`);
    const provider = YAML.parse(readFileSync(join(ROOT, provisioning, 'dashboards', 'housing-assistance.yml'), 'utf8'))
      .providers[0];
    const dashboardFile = mount(`${provider.options.path}/housing-assistance.json`)!;
    const dashboard = JSON.parse(readFileSync(join(ROOT, dashboardFile), 'utf8'));
    expect(dashboardFile).toBe('./ops/grafana/housing-assistance.json');
    const uids = new Set(
      (dashboard.panels as Array<{ datasource?: { uid: string } }>).flatMap((p) =>
        p.datasource ? [p.datasource.uid] : [],
      ),
    );
    expect([...uids]).toEqual([datasource.uid]);
    expect(services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?.+\}$/);
    expect(services.grafana.environment.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    for (const port of services.grafana.ports as string[]) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  it('.env.example names every variable the compose file requires', () => {
    const required = new Set(
      [...readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8').matchAll(/\$\{(\w+)(?::[?-])?/g)].map((m) => m[1]),
    );
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const named = new Set([...example.matchAll(/^(\w+)=/gm)].map((m) => m[1]));
    expect([...required].filter((v) => !named.has(v))).toEqual([]);
    expect(required.size).toBeGreaterThanOrEqual(4);
  });
});
