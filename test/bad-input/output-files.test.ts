// Where flopscope writes: -o of every command, export, the baseline and budget charts go through
// one writer (src/files.ts). A symbolic link is followed and its target written (the link stays);
// a FIFO or a character device is written through, never renamed over; a folder or a write error
// is one line and exit 2, with no file left behind. Every special file here is made by the test
// in its own scratch folder (a FIFO, a character device node of its own, links, folders).
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectRefused, runBin, runBinAsync, scratchProject } from './helpers.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function project(files: Record<string, string> = {}): string {
  const p = scratchProject(files);
  cleanups.push(p.cleanup);
  return p.dir;
}

/** Everything in `dir`, special files included, with its kind: to tell that nothing was replaced or left behind. */
function entries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => {
      const st = lstatSync(join(e.parentPath, e.name));
      const kind = st.isSymbolicLink() ? 'link' : st.isFIFO() ? 'fifo' : st.isCharacterDevice() ? 'char' : st.isDirectory() ? 'dir' : 'file';
      return `${join(e.parentPath, e.name).slice(dir.length + 1)}:${kind}`;
    })
    .sort();
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  expect(r.status, String(r.stderr)).toBe(0);
}

/** A character device node of the test's own that answers every write with ENOSPC (the "full" device, 1:7). */
function fullDevice(path: string): void {
  const r = spawnSync('mknod', [path, 'c', '1', '7']);
  expect(r.status, `mknod needs CAP_MKNOD: ${String(r.stderr)}`).toBe(0);
}

/** Reads the FIFO at `path` to its end (a reader must be there for a writer to open it). */
function readFifo(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const cat = spawn('cat', [path]);
    let text = '';
    cat.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    cat.on('error', reject);
    cat.on('close', () => resolve(text));
  });
}

const REPORT = ['report', 'resnet18', '--format', 'json'];

describe('-o into special files and links', () => {
  it('a character device is written through, not renamed over: a full device is one line, exit 2, and stays a device', () => {
    const dir = project();
    fullDevice(join(dir, 'full'));
    const before = entries(dir);
    expectRefused(runBin([...REPORT, '-o', 'full'], { cwd: dir }), /^flopscope: cannot write full: no space left on the device$/);
    expect(entries(dir)).toEqual(before);
    expectRefused(runBin(['export', 'resnet18', '--weights', 'zeros', '-o', 'full'], { cwd: dir }), /^flopscope: cannot write the ONNX file full: no space left on the device$/);
    expect(entries(dir)).toEqual(before);
  });

  it('a FIFO is written through: the reader gets the report and the FIFO stays a FIFO', async () => {
    const dir = project();
    mkfifo(join(dir, 'pipe'));
    const read = readFifo(join(dir, 'pipe'));
    const r = await runBinAsync([...REPORT, '-o', 'pipe'], { cwd: dir });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', expect.stringMatching(/^flopscope: wrote pipe \(.*\)\n$/)]);
    expect(JSON.parse(await read).model).toBe('resnet18');
    expect(entries(dir)).toEqual(['pipe:fifo']);
  });

  it('a symbolic link is followed: its target is written, the link stays a link (a dangling one creates its target)', () => {
    const dir = project({ 'real/old.json': 'old\n' });
    symlinkSync('real/old.json', join(dir, 'to-old.json'));
    symlinkSync('real/new.json', join(dir, 'to-new.json'));
    // A relative link inside a linked folder resolves from the folder it is in.
    symlinkSync('real', join(dir, 'linked'));
    symlinkSync('../real/chain.json', join(dir, 'real', 'up.json'));
    for (const out of ['to-old.json', 'to-new.json', 'linked/up.json']) {
      const r = runBin([...REPORT, '-o', out], { cwd: dir });
      expect([r.status, r.stderr]).toEqual([0, expect.stringMatching(/^flopscope: wrote /)]);
    }
    expect(readlinkSync(join(dir, 'to-old.json'))).toBe('real/old.json');
    expect(readlinkSync(join(dir, 'to-new.json'))).toBe('real/new.json');
    for (const f of ['old', 'new', 'chain']) expect(JSON.parse(readFileSync(join(dir, 'real', `${f}.json`), 'utf8')).model).toBe('resnet18');
    expect(entries(dir)).toEqual(['linked:link', 'real/chain.json:file', 'real/new.json:file', 'real/old.json:file', 'real/up.json:link', 'real:dir', 'to-new.json:link', 'to-old.json:link']);
  });

  it('a folder, a missing folder, a file standing for a folder, a link loop: one line each, nothing written', () => {
    const dir = project({ 'plain.txt': 'x' });
    mkdirSync(join(dir, 'out'));
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    const before = entries(dir);
    const refused = (args: string[], message: RegExp) => {
      expectRefused(runBin(args, { cwd: dir }), message);
      expect(entries(dir)).toEqual(before);
    };
    refused([...REPORT, '-o', 'out'], /^flopscope: cannot write out: it is a folder$/);
    refused(['compare', 'resnet18', 'resnet34', '--format', 'json', '-o', 'nowhere/c.json'], /^flopscope: cannot write nowhere\/c\.json: no such folder$/);
    refused(['whatif', 'resnet18', '--set', 'num_classes=10', '--format', 'json', '-o', 'plain.txt/w.json'], /^flopscope: cannot write plain\.txt\/w\.json: a part of the path is not a folder$/);
    refused([...REPORT, '-o', 'loop-a'], /^flopscope: cannot write loop-a: too many levels of symbolic links$/);
    refused(['export', 'resnet18', '--weights', 'zeros', '-o', 'out'], /^flopscope: cannot write the ONNX file out: it is a folder$/);
  });
});

describe('the baseline and budget charts', () => {
  const config = JSON.stringify({ budgets: [{ name: 'r18', model: 'resnet18', limits: { macs: '2 G' } }] });

  it('a baseline that is a link: its target is updated, the link stays', () => {
    const dir = project({ 'flopscope.config.json': config, 'shared/baseline.json': '' });
    symlinkSync('shared/baseline.json', join(dir, 'flopscope.baseline.json'));
    const r = runBin(['check', '--update-baseline'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(readlinkSync(join(dir, 'flopscope.baseline.json'))).toBe('shared/baseline.json');
    expect(JSON.parse(readFileSync(join(dir, 'shared', 'baseline.json'), 'utf8')).budgets.r18.model).toBe('resnet18');
  });

  it('a baseline on a full device: one line, exit 2, the device stays', () => {
    const dir = project({ 'flopscope.config.json': config });
    fullDevice(join(dir, 'flopscope.baseline.json'));
    const before = entries(dir);
    expectRefused(runBin(['check', '--update-baseline', '--baseline', 'flopscope.baseline.json'], { cwd: dir }), /^flopscope: cannot write the baseline flopscope\.baseline\.json: no space left on the device$/);
    expect(entries(dir)).toEqual(before);
  });

  it('a baseline that is a folder, a FIFO or a device is read by no one: one line each (no note before it)', () => {
    const dir = project({ 'flopscope.config.json': config });
    mkdirSync(join(dir, 'flopscope.baseline.json'));
    mkfifo(join(dir, 'fifo.json'));
    fullDevice(join(dir, 'full.json'));
    const before = entries(dir);
    expectRefused(runBin(['check', '--update-baseline'], { cwd: dir }), /^flopscope: cannot write the baseline flopscope\.baseline\.json: it is a folder$/);
    expectRefused(runBin(['check'], { cwd: dir }), /^flopscope: cannot read the baseline flopscope\.baseline\.json: it is a folder$/);
    expectRefused(runBin(['check', '--baseline', 'fifo.json'], { cwd: dir }), /^flopscope: cannot read the baseline fifo\.json: not a regular file$/);
    expectRefused(runBin(['check', '--baseline', 'full.json'], { cwd: dir }), /^flopscope: cannot read the baseline full\.json: not a regular file$/);
    expect(entries(dir)).toEqual(before);
  });

  it('--charts-dir naming a file: one line, exit 2', () => {
    const dir = project({ 'flopscope.config.json': config, 'charts': 'not a folder' });
    const before = entries(dir);
    const r = runBin(['check', '--format', 'markdown', '--charts-dir', 'charts'], { cwd: dir });
    expectRefused(r, /^flopscope: cannot write the --charts-dir folder charts: it is not a folder$/);
    expect(entries(dir)).toEqual(before);
  });
});
