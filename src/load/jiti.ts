// Loads a user's TypeScript (or JavaScript) file at run time with jiti, without a build step.
// jiti imports 'flopscope' natively, so the user's DSL calls build the same objects (and obey the
// same site-capture switch) as the running CLI. jiti is loaded only when a file is referenced.
import { createRequire } from 'node:module';
import type { Jiti } from 'jiti';
import { rememberTransformed } from '../source/transformed.js';
import { transformCache, transformKey } from './transform-cache.js';

// Transformed code is cached on disk (transform-cache.ts; jiti's own fs cache would hide the
// transformed text from us): a later run skips loading babel altogether.
const JITI_VERSION = (createRequire(import.meta.url)('jiti/package.json') as { version: string }).version;

let instance: Promise<Jiti> | undefined;

async function jiti(): Promise<Jiti> {
  instance ??= (async () => {
    const { createJiti } = await import('jiti');
    const cache = transformCache();
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
        const { source, ...rest } = opts;
        const code = cache.get(transformKey(source, rest, JITI_VERSION), () => plain.transform(opts));
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
