import type { SourceSite } from '../errors.js';

// Recording where each DSL call stands costs a stack capture per layer, so it is off for the
// built-in zoo and switched on when a user architecture file is loaded.
let capturing = false;
let stackFilter: (file: string) => boolean = () => true;

export function captureSites(on: boolean, filter?: (file: string) => boolean): void {
  capturing = on;
  stackFilter = filter ?? (() => true);
}

export function sitesCaptured(): boolean {
  return capturing;
}

const OWN_DIR = new URL('.', import.meta.url).pathname.replace(/dsl\/$/, '');

/** The first stack frame outside flopscope's own sources: the architecture author's call. */
export function callSite(): SourceSite | undefined {
  if (!capturing) return undefined;
  const stack = new Error().stack?.split('\n') ?? [];
  for (const line of stack.slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1].startsWith('file://') ? new URL(m[1]).pathname : m[1];
    if (file.startsWith(OWN_DIR) || file.startsWith('node:') || file.includes('/node_modules/')) continue;
    if (!stackFilter(file)) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
