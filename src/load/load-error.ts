// What went wrong while loading a user file, as one line that names file:line.
import { FlopscopeError } from '../errors.js';
import { received } from '../ops/attrs.js';
import { displayPath } from '../paths.js';
import { toOriginal } from '../source/sourcemap.js';
import { isUserFile } from '../source/transformed.js';

/** A FlopscopeError from another copy of flopscope (the compiled package) made one of ours. */
export function asFlopscopeError(e: unknown): FlopscopeError | undefined {
  if (e instanceof FlopscopeError) return e;
  if (e instanceof Error && e.name === 'FlopscopeError') {
    const x = e as Error & Partial<Pick<FlopscopeError, 'code' | 'layer' | 'site'>>;
    return new FlopscopeError(x.code ?? 'load', e.message, x.layer, x.site);
  }
  return undefined;
}

/** The innermost stack frame in a user file: where a throw happened, in the code that ran. */
export function userFrame(stack: string | undefined): { file: string; line: number; column: number } | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1].startsWith('file://') ? new URL(m[1]).pathname : m[1];
    if (isUserFile(file)) return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** jiti's parse errors read "ParseError: <what>\n <file>:<line>:<column>". */
export function syntaxError(e: unknown, cwd: string): FlopscopeError | undefined {
  if (!(e instanceof Error)) return undefined;
  const m = /^(?:ParseError|SyntaxError): ([^\n]*?)\s*\n\s*(\S+):(\d+):(\d+)\s*$/.exec(e.message);
  if (!m) return undefined;
  return new FlopscopeError('load', `${displayPath(m[2], cwd)}:${m[3]}:${m[4]}: syntax error: ${m[1]}`);
}

/** What user code threw, in one line: `RangeError: no widths`, or the value thrown. */
export function thrownText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message.split('\n')[0]}`;
  return typeof e === 'string' ? JSON.stringify(e) : received(e);
}

/** What a timer or a promise nobody awaited threw, in one line: where it was thrown, else the files that could have. */
export function strayText(e: unknown, where: string): string {
  return `${where}: user code threw ${thrownText(e)} in a timer, a callback or a promise nobody awaited`;
}

/** Where user code threw `e`, as messages show it (file relative to `cwd`:line:column, in the user's own source). */
export function userPlace(e: unknown, cwd: string): string | undefined {
  const frame = userFrame(e instanceof Error ? e.stack : undefined);
  if (!frame) return undefined;
  const site = toOriginal(frame);
  return `${displayPath(site.file, cwd)}:${site.line}:${site.column}`;
}

/** A stray error while `file` loaded: a FlopscopeError stays itself (a refused process.exit in a timer). */
export function strayFailure(e: unknown, file: string, cwd: string): FlopscopeError {
  const ours = asFlopscopeError(e);
  if (ours) return ours;
  return new FlopscopeError('user-code', strayText(e, userPlace(e, cwd) ?? displayPath(file, cwd)));
}

export function loadFailure(e: unknown, file: string, cwd: string): FlopscopeError {
  const err = e instanceof Error ? e : new Error(String(e));
  const frame = userFrame(err.stack);
  const where = frame ? `${displayPath(frame.file, cwd)}:${frame.line}` : displayPath(file, cwd);
  return new FlopscopeError('load', `${where}: loading the file threw ${thrownText(e)}`);
}
