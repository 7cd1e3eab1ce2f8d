import { command, runMain } from './lib/main.js';
import { runWorkerDaemon } from '../runtime/daemon.js';
import { WORKERS } from '../../workers/all.js';

command(
  'npm run workers',
  'the worker daemon: every topic of bpmn/, settings from the environment (docs/operators.md, Configuration)',
).parse();
await runMain((config) => runWorkerDaemon(config, WORKERS));
