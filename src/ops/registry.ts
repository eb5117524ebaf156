import { FlopscopeError, nearestNames } from '../errors.js';
import type { OpDef } from './types.js';

const ops = new Map<string, OpDef<any>>();

/** Adds an op; a second definition under the same name is a programming error. */
export function registerOp<A>(def: OpDef<A>): OpDef<A> {
  if (ops.has(def.name)) throw new Error(`op '${def.name}' is registered twice`);
  ops.set(def.name, def);
  return def;
}

export function knownOps(): string[] {
  return [...ops.keys()].sort();
}

/** The op's definition; an unknown op is an error that names the layer and the known ops. */
export function getOp(name: string, layer?: string): OpDef<any> {
  const def = ops.get(name);
  if (def) return def;
  const near = nearestNames(name, knownOps());
  const hint = near.length ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}? ` : '';
  const where = layer !== undefined ? `layer '${layer}': ` : '';
  throw new FlopscopeError('unknown-op', `${where}unknown op '${name}'; ${hint}known ops: ${knownOps().join(', ')}`, layer);
}

