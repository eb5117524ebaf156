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

/**
 * Every error a user can cause, by code, with the form of its message. All of them print one line
 * (`flopscope: <message>`) and exit 2; what names a layer starts with `layer '<path>' (<file:line>)`.
 */
export const ERROR_CODES = {
  usage: "a flag or argument is malformed: '<flag> expects <what>, received <value>'",
  'unknown-model': "no zoo model or file by that name: 'unknown model <name>; did you mean <near>?'",
  'bad-input-shape': "--input is not a shape the model can take: 'input <shape>: <what is wrong>'",
  'bad-option': "a --set or config option is unknown or out of range: 'option <key> expects <what>, received <value>'",
  'bad-attribute': "a layer's attribute is malformed: 'layer <path>: attribute <name> expects <what>, received <value>'",
  'bad-module': "something that is not a DSL module stands where one is expected: 'layer <path>: expected a DSL module, received <value>'",
  'channel-mismatch': "a layer's input channels or shapes do not fit it: 'layer <path>: expects <n> channels, received <m>'",
  shape: "an input is too small or has the wrong rank for a layer: 'layer <path>: input <shape> is too small: <rule>'",
  'unknown-op': "a layer names an op outside the catalogue: 'layer <path>: unknown op <name>; did you mean <near>? known ops: <list>'",
  config: "a budget config or baseline is malformed: '<file>:<line>:<column>: <what is wrong>'",
  device: "a device profile is missing or malformed: 'device profile <file>: <field> expects <what>, received <value>'",
  load: "a user architecture file cannot be loaded: '<file>:<line>: <what it threw>'",
  'user-code': "a family's build() or a withChannels callback threw: 'layer <path> (<file:line> of the throw): <what> threw <error>'",
  backend: "an executor backend is unknown or not installed: 'unknown backend <name>; available backends: <list>'",
  output: "a file flopscope was asked to write cannot be written: 'cannot write <what> <file>: <why>'",
  resource: "a run would not fit in memory or a typed array: 'input <shape> is too large to run <model>: <estimate>'",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The "did you mean" hint for a name that is not one of `known`: empty when nothing is close. */
export function didYouMean(name: string, known: readonly string[], max = 3): string {
  const near = nearestNames(name, known, max);
  return near.length ? `did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : '';
}

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
  return new FlopscopeError(code, `layer '${shownPath(layer)}'${where}: ${what}`, layer, site);
}

/** A layer path as messages show it: a very long one keeps its ends and says how many levels it has. */
export function shownPath(layer: string): string {
  if (!layer) return '<root>';
  if (layer.length <= 160) return layer;
  const parts = layer.split('.');
  return `${parts.slice(0, 4).join('.')} ... ${parts.slice(-4).join('.')} (${parts.length} levels)`;
}

/** Names close to `name`, for "did you mean" hints (Levenshtein distance). */
function nearestNames(name: string, candidates: readonly string[], max = 3): string[] {
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
