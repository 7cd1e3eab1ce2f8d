// Cockpit's configuration, in place of the webjar's default (which sets nothing): our plugin, the
// regulation's deadlines on an application's and a process definition's pages (src/cockpit/plugin.ts,
// bundled into housing-deadlines/ by npm run engine:build).
export default {
  customScripts: ['housing-deadlines/plugin.js'],
};
