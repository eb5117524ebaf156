// Site capture is switched on only while user code runs (loading a file, building its
// architecture), and only frames in user files count, so the zoo stays fast and frames of
// flopscope's callers (a test runner, the bin script) are never taken for the author's call.
import { captureSites } from '../dsl/site.js';
import { isUserFile } from '../source/transformed.js';

let depth = 0;

export function withSiteCapture<T>(run: () => T): T {
  if (depth++ === 0) captureSites(true, isUserFile);
  try {
    return run();
  } finally {
    if (--depth === 0) captureSites(false);
  }
}

export async function withSiteCaptureAsync<T>(run: () => Promise<T>): Promise<T> {
  if (depth++ === 0) captureSites(true, isUserFile);
  try {
    return await run();
  } finally {
    if (--depth === 0) captureSites(false);
  }
}
