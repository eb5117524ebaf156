// Turns a model reference from the command line into an architecture: a zoo name, a user file
// (`models/mynet.ts#tiny`, or a file with a default export) or an ONNX file, relative to `cwd`.
// The loader for files (jiti, source maps, ts-morph, protobufjs) is imported only when one is named.
import type { Architecture } from '../dsl/family.js';
import type { LoadOptions } from '../load/index.js';
import { isFileRef } from '../load/ref.js';
import { lookupArchitecture } from '../zoo.js';

export async function resolveArchitecture(ref: string, cwd: string, options: LoadOptions = {}): Promise<Architecture> {
  if (!isFileRef(ref)) return lookupArchitecture(ref);
  const { loadArchitecture } = await import('../load/index.js');
  return loadArchitecture(ref, cwd, cwd, options);
}
