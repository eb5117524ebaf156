// User code that adds or changes a property of a built-in prototype changes every object
// flopscope makes: `Object.prototype.kind = 'seq'` makes every plain object look like a module.
// While user code runs (loading a file, building it), such a change is watched for; found, it is
// undone and refused with one line naming what was changed.
import { FlopscopeError } from '../errors.js';

const WATCHED: ReadonlyArray<readonly [object, string]> = [
  [Object.prototype, 'Object.prototype'],
  [Array.prototype, 'Array.prototype'],
  [Function.prototype, 'Function.prototype'],
];

type Snapshot = ReadonlyArray<ReadonlyMap<PropertyKey, PropertyDescriptor>>;

function snapshot(): Snapshot {
  return WATCHED.map(([proto]) => new Map(Reflect.ownKeys(proto).map((k) => [k, Reflect.getOwnPropertyDescriptor(proto, k)!])));
}

const same = (a: PropertyDescriptor, b: PropertyDescriptor): boolean =>
  Object.is(a.value, b.value) && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;

/** The properties changed since `before`, each put back as it was (as far as it can be). */
function restore(before: Snapshot): string[] {
  const changed: string[] = [];
  WATCHED.forEach(([proto, name], i) => {
    const was = before[i];
    for (const key of Reflect.ownKeys(proto)) {
      const now = Reflect.getOwnPropertyDescriptor(proto, key)!;
      const old = was.get(key);
      if (old && same(old, now)) continue;
      changed.push(`${name}.${String(key)}`);
      if (old) Reflect.defineProperty(proto, key, old);
      else Reflect.deleteProperty(proto, key);
    }
    for (const [key, old] of was) {
      if (Reflect.getOwnPropertyDescriptor(proto, key)) continue;
      changed.push(`${name}.${String(key)}`);
      Reflect.defineProperty(proto, key, old);
    }
  });
  return changed;
}

function refusal(changed: readonly string[], who: string): FlopscopeError {
  const shown = changed.length > 4 ? `${changed.slice(0, 4).join(', ')} and ${changed.length - 4} more` : changed.join(', ');
  return new FlopscopeError('user-code', `${who} changed ${shown}, which every object flopscope makes inherits; flopscope undid it (keep such values on your own objects)`);
}

/** Puts the built-in prototypes back as they were `before` user code ran; a change is refused, naming `who`. */
function settle(before: ReturnType<typeof snapshot>, who: () => string): void {
  const changed = restore(before);
  if (changed.length) throw refusal(changed, who());
}

/** Runs `run` (user code); a change it makes to a built-in prototype is undone and refused. `who` names the code for the message. */
export function watchingPrototypes<T>(run: () => T, who: () => string): T {
  const before = snapshot();
  let result: T;
  try {
    result = run();
  } catch (e) {
    // The throw is the news; a prototype it changed on the way is put back all the same.
    restore(before);
    throw e;
  }
  settle(before, who);
  return result;
}

/** The same for code that returns a promise: watched until it settles. */
export async function watchingPrototypesAsync<T>(run: () => Promise<T>, who: () => string): Promise<T> {
  const before = snapshot();
  let result: T;
  try {
    result = await run();
  } catch (e) {
    restore(before);
    throw e;
  }
  settle(before, who);
  return result;
}
