// Turns a model reference from the command line into an architecture.
import type { Architecture } from '../dsl/family.js';
import { zooArchitecture } from '../zoo.js';

export async function resolveArchitecture(ref: string, _cwd: string): Promise<Architecture> {
  return zooArchitecture(ref);
}
