/**
 * The registries stand-in in a process of its own for the bench: in the bench's process its ~10
 * answers per application would share the event loop with our in-process handlers (and not with the
 * bare ones), and land in our pickup latency.
 */
import { startRegistries } from '../../src/registries/service.js';
import { createLogger } from '../../src/platform/logger.js';

const { url } = await startRegistries({
  people: new Map(),
  control: true,
  enrolDir: process.env.REGISTRIES_ENROL_DIR,
  port: 0,
  log: createLogger('registries', 'silent'),
});
process.stdout.write(`${url}\n`);
