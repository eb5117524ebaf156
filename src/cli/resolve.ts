// Turns a model reference from the command line into an architecture: a zoo name or a user
// file (`models/mynet.ts#tiny`, or a file with a default export), relative to `cwd`.
import type { Architecture } from '../dsl/family.js';
import { loadArchitecture } from '../load/index.js';

export async function resolveArchitecture(ref: string, cwd: string): Promise<Architecture> {
  return loadArchitecture(ref, cwd);
}
