// Picture benchmarks (issue 11): the cold CLI writing resnet152's HTML report and an SVG chart,
// and the size of the page.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, coldProcess, fmtMs, median, ROOT, withEmptyCache, type BenchFigure } from './measure.js';

export async function benchPictures(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'flopscope-bench-pictures-'));
  const bin = BIN;
  try {
    const html = join(dir, 'resnet152.html');
    const page = coldProcess(process.execPath, [bin, 'report', 'resnet152', '--format', 'html', '-o', html], 7, ROOT);
    const bytes = statSync(html).size;
    const svg = coldProcess(process.execPath, [bin, 'report', 'resnet152', '--format', 'svg', '--chart', 'stages', '-o', join(dir, 'stages.svg')], 7, ROOT);
    const memory = coldProcess(process.execPath, [bin, 'report', 'resnet152', '--format', 'svg', '--chart', 'memory', '-o', join(dir, 'memory.svg')], 7, ROOT);
    // The first chart after an install compiles the charting library (then kept in flopscope's
    // cache folder): each run with a fresh, empty one.
    const firstRuns = Array.from({ length: 5 }, () => withEmptyCache((env) => coldProcess(process.execPath, [bin, 'report', 'resnet152', '--format', 'svg', '--chart', 'stages', '-o', join(dir, 'first.svg')], 1, ROOT, { env })));
    const uncached = { ms: median(firstRuns.map((r) => r.ms)), status: firstRuns.every((r) => r.status === 0) ? 0 : 1 };
    return [
      { name: 'report resnet152 --format html -o FILE (cold process)', value: `${fmtMs(page.ms)}, peak RSS ${page.peakMB.toFixed(0)} MB`, target: '< 1000 ms', ok: page.ms < 1000 && page.status === 0 },
      { name: 'size of the resnet152 HTML report', value: `${(bytes / 1e6).toFixed(2)} MB`, target: '< 2 MB', ok: bytes < 2e6 },
      { name: 'report resnet152 --format svg --chart stages (cold process)', value: fmtMs(svg.ms), target: '< 1000 ms', ok: svg.ms < 1000 && svg.status === 0 },
      { name: 'report resnet152 --format svg --chart memory (cold process)', value: fmtMs(memory.ms), target: '< 1000 ms', ok: memory.ms < 1000 && memory.status === 0 },
      { name: 'the same SVG as the first chart after an install (no compiled-code cache)', value: fmtMs(uncached.ms), ...(uncached.status === 0 ? {} : { ok: false }) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
