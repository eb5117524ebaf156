// The user files loaded in this process, and the JavaScript jiti evaluated for each one it
// transformed, kept so a run-time stack position (a column in the transformed code) can be
// mapped back to the TypeScript the user wrote. A JavaScript ES module Node imports as it is
// (no transform) is a user file too: its positions are its own.
const transformed = new Map<string, string>();
const loaded = new Set<string>();

export function rememberTransformed(file: string, code: string): void {
  transformed.set(file, code);
}

/** A user file about to be loaded (whether or not jiti transforms it). */
export function rememberUserFile(file: string): void {
  loaded.add(file);
}

export function transformedCode(file: string): string | undefined {
  return transformed.get(file);
}

/** Whether `file` is a user file: frames in it are the author's. */
export function isUserFile(file: string): boolean {
  return transformed.has(file) || loaded.has(file);
}

/** The user files loaded so far in this process. */
export function loadedUserFiles(): string[] {
  return [...new Set([...loaded, ...transformed.keys()])];
}
