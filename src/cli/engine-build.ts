import { buildEngineIfStale, ENGINE_JAR } from './stack.js';

buildEngineIfStale();
console.log(`engine jar: ${ENGINE_JAR}`);
