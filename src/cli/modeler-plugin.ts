import { buildModelerPlugin } from '../check/modeler-plugin.js';
import { command } from './lib/main.js';

command(
  'npm run modeler-plugin',
  "builds modeler-plugin/dist/client.js: the regulation's rules for Camunda Modeler. Copy the folder modeler-plugin/ into Modeler's resources/plugins/ and restart Modeler.",
).parse();
console.log(`built ${await buildModelerPlugin()}`);
