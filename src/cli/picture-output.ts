// The options every picture-making command shares (--chart NAME, -o FILE) and where the result
// goes: a file written whole, or stdout when it is not a terminal.
import { Option, type Command } from 'commander';
import { FlopscopeError } from '../errors.js';
import { writeFileWhole } from '../files.js';
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

/** The output goes to -o FILE (written whole: src/files.ts) or to stdout. */
export function emit(text: string, flags: OutputFlags, io: CliIO): void {
  if (flags.output === undefined) {
    io.stdout.write(text);
    return;
  }
  writeFileWhole({ file: flags.output, cwd: io.cwd }, text);
  io.stderr.write(`flopscope: wrote ${flags.output} (${humanBytes(Buffer.byteLength(text))})\n`);
}
