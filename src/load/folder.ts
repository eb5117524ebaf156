// The architectures a folder of user files exports, and the ONNX models in it, for
// `flopscope list ./models`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FlopscopeError } from '../errors.js';
import { loadUserFile } from './index.js';
import { displayPath } from '../paths.js';
import { asArchitecture } from './pick.js';
import { isOnnxFile } from './ref.js';

export interface ListedArchitecture {
  /** What to pass to a command: `models/mynet.ts#tiny`. */
  readonly ref: string;
  readonly name: string;
  readonly description: string;
}

const ARCH_FILE = /\.(?:[cm]?ts|[cm]?js|onnx)$/i;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (ARCH_FILE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name) && !/\.(test|spec)\./.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * The architectures under `dir`. A file that cannot be loaded, or an export that is a malformed
 * architecture, is handed to `broken` (one error each) and the others are listed all the same.
 */
export async function listFolder(dir: string, cwd: string, broken: (e: FlopscopeError) => void = (e) => { throw e; }): Promise<ListedArchitecture[]> {
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new FlopscopeError('load', `folder ${displayPath(dir, cwd)} not found`);
  }
  const out: ListedArchitecture[] = [];
  for (const file of sourceFiles(dir)) {
    try {
      out.push(...(await listFile(file, cwd)));
    } catch (e) {
      if (!(e instanceof FlopscopeError)) throw e;
      broken(e);
    }
  }
  return out;
}

/** The architectures one file exports (an ONNX file: its model). */
async function listFile(file: string, cwd: string): Promise<ListedArchitecture[]> {
  const shown = displayPath(file, cwd);
  if (isOnnxFile(file)) {
    const { readOnnx, describeOnnx } = await import('../onnx/import/index.js');
    const model = await readOnnx(file, { cwd });
    return [{ ref: shown, name: model.name, description: describeOnnx(model) }];
  }
  const out: ListedArchitecture[] = [];
  const exports = await loadUserFile(file, cwd);
  for (const [name, value] of Object.entries(exports)) {
    const arch = asArchitecture(value, name, shown);
    if (!arch) continue;
    // A default export that is also a named one is listed once, under its name.
    if (name === 'default' && Object.entries(exports).some(([n, v]) => n !== 'default' && v === value)) continue;
    out.push({ ref: name === 'default' ? shown : `${shown}#${name}`, name: arch.name, description: arch.description });
  }
  return out;
}
