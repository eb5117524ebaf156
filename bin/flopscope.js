#!/usr/bin/env node
// Runs the bundled CLI, one file (dist/ ships in the package; in a clone of the repository,
// `npm run build` makes it). V8 keeps the code it compiles between runs, so a cold start compiles
// little: Node's own compile cache where there is one (Node 22+), else a code cache file per
// command in flopscope's private cache folder (src/cache-folder.ts: never the shared temp folder,
// since cached code is code that runs).
import module, { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLE = fileURLToPath(new URL('../dist/cli/flopscope.js', import.meta.url));

/** The bundle run as CommonJS from V8's cached code (src/code-cache.ts), cached after a run without it. */
async function runCached(command) {
  const { compileCached, shortHash } = await import('../dist/src/code-cache.js');
  const source = readFileSync(BUNDLE, 'utf8');
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const cached = compileCached(BUNDLE, wrapped, `cli-${shortHash(command)}`);
  const cjs = { exports: {} };
  cached.script.runInThisContext()(cjs.exports, createRequire(BUNDLE), cjs, BUNDLE, dirname(BUNDLE));
  // main() ends the process itself, once the output is flushed: the code cache is saved just before.
  await cjs.exports.main({ beforeExit: () => cached.save() });
}

async function run() {
  try {
    statSync(BUNDLE);
  } catch {
    console.error('flopscope: the compiled CLI (dist/) is missing; run `npm run build` in the flopscope folder');
    process.exitCode = 2;
    return;
  }
  if (module.enableCompileCache) {
    const { privateCacheFolder } = await import('../dist/src/cache-folder.js');
    const dir = privateCacheFolder();
    if (dir) module.enableCompileCache(join(dir, 'node-compile-cache'));
    // Written at the end of the run (main() ends the process itself, past Node's own exit path).
    await createRequire(import.meta.url)(BUNDLE).main({ beforeExit: () => module.flushCompileCache?.() });
  } else {
    await runCached(process.argv[2] ?? '');
  }
}

await run();
