// The architectures a folder of user files exports, and the ONNX models in it, for
// `flopscope list ./models`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FlopscopeError } from '../errors.js';
import { loadUserFile } from './index.js';
import { displayPath } from '../paths.js';
import { asArchitecture } from './pick.js';

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

export async function listFolder(dir: string, cwd: string): Promise<ListedArchitecture[]> {
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new FlopscopeError('load', `folder ${displayPath(dir, cwd)} not found`);
  }
  const out: ListedArchitecture[] = [];
  for (const file of sourceFiles(dir)) {
    const shown = displayPath(file, cwd);
    if (/\.onnx$/i.test(file)) {
      const { readOnnx, describeOnnx } = await import('../onnx/import/index.js');
      const model = await readOnnx(file, { cwd });
      out.push({ ref: shown, name: model.name, description: describeOnnx(model) });
      continue;
    }
    const exports = await loadUserFile(file, cwd);
    for (const [name, value] of Object.entries(exports)) {
      const arch = asArchitecture(value, name);
      if (!arch) continue;
      // A default export that is also a named one is listed once, under its name.
      if (name === 'default' && Object.entries(exports).some(([n, v]) => n !== 'default' && v === value)) continue;
      out.push({ ref: name === 'default' ? shown : `${shown}#${name}`, name: arch.name, description: arch.description });
    }
  }
  return out;
}
