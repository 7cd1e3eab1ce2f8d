import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../../config.js';
import { ADMIN_USER } from '../../domain/roles.js';
import { CamundaClient, EngineError } from '../../engine/camunda.js';
import { DEV_CREDENTIALS_DIR } from '../../paths.js';

/** Whose engine login a command needs (src/domain/roles.ts grants each what it does). */
export type CommandRole = 'operator' | 'analyst' | 'administrator';

const ROLE_NAME: Record<CommandRole, string> = {
  operator: "an operator's",
  analyst: "a process analyst's",
  administrator: "the engine administrator's",
};

export interface EngineLogin {
  user: string;
  password: string;
  /** Where it came from, for the message when the engine refuses it (never the password). */
  from: string;
}

/** The development user of a role: the first of config/people.yaml, or the administrator `npm start` makes. */
export function devUser(config: Pick<Config, 'people'>, role: CommandRole): string | undefined {
  if (role === 'administrator') return ADMIN_USER;
  return role === 'operator' ? config.people.operators[0] : config.people.analysts[0];
}

/** The engine-passwords folder a command reads when no login is set: ENGINE_PASSWORDS_DIR, else npm start's. */
export const devPasswordsDir = (config: Pick<Config, 'ENGINE_PASSWORDS_DIR'>) =>
  config.ENGINE_PASSWORDS_DIR ?? join(DEV_CREDENTIALS_DIR, 'engine-passwords');

/** What to set, in one line, for the command `name` acting as `role`. */
export function loginHint(name: string, role: CommandRole, user: string | undefined): string {
  return `${name} needs ${ROLE_NAME[role]} engine login${user ? ` (${user} in development)` : ''}: set CAMUNDA_USER and CAMUNDA_PASSWORD (or CAMUNDA_PASSWORD_FILE), or run npm start first, which writes the development logins`;
}

/**
 * The login a command uses: CAMUNDA_USER / CAMUNDA_PASSWORD when set, else the development login of its
 * role from the folder `npm start` writes (one password file per user). Neither: a ConfigError saying which.
 */
export function engineLogin(
  config: Pick<Config, 'CAMUNDA_USER' | 'CAMUNDA_PASSWORD' | 'ENGINE_PASSWORDS_DIR' | 'people'>,
  role: CommandRole,
  name: string,
): EngineLogin {
  if (config.CAMUNDA_USER && config.CAMUNDA_PASSWORD)
    return { user: config.CAMUNDA_USER, password: config.CAMUNDA_PASSWORD, from: 'CAMUNDA_USER' };
  // Half a login is a mistake to say, not a reason to act as the role's (perhaps more powerful) development user.
  if (config.CAMUNDA_USER || config.CAMUNDA_PASSWORD)
    throw new ConfigError(
      `${name}: ${config.CAMUNDA_USER ? 'CAMUNDA_USER is set without CAMUNDA_PASSWORD' : 'CAMUNDA_PASSWORD is set without CAMUNDA_USER'}; set both, or neither to use the development login of npm start`,
    );
  const user = devUser(config, role);
  const dir = devPasswordsDir(config);
  let password = '';
  if (user)
    try {
      password = readFileSync(join(dir, user), 'utf8').trim();
    } catch {
      /* none there: the hint below */
    }
  if (!user || !password) throw new ConfigError(`${loginHint(name, role, user)} (none in ${dir})`);
  return { user, password, from: join(dir, user) };
}

/**
 * A client of the engine as the command's login, checked once with an authenticated call: a refused login
 * or an engine that does not answer is one line (a ConfigError), never a bare 401 later.
 */
export async function engineFor(
  config: Config,
  role: CommandRole,
  name: string,
  timeoutMs?: number,
): Promise<{ engine: CamundaClient; login: EngineLogin }> {
  const login = engineLogin(config, role, name);
  const engine = new CamundaClient(config.CAMUNDA_URL, login, timeoutMs);
  try {
    await engine.version();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (e.status === 401)
      throw new ConfigError(
        `the engine at ${config.CAMUNDA_URL} refused the login of ${login.user} (from ${login.from}): a wrong password, or the user is locked after wrong ones (an administrator unlocks it). ${loginHint(name, role, devUser(config, role))}`,
      );
    if (e.unreachable)
      throw new ConfigError(
        `no engine answers at ${config.CAMUNDA_URL}: start it (npm start), or set CAMUNDA_URL to the one to use`,
      );
    throw e;
  }
  return { engine, login };
}
