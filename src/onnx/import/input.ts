// The input shape of an imported model: the file's own (dim_params become symbols), or --input
// binding them. A dimension the file leaves unknown needs --input.
import { FlopscopeError } from '../../errors.js';
import { formatShape, isSymbolic, type Dim, type Shape } from '../../shape/dim.js';
import { Poly } from '../../shape/expr.js';
import { exampleInput } from '../../shape/input.js';
import { symbolProblem } from '../../shape/symbols.js';
import type { DeclaredDim, ParsedModel } from './model.js';

/** A dim_param as an identifier formulas can print: other characters become '_', and a name that does not start with a letter gets `dim_` in front. */
export function symbolName(param: string): string {
  const s = param.trim().replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(s) ? s : `dim_${s}`;
}

/**
 * The symbol of each of the file's named dimensions. A name that cannot be a symbol (one mathjs or
 * every JavaScript object already means something by: floor, constructor) is the file's to fix, or
 * --input's to bind: refused naming the dimension. Two names that read alike get distinct symbols.
 */
function fileSymbols(model: ParsedModel, dims: readonly DeclaredDim[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  dims.forEach((d, i) => {
    if (typeof d !== 'string' || out.has(d)) return;
    let name = symbolName(d);
    const problem = symbolProblem(name);
    if (problem) {
      const example = exampleInput(dims.map((x) => (typeof x === 'number' ? x : Poly.symbol(`D${dims.indexOf(x)}`))));
      throw new FlopscopeError('bad-input-shape', `${model.source.shown}: input '${model.input.name}' names dimension ${i + 1} '${d}', which cannot be a symbol: ${problem.split('; ')[0].replace(/^symbol /, '')}; give the sizes with --input, e.g. --input ${example}`);
    }
    for (let k = 2; taken.has(name); k++) name = `${symbolName(d)}_${k}`;
    taken.add(name);
    out.set(d, name);
  });
  return out;
}

function formatDeclared(dims: readonly DeclaredDim[]): string {
  return dims.map((d) => (d === undefined ? '?' : String(d))).join('x');
}

/** Parses `1x3x224x224` or `Nx3xHxW` of any rank. */
export function parseShapeText(text: string, what: string): Shape {
  const parts = text.trim().split(/[x×,]/).map((p) => p.trim());
  return parts.map((p, i) => {
    if (/^\d+$/.test(p) && Number(p) >= 1 && Number.isSafeInteger(Number(p))) return Number(p);
    if (/^[A-Za-z_]/.test(p)) {
      const problem = symbolProblem(p);
      if (problem) throw new FlopscopeError('bad-input-shape', `invalid --input '${text}' for ${what}: ${problem}`);
      return Poly.symbol(p);
    }
    throw new FlopscopeError('bad-input-shape', `invalid --input '${text}' for ${what}: dimension ${i + 1} is '${p}'; sizes are positive integers or symbol names, e.g. 1x3x224x224 or Nx3xHxW`);
  });
}

export interface BoundInput {
  readonly shape: Shape;
  /** What the binding changed, for the report. */
  readonly notes: readonly string[];
}

export function bindInput(model: ParsedModel, input: string | Shape | undefined): BoundInput {
  const { name, dims } = model.input;
  const what = `${model.name} (input '${name}'${dims ? ` ${formatDeclared(dims)}` : ''})`;
  if (input === undefined) {
    if (!dims) throw new FlopscopeError('bad-input-shape', `input '${name}' of ${model.name} has no shape; give one with --input, e.g. --input 1x3x224x224`);
    const unknown = dims.map((d, i) => (d === undefined ? i + 1 : 0)).filter(Boolean);
    if (unknown.length) throw new FlopscopeError('bad-input-shape', `input '${name}' of ${model.name} is ${formatDeclared(dims)}: dimension ${unknown.join(', ')} has no size or name; give the shape with --input`);
    const symbols = fileSymbols(model, dims);
    return { shape: dims.map((d) => (typeof d === 'number' ? d : Poly.symbol(symbols.get(d as string)!))), notes: [] };
  }
  const given = typeof input === 'string' ? parseShapeText(input, what) : input;
  if (dims && given.length !== dims.length) {
    throw new FlopscopeError('bad-input-shape', `--input ${formatShape(given)} has ${given.length} dimensions but ${what} has ${dims.length}`);
  }
  const bound = new Map<string, Dim>();
  const changed: number[] = [];
  given.forEach((g, i) => {
    const d = dims?.[i];
    if (typeof d === 'string') {
      const prior = bound.get(d);
      if (prior !== undefined && String(prior) !== String(g)) {
        throw new FlopscopeError('bad-input-shape', `--input ${formatShape(given)} gives the file's dimension '${d}' two sizes (${String(prior)} and ${String(g)})`);
      }
      bound.set(d, g);
    } else if (typeof d === 'number' && (isSymbolic(g) || Number(g) !== d)) changed.push(i);
  });
  const notes = changed.length && dims
    ? [`input ${formatShape(given)} replaces the fixed size${changed.length > 1 ? 's' : ''} of the file's input ${formatDeclared(dims)}; shape constants the exporter baked in stay as they are`]
    : [];
  return { shape: given, notes };
}
