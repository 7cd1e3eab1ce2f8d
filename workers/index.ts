import { runMain } from '../src/cli/main.js';
import { runWorkerDaemon } from '../src/runtime/daemon.js';
import { WORKERS } from './all.js';

await runMain((config) => runWorkerDaemon(config, WORKERS));
