#!/usr/bin/env node
// Runs the compiled CLI: dist/ ships in the package; in a clone of the repository, `npm run build` makes it.
import('../dist/src/cli/main.js').then((m) => m.main(), (e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('flopscope: the compiled CLI (dist/) is missing; run `npm run build` in the flopscope folder');
    process.exitCode = 2;
  } else throw e;
});
