// flopscope's version, read from its package.json (found upward from this file, whether it runs
// from src/ or from the compiled dist/src/): one number for --version, ONNX files and cache keys.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'flopscope' && pkg.version) return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
