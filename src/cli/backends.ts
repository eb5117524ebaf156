// The backends a run uses. Named with --backend, each must load (else one line, exit 2). Left to
// the default, a backend that is not installed (onnxruntime-node is optional, and npm drops it
// when its install script cannot run) is left out with one note saying how to add it, and the
// reference backend, which is always there, runs instead.
import { FlopscopeError } from '../errors.js';
import { loadBackend } from '../exec/backends.js';
import type { CliIO } from './io.js';

export async function usableBackends(names: readonly string[], named: boolean, io: CliIO): Promise<string[]> {
  const usable: string[] = [];
  for (const name of names) {
    try {
      await loadBackend(name);
      usable.push(name);
    } catch (e) {
      if (named || !(e instanceof FlopscopeError) || e.code !== 'backend') throw e;
      io.stderr.write(`flopscope: note: ${e.message.replace(/,? or use --backend reference$/, '')}; running the ${names.filter((n) => n !== name).join(', ') || 'reference'} backend without it\n`);
    }
  }
  if (!usable.length) {
    await loadBackend('reference');
    usable.push('reference');
  }
  return usable;
}
