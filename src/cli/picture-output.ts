// The options every picture-making command shares (--chart NAME, -o FILE) and where the result
// goes: a file written atomically, or stdout when it is not a terminal.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { FlopscopeError } from '../errors.js';
import { humanBytes } from '../units.js';
import type { CliIO } from './io.js';

export const PICTURE_FORMATS = ['html', 'svg'] as const;
export type PictureFormat = (typeof PICTURE_FORMATS)[number];

export interface OutputFlags {
  format: string;
  chart?: string;
  output?: string;
}

export function isPicture(format: string): format is PictureFormat {
  return (PICTURE_FORMATS as readonly string[]).includes(format);
}

/** --chart (the charts this command draws, the first is the default) and -o. */
export function addPictureOptions(cmd: Command, charts: readonly string[]): Command {
  return cmd
    .addOption(new Option('--chart <name>', `the chart --format svg draws (default ${charts[0]})`).choices([...charts]))
    .option('-o, --output <file>', 'write to this file instead of stdout (needed for html and svg on a terminal)');
}

/** Checked before any work: a picture needs a file or a pipe, and --chart only picks an SVG. */
export function checkOutput(flags: OutputFlags, io: CliIO): void {
  if (flags.chart !== undefined && flags.format !== 'svg') {
    throw new FlopscopeError('usage', `--chart picks the chart of --format svg, received --format ${flags.format}; the html page has every chart`);
  }
  if (isPicture(flags.format) && flags.output === undefined && io.stdout.isTTY) {
    throw new FlopscopeError('usage', `--format ${flags.format} writes a file, not a terminal: add -o FILE.${flags.format} (or redirect stdout)`);
  }
}

/** Writes a file through a temporary file in the same folder and a rename, so no reader sees half a file. */
export function writeFileAtomic(shown: string, text: string, cwd: string): void {
  const file = resolve(cwd, shown);
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new FlopscopeError('usage', `cannot write ${shown}: ${code === 'ENOENT' ? 'no such folder' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : code}`);
  }
}

/** The output goes to -o FILE (written atomically) or to stdout. */
export function emit(text: string, flags: OutputFlags, io: CliIO): void {
  if (flags.output === undefined) {
    io.stdout.write(text);
    return;
  }
  writeFileAtomic(flags.output, text, io.cwd);
  io.stderr.write(`flopscope: wrote ${flags.output} (${humanBytes(Buffer.byteLength(text))})\n`);
}
