#!/usr/bin/env node
'use strict';
// The `baton` executable (the root package.json's "bin"): the compiled CLI, run directly. `npm run build` compiles it.
const { join } = require('node:path');

const main = join(__dirname, '..', '..', '..', 'dist', 'apps', 'cli', 'src', 'baton.main.js');
process.setSourceMapsEnabled(true);
try {
  require.resolve(main);
} catch {
  const root = join(__dirname, '..', '..', '..');
  console.error(`Baton is not compiled: ${main} is missing. Run "npm run build" in ${root}, then run baton again.`);
  process.exit(1);
}
require(main);
