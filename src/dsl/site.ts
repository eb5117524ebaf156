import { FlopscopeError, formatSite, type ErrorCode, type SourceSite } from '../errors.js';

// Recording where each DSL call stands costs a stack capture per layer, so it is off for the
// built-in zoo and switched on when a user architecture file is loaded. The switch lives on
// globalThis: a user file may import a second copy of flopscope (the compiled package while the
// CLI runs from its sources, as under vitest), and every copy must obey the same switch.
interface CaptureState {
  on: boolean;
  filter: (file: string) => boolean;
}
const STATE_KEY = Symbol.for('flopscope.captureSites');
const state: CaptureState = ((globalThis as Record<symbol, CaptureState | undefined>)[STATE_KEY] ??= { on: false, filter: () => true });

export function captureSites(on: boolean, filter?: (file: string) => boolean): void {
  state.on = on;
  state.filter = filter ?? (() => true);
}

const OWN_DIR = new URL('.', import.meta.url).pathname.replace(/dsl\/$/, '');
// With source maps enabled (node --enable-source-maps), frames of dist/src/*.js read src/*.ts.
const OWN_DIRS = [OWN_DIR, OWN_DIR.replace(/dist\/src\/$/, 'src/')];

/** The first stack frame outside flopscope's own sources: the architecture author's call. */
export function callSite(): SourceSite | undefined {
  if (!state.on) return undefined;
  const stack = new Error().stack?.split('\n') ?? [];
  for (const line of stack.slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1].startsWith('file://') ? new URL(m[1]).pathname : m[1];
    if (OWN_DIRS.some((dir) => file.startsWith(dir)) || file.startsWith('node:') || file.includes('/node_modules/')) continue;
    if (!state.filter(file)) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** An error about the arguments of a DSL call (`repeat(-1, f)`), named at the author's call when sites are captured. */
export function callError(code: ErrorCode, call: string, problem: string): FlopscopeError {
  const site = callSite();
  return new FlopscopeError(code, `${site ? `${formatSite(site)}: ` : ''}${call}: ${problem}`, undefined, site);
}
