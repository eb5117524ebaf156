// Maps a position in the JavaScript jiti ran back to the user's TypeScript, through the inline
// source map of the transformed code. Lines survive the transform; columns do not (an imported
// `conv(` runs as `(0, _flopscope.conv)(`), which is what this mapping repairs.
import { decode, type SourceMapMappings } from '@jridgewell/sourcemap-codec';
import type { SourceSite } from '../errors.js';
import { isUserFile, transformedCode } from './transformed.js';

// Keyed by file, checked against the code: a file loaded again gets a fresh map.
const decoded = new Map<string, { code: string; mappings: SourceMapMappings | null }>();

function mappingsOf(file: string): SourceMapMappings | null {
  const code = transformedCode(file);
  if (code === undefined) return null;
  const cached = decoded.get(file);
  if (cached?.code === code) return cached.mappings;
  const m = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  const mappings = m ? decode((JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) as { mappings: string }).mappings) : null;
  decoded.set(file, { code, mappings });
  return mappings;
}

/** 1-based line and column in the original source; the input unchanged when no map is known. */
export function originalPosition(file: string, line: number, column: number): { line: number; column: number } {
  const segments = mappingsOf(file)?.[line - 1];
  if (!segments) return { line, column };
  let best: readonly number[] | undefined;
  for (const seg of segments) {
    if (seg.length >= 4 && seg[0] <= column - 1) best = seg;
  }
  return best ? { line: best[2] + 1, column: best[3] + 1 } : { line, column };
}


/** A run-time site moved to the user's TypeScript coordinates. */
export function toOriginal(site: SourceSite): SourceSite {
  if (!isUserFile(site.file)) return site;
  return { file: site.file, ...originalPosition(site.file, site.line, site.column) };
}
