import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';

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
    console.error(`failed: ${(e as Error).message}`);
    process.exit(1);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** A command's arguments: `--help` prints `usage` (exit 0), a bad argument its message and `usage` (exit 2). */
export function commandLine<O extends Options>(options: O, usage: string) {
  type Config = { allowPositionals: true; strict: true; options: O & typeof HELP };
  let args: ReturnType<typeof parseArgs<Config>>;
  try {
    args = parseArgs<Config>({ allowPositionals: true, strict: true, options: { ...options, ...HELP } });
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  if ((args.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return args;
}
