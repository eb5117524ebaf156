// The cache of transformed user files (TypeScript made runnable by jiti), so a later run skips
// loading babel. What is cached is code that will run, so the cache must be this user's alone: a
// folder of the user's own (mode 0700: no other user can plant or read an entry), each entry
// keyed by a hash of the source, the transform options and the flopscope and jiti versions, and
// checked against the hash of its code before use (a truncated or edited entry is rebuilt). When no
// such folder can be had, flopscope runs without a cache: slower, never wrong.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheFolder, privateFolder } from '../cache-folder.js';
import { writeFileWhole } from '../files.js';
import { VERSION } from '../version.js';

const FORMAT = 'flopscope-transform/2';
const HEADER = /^\/\/ (flopscope-transform\/\d+) sha256=([0-9a-f]{64})\n/;

function sha256(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

export interface TransformCache {
  /** The cached code for `key`, or the result of `make()` (stored for next time). */
  get(key: string, make: () => string): string;
}

const NO_CACHE: TransformCache = { get: (_key, make) => make() };

/** The cache in `dir` (the user's cache folder by default); a no-op when no private folder can be had. */
export function transformCache(dir = cacheFolder()): TransformCache {
  const folder = dir === undefined ? undefined : privateFolder(dir);
  if (!folder) return NO_CACHE;
  return {
    get(key, make) {
      const file = join(folder, `${key}.js`);
      try {
        const text = readFileSync(file, 'utf8');
        const m = HEADER.exec(text);
        const code = m ? text.slice(m[0].length) : undefined;
        if (m && m[1] === FORMAT && code !== undefined && sha256(code) === m[2]) return code;
      } catch {
        // missing or unreadable: made below
      }
      const code = make();
      try {
        writeFileWhole({ file }, `// ${FORMAT} sha256=${sha256(code)}\n${code}`);
      } catch {
        // A full disk only costs the transform next time.
      }
      return code;
    },
  };
}

/** The key of a transform: the source, the options it ran with and the versions that made it. */
export function transformKey(source: string, options: unknown, jitiVersion: string): string {
  return sha256(FORMAT, VERSION, jitiVersion, JSON.stringify(options), source);
}
