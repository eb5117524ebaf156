// Picks the architecture a reference names out of a user file's exports, and says what was
// found instead when it is not one.
import { basename } from 'node:path';
import { defineFamily, isArchitecture, type Architecture } from '../dsl/family.js';
import { isModule, type Module } from '../dsl/module.js';
import { didYouMean, FlopscopeError } from '../errors.js';

/** A bare Module export becomes an architecture with no options. */
export function moduleArchitecture(name: string, module: Module): Architecture {
  const family = defineFamily({ name, doc: `${name} (a module exported by a user file)`, options: {}, build: () => module });
  return { kind: 'architecture', name, description: family.doc, family, options: {}, input: '1x3x224x224' };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const kind = (value as { kind?: unknown }).kind;
    return kind === 'family' ? 'a family (export defineArchitecture({ family, ... }) instead)' : 'an object';
  }
  return `a ${typeof value}`;
}

/** The architecture (or wrapped Module) under `value`, or undefined. */
export function asArchitecture(value: unknown, name: string): Architecture | undefined {
  if (isArchitecture(value)) return value;
  if (isModule(value)) return moduleArchitecture(name, value);
  return undefined;
}

export function architectureExports(exports: Record<string, unknown>): string[] {
  return Object.keys(exports).filter((k) => asArchitecture(exports[k], k) !== undefined);
}

export function pickArchitecture(exports: Record<string, unknown>, exportName: string | undefined, shownPath: string): Architecture {
  const names = Object.keys(exports).filter((k) => k !== '__esModule');
  const archNames = architectureExports(exports).filter((k) => k !== 'default');
  const key = exportName ?? 'default';
  if (!(key in exports) || exports[key] === undefined) {
    if (!exportName) {
      const hint = archNames.length ? `; name one: ${archNames.map((n) => `${shownPath}#${n}`).join(', ')}` : '; it exports no architecture';
      throw new FlopscopeError('load', `${shownPath} has no default export${hint}`);
    }
    const hint = didYouMean(exportName, names);
    throw new FlopscopeError('load', `${shownPath} has no export '${exportName}'; ${hint ? `${hint} ` : ''}its exports: ${names.join(', ') || 'none'}`);
  }
  const arch = asArchitecture(exports[key], exportName ?? basename(shownPath).replace(/\.[^.]+$/, ''));
  if (!arch) {
    throw new FlopscopeError('load', `export '${key}' of ${shownPath} is ${describeValue(exports[key])}, not an architecture (export defineArchitecture(...) or a DSL module)${archNames.length ? `; architectures here: ${archNames.join(', ')}` : ''}`);
  }
  return arch;
}
