#!/usr/bin/env node
// Runs the bundled CLI, one file (npm install builds it through the `prepare` script). V8 keeps
// the code it compiles between runs, so a cold start compiles little: Node's own compile cache
// where there is one (Node 22+), else a code cache file per command in the temp folder.
import module, { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const BUNDLE = fileURLToPath(new URL('../dist/cli/flopscope.js', import.meta.url));

/** A short hash of a string, to tell installs apart in the cache file name. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** The bundle run as CommonJS from a V8 code cache; the cache is (re)written after a run without one. */
async function runCached(command) {
  const source = readFileSync(BUNDLE, 'utf8');
  const { size, mtimeMs } = statSync(BUNDLE);
  const dir = join(tmpdir(), 'flopscope-code-cache');
  const file = join(dir, `${hash(BUNDLE)}-${size}-${Math.round(mtimeMs)}-${process.version}-${hash(command)}.bin`);
  let cachedData;
  try {
    cachedData = readFileSync(file);
  } catch {
    // No cache yet: compiled from source, cached after the run.
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: BUNDLE, cachedData });
  const cjs = { exports: {} };
  script.runInThisContext()(cjs.exports, createRequire(BUNDLE), cjs, BUNDLE, dirname(BUNDLE));
  await cjs.exports.main();
  if (cachedData === undefined || script.cachedDataRejected) {
    try {
      mkdirSync(dir, { recursive: true });
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, file);
    } catch {
      // A read-only temp folder only costs the compilation next time.
    }
  }
}

async function run() {
  try {
    statSync(BUNDLE);
  } catch {
    console.error('flopscope: the compiled CLI is missing; run `npm install` (or `npm run build`) in the flopscope folder');
    process.exitCode = 2;
    return;
  }
  if (module.enableCompileCache) {
    module.enableCompileCache();
    await createRequire(import.meta.url)(BUNDLE).main();
  } else {
    await runCached(process.argv[2] ?? '');
  }
}

await run();
