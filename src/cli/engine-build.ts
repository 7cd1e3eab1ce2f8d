import { command } from './lib/main.js';
import { buildEngineIfStale, ENGINE_JAR } from '../stack/stack.js';

command(
  'npm run engine:build',
  "builds the engine (engine/, Maven) when its sources are newer than its jar, with the Cockpit plugin of the regulation's deadlines (src/cockpit/) generated into its resources first",
).parse();
buildEngineIfStale();
console.log(`engine jar: ${ENGINE_JAR}`);
