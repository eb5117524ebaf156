// Loads a user's TypeScript (or JavaScript) file at run time with jiti, without a build step.
// jiti imports 'flopscope' natively, so the user's DSL calls build the same objects (and obey the
// same site-capture switch) as the running CLI. jiti is loaded only when a file is referenced.
import type { Jiti } from 'jiti';
import { rememberTransformed } from './transformed.js';

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
        const code = plain.transform(opts);
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
