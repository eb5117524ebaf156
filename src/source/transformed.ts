// The JavaScript jiti evaluated for each user file, kept so a run-time stack position (a column
// in the transformed code) can be mapped back to the TypeScript the user wrote.
const transformed = new Map<string, string>();

export function rememberTransformed(file: string, code: string): void {
  transformed.set(file, code);
}

export function transformedCode(file: string): string | undefined {
  return transformed.get(file);
}

/** The user files loaded so far in this process. */
export function loadedUserFiles(): string[] {
  return [...transformed.keys()];
}
