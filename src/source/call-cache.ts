// The index of a user file's DSL calls, kept between runs (text-cache.ts) under a hash of the
// file's text: a run that shows source locations for a file it has seen before does not load
// the TypeScript compiler (about 150 ms) to parse it again.
import { readFileSync } from 'node:fs';
import { sha256, textCache } from '../text-cache.js';
import { VERSION } from '../version.js';
import { callTable, indexCalls, type CallIndex, type CallTable } from './calls.js';
import { sourceFile } from './project.js';

const FORMAT = 'flopscope-calls/1';

/** The call index of `file` as it is on disk now. */
export function fileCallIndex(file: string): CallIndex {
  const cache = textCache(FORMAT, '.calls');
  const key = sha256(FORMAT, VERSION, readFileSync(file, 'utf8'));
  const table = JSON.parse(cache.get(key, () => JSON.stringify(callTable(sourceFile(file))))) as CallTable;
  return indexCalls(table);
}
