// How a file is named in messages: relative to the working directory when inside it.
import { isAbsolute, relative } from 'node:path';

export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !isAbsolute(rel) ? rel : file;
}
