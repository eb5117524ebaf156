// Parses an input shape such as 1x3x224x224 (concrete) or Nx3xHxW (symbolic).
import { FlopscopeError } from '../errors.js';
import { Poly } from './expr.js';
import type { Dim, Shape } from './dim.js';

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
      if (v < 1 || !Number.isSafeInteger(v)) throw new FlopscopeError('bad-input-shape', `invalid --input '${text}': dimension ${i + 1} is ${p}; sizes must be positive integers`);
      return v;
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p) && i !== 1) return Poly.symbol(p);
    const why = i === 1 && /^[A-Za-z_]/.test(p) ? 'the channel count must be a number' : `'${p}' is not a positive integer or a symbol name`;
    throw new FlopscopeError('bad-input-shape', `invalid --input '${text}': ${why}; ${HINT}`);
  });
  return dims;
}
