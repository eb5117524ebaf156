// Loads a user's TypeScript (or JavaScript) file at run time with jiti, without a build step.
// jiti imports 'flopscope' natively, so the user's DSL calls build the same objects (and obey the
// same site-capture switch) as the running CLI. jiti is loaded only when a file is referenced.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Jiti, TransformOptions } from 'jiti';
import { rememberTransformed } from '../source/transformed.js';

// Transformed code is cached on disk by the hash of the source and the options (jiti's own fs
// cache would hide the transformed text from us): a later run skips loading babel altogether.
const CACHE_DIR = join(tmpdir(), 'flopscope-transform-cache');
const CACHE_VERSION = 'flopscope-jiti-1';

function cached(opts: TransformOptions, transform: (opts: TransformOptions) => string): string {
  const { source, ...rest } = opts;
  const key = createHash('sha256').update(CACHE_VERSION).update(JSON.stringify(rest)).update('\0').update(source).digest('hex');
  const file = join(CACHE_DIR, `${key}.js`);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const code = transform(opts);
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      writeFileSync(file, code);
    } catch {
      // A read-only temp folder only costs the transform next time.
    }
    return code;
  }
}

let instance: Promise<Jiti> | undefined;

async function jiti(): Promise<Jiti> {
  instance ??= (async () => {
    const { createJiti } = await import('jiti');
    // A second instance does the standard transform; ours records its output per user file.
    const plain = createJiti(import.meta.url, { fsCache: false, moduleCache: false, sourceMaps: true, interopDefault: false });
    return createJiti(import.meta.url, {
      // Every load re-reads the file (a test or watcher may have changed it) and keeps the
      // transformed text, which the fs cache would skip.
      fsCache: false,
      moduleCache: false,
      sourceMaps: true,
      // Keep the module namespace as it is: the default export must not leak into named ones.
      interopDefault: false,
      transform: (opts) => {
        const code = cached(opts, (o) => plain.transform(o));
        if (opts.filename && !opts.filename.includes('/node_modules/')) rememberTransformed(opts.filename, code);
        return { code };
      },
    });
  })();
  return instance;
}

/** The module namespace of `file` (an absolute path). */
export async function importUserFile(file: string): Promise<Record<string, unknown>> {
  const loader = await jiti();
  return (await loader.import(file)) as Record<string, unknown>;
}
