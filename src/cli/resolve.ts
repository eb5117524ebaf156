// Turns a model reference from the command line into an architecture: a zoo name or a user
// file (`models/mynet.ts#tiny`, or a file with a default export), relative to `cwd`. The loader
// for user files (jiti, source maps, ts-morph) is imported only when a file is named.
import type { Architecture } from '../dsl/family.js';
import { isFileRef } from '../load/ref.js';
import { lookupArchitecture } from '../zoo.js';

export async function resolveArchitecture(ref: string, cwd: string): Promise<Architecture> {
  if (!isFileRef(ref)) return lookupArchitecture(ref);
  const { loadArchitecture } = await import('../load/index.js');
  return loadArchitecture(ref, cwd);
}
