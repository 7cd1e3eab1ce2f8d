import { buildEngineIfStale, ENGINE_JAR } from '../stack/stack.js';

buildEngineIfStale();
console.log(`engine jar: ${ENGINE_JAR}`);
