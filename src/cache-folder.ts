// flopscope's caches (transformed user files, their call indexes, compiled code) hold code that will run,
// so they live in a folder that is this user's alone: FLOPSCOPE_CACHE_DIR or the user's cache
// folder, created with mode 0700, and refused when it is a link, another user owns it or others can
// write to it (an existing folder is never changed). Never the shared temp folder, where anyone
// could plant an entry. Plain Node, no dependencies: the binary reads it before the CLI is loaded.
import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Where the caches live: FLOPSCOPE_CACHE_DIR, else the user's cache folder (XDG, macOS, Windows). */
export function cacheFolder(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (env.FLOPSCOPE_CACHE_DIR) return env.FLOPSCOPE_CACHE_DIR;
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  if (!home) return undefined;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'flopscope', 'cache');
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'flopscope');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'flopscope');
}

/** Creates the missing folders of `dir`, one by one (a recursive mkdirSync loops forever under /proc). */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.push(d);
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/**
 * The folder, created private if missing; undefined when it is not this user's alone or cannot be
 * made. The folder itself is looked at, never through a link (a link to the shared temp folder is
 * refused, not followed), and an existing folder is never changed: one another user owns or may
 * write to (a shared 1777 folder, say) is refused as it is, so pointing flopscope at a shared
 * folder cannot make it private. A folder flopscope makes is made 0700 (the umask can only take
 * bits away).
 */
export function privateFolder(dir: string): string | undefined {
  try {
    makeFolders(dir);
    if (process.platform === 'win32') return dir; // ACLs, not modes: the profile folder is the user's own
    const st = lstatSync(dir);
    if (st.isSymbolicLink() || !st.isDirectory() || st.uid !== process.getuid?.()) return undefined;
    return (st.mode & 0o022) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

// Keyed by the folder the caches resolve to, which FLOPSCOPE_CACHE_DIR may change within a process.
const checked = new Map<string, string | null>();

/** privateFolder(cacheFolder()), looked at once per process for each folder it resolves to. */
export function privateCacheFolder(): string | undefined {
  const root = cacheFolder();
  if (root === undefined) return undefined;
  let dir = checked.get(root);
  if (dir === undefined) checked.set(root, (dir = privateFolder(root) ?? null));
  return dir ?? undefined;
}
