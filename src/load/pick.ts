// Picks the architecture a reference names out of a user file's exports, and says what was
// found instead when it is not one. Exports are user values: reading one may run user code (a
// getter, a Proxy), and what throws there is named as such; a hand-made architecture object is
// checked as defineArchitecture checks one.
import { basename } from 'node:path';
import { defineFamily, isArchitecture, type Architecture } from '../dsl/family.js';
import { architectureProblem } from '../dsl/family-check.js';
import { isModule, type Module } from '../dsl/module.js';
import { didYouMean, FlopscopeError, formatSite } from '../errors.js';
import { thrownText, userFrame } from './load-error.js';
import { toOriginal } from '../source/sourcemap.js';

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
    const kind = Object.hasOwn(value, 'kind') ? (value as { kind?: unknown }).kind : undefined;
    return kind === 'family' ? 'a family (export defineArchitecture({ family, ... }) instead)' : 'an object';
  }
  return `a ${typeof value}`;
}

/** Looks at an export; what user code throws while it is read is one line naming the export and where. */
function reading<T>(name: string, shownPath: string, look: () => T): T {
  try {
    return look();
  } catch (e) {
    if (e instanceof FlopscopeError) throw e;
    const frame = userFrame(e instanceof Error ? e.stack : undefined);
    const where = frame ? ` (${formatSite(toOriginal(frame))})` : '';
    throw new FlopscopeError('load', `export '${name}' of ${shownPath} threw ${thrownText(e)} when read${where}`);
  }
}

/** The architecture (or wrapped Module) under `value`, or undefined; a malformed architecture object is refused. */
export function asArchitecture(value: unknown, name: string, shownPath = name, exportKey = name): Architecture | undefined {
  return reading(exportKey, shownPath, () => {
    if (isArchitecture(value)) {
      const problem = architectureProblem(value as unknown as Record<string, unknown>);
      if (problem) throw new FlopscopeError('load', `export '${exportKey}' of ${shownPath} is a malformed architecture: ${problem}`);
      return value;
    }
    if (isModule(value)) return moduleArchitecture(name, value);
    return undefined;
  });
}

/** The names of a file's exports: its own keys (not `constructor` or `__proto__`, which every object has). */
function exportNames(exports: Record<string, unknown>): string[] {
  return Object.keys(exports).filter((k) => k !== '__esModule');
}

function architectureExports(exports: Record<string, unknown>, shownPath: string): string[] {
  return exportNames(exports).filter((k) => {
    try {
      return asArchitecture(exports[k], k, shownPath) !== undefined;
    } catch {
      return false; // listed as broken when it is the one asked for
    }
  });
}

export function pickArchitecture(exports: Record<string, unknown>, exportName: string | undefined, shownPath: string): Architecture {
  const names = exportNames(exports);
  const archNames = architectureExports(exports, shownPath).filter((k) => k !== 'default');
  const key = exportName ?? 'default';
  if (!names.includes(key) || exports[key] === undefined) {
    if (!exportName) {
      const hint = archNames.length ? `; name one: ${archNames.map((n) => `${shownPath}#${n}`).join(', ')}` : '; it exports no architecture';
      throw new FlopscopeError('load', `${shownPath} has no default export${hint}`);
    }
    const hint = didYouMean(exportName, names);
    throw new FlopscopeError('load', `${shownPath} has no export '${exportName}'; ${hint ? `${hint} ` : ''}its exports: ${names.join(', ') || 'none'}`);
  }
  const value = exports[key];
  const arch = asArchitecture(value, exportName ?? basename(shownPath).replace(/\.[^.]+$/, ''), shownPath, key);
  if (!arch) {
    const what = reading(key, shownPath, () => describeValue(value));
    throw new FlopscopeError('load', `export '${key}' of ${shownPath} is ${what}, not an architecture (export defineArchitecture(...) or a DSL module)${archNames.length ? `; architectures here: ${archNames.join(', ')}` : ''}`);
  }
  return arch;
}
