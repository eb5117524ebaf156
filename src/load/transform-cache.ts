// The cache of transformed user files (TypeScript made runnable by jiti), so a later run skips
// loading babel. It is code that will run: text-cache.ts keeps it in a folder of the user's own
// and checks each entry's hash before use.
import { sha256, textCache, type TextCache } from '../text-cache.js';
import { VERSION } from '../version.js';

const FORMAT = 'flopscope-transform/2';

/** The cache in `dir` (the user's cache folder by default); a no-op when no private folder can be had. */
export function transformCache(dir?: string): TextCache {
  return textCache(FORMAT, '.js', dir);
}

/** The key of a transform: the source, the options it ran with and the versions that made it. */
export function transformKey(source: string, options: unknown, jitiVersion: string): string {
  return sha256(FORMAT, VERSION, jitiVersion, JSON.stringify(options), source);
}
