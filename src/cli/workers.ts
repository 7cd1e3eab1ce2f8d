import { runMain } from '../runtime/main.js';
import { runWorkerDaemon } from '../runtime/daemon.js';
import { WORKERS } from '../../workers/all.js';

await runMain((config) => runWorkerDaemon(config, WORKERS));
