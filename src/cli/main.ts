import { ConfigError, loadConfig, type Config } from '../config.js';

/** Runs a command's main with the configuration, turning a bad setting into one clear line and exit 2. */
export async function runMain(main: (config: Config) => Promise<void>): Promise<void> {
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
    console.error(`failed: ${(e as Error).message}`);
    process.exit(1);
  }
}
