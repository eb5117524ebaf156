// Parses an input shape such as 1x3x224x224 (concrete) or Nx3xHxW (symbolic).
import { FlopscopeError } from '../errors.js';
import { Poly } from './expr.js';
import { formatShape, isSymbolic, type Dim, type Shape } from './dim.js';
import { symbolProblem } from './symbols.js';

const HINT = 'expected NxCxHxW, e.g. 1x3x224x224 or Nx3xHxW (N, H, W may be symbols; C must be a number)';

export function parseInputShape(text: string): Shape {
  const parts = text.trim().split(/[x×,]/);
  if (parts.length !== 4) {
    throw new FlopscopeError('bad-input-shape', `invalid --input '${text}': ${parts.length} dimension(s); ${HINT}`);
  }
  const dims: Dim[] = parts.map((raw, i) => {
    const p = raw.trim();
    if (/^\d+$/.test(p)) {
      const v = Number(p);
      if (v < 1) throw new FlopscopeError('bad-input-shape', `invalid --input '${text}': dimension ${i + 1} is ${p}; sizes must be positive integers`);
      if (!Number.isSafeInteger(v)) {
        throw new FlopscopeError('bad-input-shape', `invalid --input '${text}': dimension ${i + 1} is ${p}, above ${Number.MAX_SAFE_INTEGER} (2^53 - 1), the largest size flopscope takes exactly`);
      }
      return v;
    }
    if (i !== 1 && /^[A-Za-z_$]/.test(p)) {
      const problem = symbolProblem(p);
      if (problem) throw new FlopscopeError('bad-input-shape', `invalid --input '${text}': ${problem}`);
      return Poly.symbol(p);
    }
    const why = i === 1 && /^[A-Za-z_]/.test(p) ? 'the channel count must be a number' : `'${p}' is not a positive integer or a symbol name`;
    throw new FlopscopeError('bad-input-shape', `invalid --input '${text}': ${why}; ${HINT}`);
  });
  return dims;
}

/** Refuses a symbolic input whose symbols are not plain, unreserved identifiers (a shape built in code, not parsed). */
export function checkInputSymbols(shape: Shape): void {
  for (const d of shape) {
    if (!isSymbolic(d)) continue;
    for (const name of d.symbols()) {
      const problem = symbolProblem(name);
      if (problem) throw new FlopscopeError('bad-input-shape', `invalid input ${formatShape(shape)}: ${problem}`);
    }
  }
}

/**
 * A concrete input like `shape` to suggest in messages: its sizes kept, a symbolic batch (the
 * first axis) 1 and any other symbolic size 224; one symbol gets one size wherever it appears.
 */
export function exampleInput(shape: Shape): string {
  const chosen = new Map<string, number>();
  return shape.map((d, i) => {
    if (!isSymbolic(d)) return String(d);
    const key = String(d);
    if (!chosen.has(key)) chosen.set(key, i === 0 ? 1 : 224);
    return String(chosen.get(key));
  }).join('x');
}
