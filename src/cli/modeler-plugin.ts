import { buildModelerPlugin } from '../check/modeler-plugin.js';
import { commandLine } from '../runtime/main.js';

const USAGE = `usage: npm run modeler-plugin
  builds modeler-plugin/dist/client.js: the regulation's rules for Camunda Modeler. Copy the folder
  modeler-plugin/ into Modeler's resources/plugins/ and restart Modeler.`;

commandLine({}, USAGE);
console.log(`built ${await buildModelerPlugin()}`);
