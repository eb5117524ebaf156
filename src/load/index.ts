// Turns a model reference into an architecture: a zoo name, or a user file loaded at run time
// (`models/mynet.ts#tiny`, or the file's default export).
import { statSync } from 'node:fs';
import type { Architecture } from '../dsl/family.js';
import { FlopscopeError } from '../errors.js';
import { locateError } from '../source/locate.js';
import { lookupArchitecture } from '../zoo.js';
import { withSites } from './adopt.js';
import { withSiteCaptureAsync } from './capture.js';
import { importUserFile } from './jiti.js';
import { displayPath } from '../paths.js';
import { asFlopscopeError, loadFailure, strayFailure, syntaxError } from './load-error.js';
import { catchingStrays, StrayError } from './strays.js';
import { pickArchitecture } from './pick.js';
import { watchingPrototypesAsync } from './prototypes.js';
import { rememberUserFile } from '../source/transformed.js';
import { isOnnxFile, parseModelRef } from './ref.js';

export { isFileRef, parseModelRef, type FileRef, type ZooRef } from './ref.js';

// One evaluation per file version: several budgets may name the same file.
const loaded = new Map<string, { version: string; exports: Promise<Record<string, unknown>> }>();

/** The exports of a user file; errors name file:line and exit 2. */
export async function loadUserFile(file: string, cwd: string): Promise<Record<string, unknown>> {
  let version: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    version = `${st.mtimeMs}:${st.size}`;
  } catch {
    throw new FlopscopeError('load', `model file ${displayPath(file, cwd)} not found`);
  }
  const hit = loaded.get(file);
  if (hit?.version === version) return hit.exports;
  rememberUserFile(file);
  const exports = catchingStrays(() => watchingPrototypesAsync(() => withSiteCaptureAsync(async () => {
    const namespace = await importUserFile(file);
    // A zero-delay timer or a rejected promise the file left behind settles now, while it loads,
    // so that what it throws fails the load, before anything is printed or written.
    await new Promise((r) => setTimeout(r, 0));
    return namespace;
  }), () => `loading ${displayPath(file, cwd)}`)).catch((e: unknown) => {
    if (e instanceof StrayError) throw strayFailure(e.error, file, cwd);
    const ours = asFlopscopeError(e);
    if (ours) throw locateError(ours, true);
    throw syntaxError(e, cwd) ?? loadFailure(e, file, cwd);
  });
  loaded.set(file, { version, exports });
  exports.catch(() => loaded.delete(file));
  return exports;
}

export interface LoadOptions {
  /** ONNX files: list ops outside the catalogue as not counted instead of failing. */
  readonly allowUnknown?: boolean;
  /** ONNX files: what the error for an op outside the catalogue suggests (default: --allow-unknown). */
  readonly unknownRemedy?: string;
}

/** `baseDir` resolves relative paths (the config's folder for a budget); `cwd` is for messages. */
export async function loadArchitecture(ref: string, baseDir: string, cwd = baseDir, options: LoadOptions = {}): Promise<Architecture> {
  const parsed = parseModelRef(ref, baseDir);
  if (parsed.kind === 'zoo') return lookupArchitecture(parsed.name);
  if (isOnnxFile(parsed.file)) {
    if (parsed.exportName) throw new FlopscopeError('load', `${ref}: an ONNX file has one model; drop '#${parsed.exportName}'`);
    const { onnxArchitecture } = await import('../onnx/import/index.js');
    return onnxArchitecture(parsed.file, cwd, options);
  }
  const exports = await loadUserFile(parsed.file, cwd);
  return withSites(pickArchitecture(exports, parsed.exportName, displayPath(parsed.file, cwd)));
}
