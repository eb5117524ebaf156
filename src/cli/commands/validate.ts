import { Option, type Command } from 'commander';
import { FlopscopeError } from '../../errors.js';
import { backendNames, parseBackendList } from '../../exec/backends.js';
import { usableBackends } from '../backends.js';
import { checkRunFits } from '../../exec/memory.js';
import { progressBar } from '../progress.js';
import { DEFAULT_TOLERANCE, NOISE_FLOOR, validateGraph, type ValidationResult } from '../../exec/validate.js';
import { renderTerminal, type Tabular } from '../../report/tabular.js';
import { buildArchitecture } from '../../zoo.js';
import type { CommandContext } from '../context.js';
import { parseSets, collect, parseCount, MODEL_ARGUMENT } from '../options.js';
import { resolveArchitecture } from '../resolve.js';
import { jsonText } from '../../units.js';

/** Mismatching layers printed per check; JSON carries them all. */
const SHOWN_MISMATCHES = 20;

/** The noise floor as the help writes it (2^-13), and in float32 ulps of 1 (2^-23 each). */
const NOISE = `2^${Math.log2(NOISE_FLOOR)}`;
const FLOAT32_ULP = 2 ** -23;

interface ValidateFlags {
  backend: string;
  input?: string;
  set: string[];
  seed: string;
  tolerance: string;
  format: 'table' | 'json';
}

function validationTable(r: ValidationResult): Tabular {
  const rows = r.checks.map((c) => [
    c.backend,
    c.kind + (c.against ? ` vs ${c.against} (tol ${c.tolerance})` : ''),
    String(c.layers),
    c.ok ? 'ok' : 'MISMATCH',
    String(c.mismatches.length),
  ]);
  const notes: string[] = [];
  for (const c of r.checks) {
    for (const m of c.mismatches.slice(0, SHOWN_MISMATCHES)) {
      notes.push(`  ${c.backend} ${c.kind}: layer '${m.layer}' ${m.what}: expected ${m.expected}, observed ${m.observed}`);
    }
    if (c.mismatches.length > SHOWN_MISMATCHES) notes.push(`  ${c.backend} ${c.kind}: ... and ${c.mismatches.length - SHOWN_MISMATCHES} more (--format json lists all)`);
  }
  const runs = Object.entries(r.runMs).map(([b, ms]) => `${b} ${(ms / 1000).toFixed(2)} s`).join(', ');
  notes.push(r.ok ? `OK: every checked layer agrees (${runs})` : `FAILED: ${r.checks.filter((c) => !c.ok).map((c) => `${c.backend} ${c.kind}`).join(', ')} (${runs})`);
  return {
    title: [`validate ${r.model} · input ${r.input.join('x')} · ${r.weights === 'file' ? "the file's weights, seeded random input" : 'seeded random weights and input'}`],
    columns: [
      { header: 'Backend', kind: 'text' }, { header: 'Check', kind: 'text' }, { header: 'Layers', kind: 'text' },
      { header: 'Result', kind: 'text' }, { header: 'Mismatches', kind: 'text' },
    ],
    rows,
    notes,
  };
}

export function validationJson(r: ValidationResult): Record<string, unknown> {
  return { schema: 'flopscope.validate/1', model: r.model, input: r.input, weights: r.weights, ok: r.ok, checks: r.checks, runMs: r.runMs };
}

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('run the model on real backends and check every layer: shapes, params, MACs and element-wise counts, outputs')
    .argument('<model>', MODEL_ARGUMENT)
    .option('--backend <list>', `comma-separated backends (${backendNames().join(', ')})`, 'reference,onnxruntime')
    .option('--input <shape>', "concrete input shape NxCxHxW (default: the model's own)")
    .option('--set <key=value>', 'override a model option (repeatable)', collect, [])
    .option('--seed <n>', 'seed of the random weights and input', '0')
    .option('--tolerance <x>', `largest error allowed between backend outputs, per layer: max|a-b| / max(max|a|, ${NOISE} * max|x| of its inputs x)`, String(DEFAULT_TOLERANCE))
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', `
Outputs agree when, for every layer, max|a - b| <= tolerance * max(max|a|, ${NOISE} * max|x|) with x
its inputs: the tensor's own scale, or the float32 noise level of its inputs (${NOISE_FLOOR / FLOAT32_ULP} ulps) for a
tensor far smaller than them (the mean of a centred tensor is rounding noise near 1e-8).
Exit status: 0 when every check agrees, 1 when a layer mismatches (listed), 2 on a usage error.
Examples:
  flopscope validate resnet50 --input 1x3x64x64
  flopscope validate se_resnet50 --backend reference --format json`)
    .action(async (model: string, flags: ValidateFlags, cmd: Command) => {
      const asked = parseBackendList(flags.backend);
      const seed = parseCount('--seed', flags.seed);
      const tolerance = Number(flags.tolerance);
      if (!(tolerance >= 0)) throw new FlopscopeError('usage', `--tolerance expects a non-negative number, received '${flags.tolerance}'`);
      const arch = await resolveArchitecture(model, ctx.io.cwd, { unknownRemedy: 'validate runs every node, and flopscope has no kernel for it, so this model cannot be validated' });
      const graph = buildArchitecture(arch, { set: parseSets(flags.set), ...(flags.input !== undefined ? { input: flags.input } : {}) });
      // A missing backend fails (or, left to the default, is left out) before any run.
      const backends = await usableBackends(asked, cmd.getOptionValueSource('backend') !== 'default', ctx.io);
      checkRunFits(graph, backends, backends.length > 1, ctx.io.env);
      const progress = await progressBar(ctx.io, flags.format === 'json');
      let result: ValidationResult;
      try {
        result = await validateGraph(graph, { backends, seed, tolerance, onProgress: (b, d, t) => progress.update(d, t, b) });
      } finally {
        progress.stop();
      }
      ctx.io.stdout.write(flags.format === 'json' ? jsonText(validationJson(result)) : renderTerminal(validationTable(result)));
      ctx.exitCode = result.ok ? 0 : 1;
    });
}
