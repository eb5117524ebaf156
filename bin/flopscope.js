#!/usr/bin/env node
// Runs the compiled CLI (npm install builds it through the `prepare` script).
import('../dist/src/cli/main.js').then((m) => m.main(), (e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('flopscope: the compiled CLI is missing; run `npm install` (or `npm run build`) in the flopscope folder');
    process.exitCode = 2;
  } else throw e;
});
