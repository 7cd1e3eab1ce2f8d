import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { EngineError } from '../../engine/camunda.js';

/** Runs a command's main with the configuration, turning a bad setting into one clear line and exit 2. */
export async function runMain(main: (config: Config) => void | Promise<void>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  try {
    await main(config);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`configuration error: ${e.message}`);
      process.exit(2);
    }
    // The engine's 401 carries no text: say which setting it refused.
    if (e instanceof EngineError && e.status === 401) {
      console.error(`failed: ${e.message}the engine refused the login of CAMUNDA_USER / CAMUNDA_PASSWORD`);
      process.exit(1);
    }
    console.error(`failed: ${(e as Error).message}`);
    process.exit(1);
  }
}

/**
 * A command's line (commander): `--help` prints what it does and its options (exit 0); a bad argument
 * prints the problem and the help (exit 2, as for a bad setting).
 */
export function command(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .helpOption('-h, --help', 'what this command does, and its options')
    .showHelpAfterError()
    .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));
}
