// Every error a user can cause is a FlopscopeError: the CLI prints its message as one line and
// exits 2, with no stack trace. Anything else reaching the top is a bug in flopscope.

/** Where a DSL call stands in a TypeScript architecture file. */
export interface SourceSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatSite(site: SourceSite | undefined): string {
  return site ? `${site.file}:${site.line}:${site.column}` : '';
}

export type ErrorCode =
  | 'usage'
  | 'unknown-model'
  | 'bad-input-shape'
  | 'bad-option'
  | 'bad-attribute'
  | 'channel-mismatch'
  | 'shape'
  | 'unknown-op'
  | 'bad-module'
  | 'config'
  | 'load'
  | 'backend'
  | 'resource';

export class FlopscopeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The layer path the error is about, when there is one. */
    readonly layer?: string,
    readonly site?: SourceSite,
  ) {
    super(message);
    this.name = 'FlopscopeError';
  }
}

/** An error about one layer: the message names the layer path and, when known, file:line. */
export function layerError(code: ErrorCode, layer: string, site: SourceSite | undefined, what: string): FlopscopeError {
  const where = site ? ` (${formatSite(site)})` : '';
  return new FlopscopeError(code, `layer '${layer || '<root>'}'${where}: ${what}`, layer, site);
}

/** Names close to `name`, for "did you mean" hints (Levenshtein distance). */
export function nearestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return row[b.length];
  };
  const lower = name.toLowerCase();
  return candidates
    .map((c) => ({ c, d: c.toLowerCase().includes(lower) ? 0 : distance(lower, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map(({ c }) => c);
}
