// A model reference on the command line or in a config: a zoo name (`resnet50`), a user file,
// optionally with an export name (`models/mynet.ts#tiny`), or an ONNX file (`build/model.onnx`).
import { isAbsolute, resolve } from 'node:path';

export interface FileRef {
  readonly kind: 'file';
  /** Absolute path of the file. */
  readonly file: string;
  /** The export to use; undefined means the default export. */
  readonly exportName?: string;
  /** The reference as written, for messages. */
  readonly text: string;
}

export interface ZooRef {
  readonly kind: 'zoo';
  readonly name: string;
}

const FILE_EXT = /\.(?:[cm]?ts|[cm]?js|tsx|onnx)$/i;

/** True when `path` names an ONNX file (read by the ONNX importer, not loaded as code). */
export function isOnnxFile(path: string): boolean {
  return /\.onnx$/i.test(path);
}

/** True when `ref` names a file rather than a built-in architecture. */
export function isFileRef(ref: string): boolean {
  const path = ref.split('#')[0];
  return ref.includes('#') || path.includes('/') || path.includes('\\') || FILE_EXT.test(path);
}

export function parseModelRef(ref: string, baseDir: string): FileRef | ZooRef {
  if (!isFileRef(ref)) return { kind: 'zoo', name: ref };
  const hash = ref.lastIndexOf('#');
  const path = hash >= 0 ? ref.slice(0, hash) : ref;
  const exportName = hash >= 0 ? ref.slice(hash + 1) : undefined;
  const file = isAbsolute(path) ? path : resolve(baseDir, path);
  return { kind: 'file', file, ...(exportName ? { exportName } : {}), text: ref };
}
