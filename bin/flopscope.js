#!/usr/bin/env node
// Runs the bundled CLI, one file (npm install builds it through the `prepare` script).
import module from 'node:module';

// Node 22+ keeps compiled code between runs; older versions do without.
module.enableCompileCache?.();
import('../dist/cli/flopscope.js').then((m) => m.main(), (e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/cli/flopscope.js')) {
    console.error('flopscope: the compiled CLI is missing; run `npm install` (or `npm run build`) in the flopscope folder');
    process.exitCode = 2;
  } else throw e;
});
