// Where tests put what they make (pages, screenshots, generated sources): under .flopscope-tmp/
// at the repository root, git-ignored and outside test/, so nothing generated lies among the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A folder for one kind of output, e.g. outputDir('pictures'); screenshots go to outputDir('screenshots'). */
export function outputDir(name: string): string {
  return join(REPO, '.flopscope-tmp', 'test-output', name);
}
