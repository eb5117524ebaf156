// Every file flopscope writes (-o, an ONNX export, the baseline, budget charts, a device profile)
// goes through here, so that each is written whole or not at all and only where it was asked:
// - a regular file (or a new one) is written to a temporary file in its folder, flushed, then
//   renamed over it (write-file-atomic): a concurrent reader sees the old file or the new one,
//   never half of one, and a failed write leaves the old file and no temporary file behind;
// - a symbolic link is followed, and its target is the file written (the link stays a link), even
//   a target that does not exist yet;
// - a FIFO or a character device (a pipe another program reads, /dev/stdout) is written through,
//   as a shell redirection would: renaming a file over it would replace the pipe or the device;
// - a folder, a socket or a block device is refused.
// Every failure is one FlopscopeError line naming the file and why (no space left, permission
// denied, ...).
import { closeSync, lstatSync, mkdirSync, openSync, readlinkSync, realpathSync, statSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FlopscopeError } from './errors.js';

/** How a file to be written is named in messages: `-o report.json`, `the baseline flopscope.baseline.json`. */
export interface Target {
  /** The path as the user wrote it (relative paths resolve against `cwd`). */
  readonly file: string;
  readonly cwd?: string;
  /** What the file is, for messages ("the baseline"); the path alone when absent. */
  readonly what?: string;
  /** The path as messages show it, when not `file`. */
  readonly shown?: string;
}

const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'no such folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the file is too large for the file system',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EPIPE: 'the reader closed the pipe',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
};

function failure(target: Target, why: string): FlopscopeError {
  return new FlopscopeError('output', `cannot write ${target.what ? `${target.what} ` : ''}${target.shown ?? target.file}: ${why}`);
}

function errorOf(target: Target, e: unknown): FlopscopeError {
  if (e instanceof FlopscopeError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return failure(target, (code && WHY[code]) ?? (code ?? (e instanceof Error ? e.message : String(e))));
}

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** What is at `path`, following links; undefined when nothing is (a missing file or a dangling link). */
function statOrMissing(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The path a dangling chain of links ends in (the file the write will create). */
function endOfLinks(path: string): string {
  for (let hops = 0; hops <= 40; hops++) {
    // The folder's real path: a relative link resolves from the folder the link is in.
    const real = join(realpathSync(dirname(path)), basename(path));
    let st: Stats;
    try {
      st = lstatSync(real);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return real;
      throw e;
    }
    if (!st.isSymbolicLink()) return real;
    path = resolve(dirname(real), readlinkSync(real));
  }
  throw errnoError('ELOOP');
}

type Plan = { readonly how: 'through'; readonly path: string } | { readonly how: 'whole'; readonly path: string };

/** How `path` is written: through (a FIFO or a character device), or whole at the end of its links. */
function plan(path: string, target: Target): Plan {
  const st = statOrMissing(path);
  if (!st) return { how: 'whole', path: endOfLinks(path) };
  if (st.isFile()) return { how: 'whole', path: realpathSync(path) };
  if (st.isFIFO() || st.isCharacterDevice()) return { how: 'through', path };
  if (st.isDirectory()) throw errnoError('EISDIR');
  throw failure(target, `it is ${st.isSocket() ? 'a socket' : st.isBlockDevice() ? 'a block device' : 'not a regular file'}; flopscope writes regular files, FIFOs and character devices`);
}

function bytes(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Writes `data` to `target.file` as described above; a failure is one FlopscopeError line. */
export function writeFileWhole(target: Target, data: string | Uint8Array): void {
  try {
    const p = plan(resolve(target.cwd ?? process.cwd(), target.file), target);
    const buf = bytes(data);
    if (p.how === 'whole') {
      writeFileAtomic.sync(p.path, buf);
      return;
    }
    const fd = openSync(p.path, 'w');
    try {
      for (let at = 0; at < buf.length; ) at += writeSync(fd, buf, at, buf.length - at);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw errorOf(target, e);
  }
}

/** Creates the folder `target.file` (and its parents) if missing; something else there is one line. */
export function makeFolder(target: Target): string {
  const path = resolve(target.cwd ?? process.cwd(), target.file);
  try {
    mkdirSync(path, { recursive: true });
    if (!statSync(path).isDirectory()) throw errnoError('ENOTDIR');
    return path;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw failure(target, code === 'EEXIST' || code === 'ENOTDIR' ? 'it is not a folder' : ((code && WHY[code]) ?? String(code ?? e)));
  }
}
