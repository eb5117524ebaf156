import { Option, type Command } from 'commander';
import { conventionNames, type ConventionName } from '../../cost/conventions/index.js';
import { backendNames, parseBackendList } from '../../exec/backends.js';
import { usableBackends } from '../backends.js';
import { checkRunFits } from '../../exec/memory.js';
import { profileGraph, seLine, type ProfileResult, type ProfileRow } from '../../exec/profile.js';
import { progressBar } from '../progress.js';
import { FlopscopeError } from '../../errors.js';
import { renderCsv, renderMarkdown, renderTerminal, type Cell, type Column, type Tabular } from '../../report/tabular.js';
import { jsonCount } from '../../units.js';
import { buildArchitecture } from '../../zoo.js';
import type { CommandContext } from '../context.js';
import { parseSets, collect, parseCount, MODEL_ARGUMENT } from '../options.js';
import { PROFILE_CHARTS } from '../../report/charts/names.js';
import { addPictureOptions, checkOutput, emit, isPicture, PICTURE_FORMATS, type OutputFlags, type PictureFormat } from '../picture-output.js';
import { resolveArchitecture } from '../resolve.js';
import { jsonText } from '../../units.js';
import { loadDeviceFlag } from '../device.js';

interface ProfileFlags {
  backend: string;
  runs: string;
  input?: string;
  set: string[];
  convention: ConventionName;
  seed: string;
  top?: string;
  device?: string;
  format: 'table' | 'json' | 'markdown' | 'csv' | PictureFormat;
}

const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');

function columns(first: string, grouped: boolean): Column[] {
  return [
    { header: first, kind: 'text' }, { header: grouped ? 'Layers' : 'Op', kind: 'text' },
    { header: 'Median ms', kind: 'text' }, { header: 'FLOPs', kind: 'count' }, { header: 'GFLOP/s', kind: 'text' },
    { header: 'FLOP/byte', kind: 'text' }, { header: 'Time %', kind: 'share' }, { header: 'FLOPs %', kind: 'share' },
  ];
}

function cells(r: ProfileRow, grouped: boolean): Cell[] {
  return [r.name, grouped ? String(r.layers) : r.op, fixed(r.timeMs, 3), r.flops, fixed(r.gflopsPerSecond, 2), fixed(r.intensity, 2), r.timeShare, r.flopsShare];
}

function header(p: ProfileResult): string[] {
  return [
    `profile ${p.model} · input ${p.input.join('x')} · backend ${p.backend} · median of ${p.runs} runs · total ${p.totalMs.toFixed(2)} ms`,
    `FLOPs = ${p.convention.title} (convention '${p.convention.name}'); FLOP/byte = FLOPs per byte of predicted memory traffic`,
  ];
}

function layerTable(p: ProfileResult, top?: number): Tabular {
  const rows = top === undefined ? p.layers : [...p.layers].sort((a, b) => b.timeMs - a.timeMs).slice(0, top);
  return { title: header(p), columns: columns('Layer', false), rows: rows.map((r) => cells(r, false)) };
}

function opTable(p: ProfileResult): Tabular {
  const se = seLine(p);
  return { title: ['By op kind'], columns: columns('Op', true), rows: p.ops.map((r) => cells(r, true)), notes: se ? [se] : [] };
}

function rowJson(r: ProfileRow): Record<string, unknown> {
  return {
    name: r.name, op: r.op, layers: r.layers, medianMs: r.timeMs, flops: jsonCount(r.flops), trafficBytes: jsonCount(r.trafficBytes),
    gflopsPerSecond: Number.isFinite(r.gflopsPerSecond) ? r.gflopsPerSecond : null,
    intensity: Number.isFinite(r.intensity) ? r.intensity : null, timeShare: r.timeShare, flopsShare: r.flopsShare,
    ...(r.se ? { se: true } : {}),
  };
}

export function profileJson(p: ProfileResult): Record<string, unknown> {
  return {
    schema: 'flopscope.profile/1', model: p.model, input: p.input, backend: p.backend, runs: p.runs,
    convention: p.convention.name, totalMs: p.totalMs, totalFlops: jsonCount(p.totalFlops),
    ...(p.se ? { se: p.se } : {}),
    layers: p.layers.map(rowJson), ops: p.ops.map(rowJson),
  };
}

export function registerProfile(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('profile')
    .description('measured time per layer and per op kind, with achieved GFLOP/s, arithmetic intensity, and share of time next to share of FLOPs')
    .argument('<model>', MODEL_ARGUMENT)
    .option('--backend <name>', `backend that times the layers (${backendNames().join(', ')})`, 'onnxruntime')
    .option('--runs <k>', 'timed runs (after one warm-up); the median is reported', '10')
    .option('--input <shape>', "concrete input shape NxCxHxW (default: the model's own)")
    .option('--set <key=value>', 'override a model option (repeatable)', collect, [])
    .addOption(new Option('--convention <name>', 'what FLOPs count').choices(conventionNames()).default('flops'))
    .option('--seed <n>', 'seed of the random weights and input', '0')
    .option('--top <n>', 'only the n slowest layers in the layer table')
    .option('--device <file>', 'a device profile (flopscope calibrate): predicted against measured time per kernel and op kind, with the settings it was measured with; with --format html or svg, the roofline\'s ceilings')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'csv', ...PICTURE_FORMATS]).default('table'));
  addPictureOptions(cmd, PROFILE_CHARTS)
    .addHelpText('after', `
Examples:
  flopscope profile se_resnet50 --runs 5
  flopscope profile resnet50 --backend reference --runs 1 --input 1x3x112x112 --top 10
  flopscope profile se_resnet50 --device device.json --runs 10
  flopscope profile se_resnet50 --runs 5 --format html -o profile.html   (measures the roofline's ceilings too)`)
    .action(async (model: string, flags: ProfileFlags & OutputFlags, cmd: Command) => {
      checkOutput(flags, ctx.io);
      const asked = parseBackendList(flags.backend);
      if (asked.length !== 1) throw new FlopscopeError('usage', `profile times one backend at a time, received --backend ${flags.backend}`);
      const runs = parseCount('--runs', flags.runs, 1);
      const top = flags.top !== undefined ? parseCount('--top', flags.top, 1) : undefined;
      const seed = parseCount('--seed', flags.seed);
      const arch = await resolveArchitecture(model, ctx.io.cwd, { unknownRemedy: 'profile runs every node, and flopscope has no kernel for it, so this model cannot be profiled' });
      const graph = buildArchitecture(arch, { set: parseSets(flags.set), ...(flags.input !== undefined ? { input: flags.input } : {}) });
      // Tables held against a device profile time onnxruntime itself (no other backend, no note about one).
      if (flags.device !== undefined && !isPicture(flags.format)) {
        checkRunFits(graph, ['onnxruntime'], false, ctx.io.env);
        const { profileWithDevice } = await import('../device-profile.js');
        ctx.io.stdout.write(await profileWithDevice(graph, flags.device, { runs, seed, convention: flags.convention, format: flags.format, ...(top !== undefined ? { top } : {}) }, ctx.io));
        return;
      }
      const backends = await usableBackends(asked, cmd.getOptionValueSource('backend') !== 'default', ctx.io);
      checkRunFits(graph, backends, false, ctx.io.env);
      // Pictures take the roofline's ceilings from the device profile.
      const device = flags.device !== undefined ? loadDeviceFlag(flags.device, ctx.io) : undefined;
      const progress = await progressBar(ctx.io, flags.format === 'json');
      let result: ProfileResult;
      try {
        result = await profileGraph(graph, { backend: backends[0], runs, convention: flags.convention, seed, onProgress: (d, t) => progress.update(d, t, 'runs') });
      } finally {
        progress.stop();
      }
      if (isPicture(flags.format)) {
        const ceilings = device && { peakFlopsPerSecond: device.peakFlopsPerSecond, bandwidthBytesPerSecond: device.bandwidthBytesPerSecond, source: `from the device profile ${flags.device} (${device.name})` };
        emit(await (await import('../pictures.js')).profilePicture(profileJson(result), backends[0], flags, ceilings || undefined), flags, ctx.io);
        return;
      }
      const out = flags.format === 'json' ? jsonText(profileJson(result))
        : flags.format === 'csv' ? renderCsv(layerTable(result, top))
        : flags.format === 'markdown' ? renderMarkdown(layerTable(result, top)) + '\n' + renderMarkdown(opTable(result))
        : renderTerminal(layerTable(result, top)) + '\n' + renderTerminal(opTable(result));
      emit(out, flags, ctx.io);
    });
}
