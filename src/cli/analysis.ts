// The analysis a command runs for one model reference and its flags.
import { analyze, type CostReport } from '../cost/analyze.js';
import { inertOverrides, resolveOptions } from '../dsl/family.js';
import type { Graph } from '../ir/graph.js';
import { buildArchitecture } from '../zoo.js';
import type { CliIO } from './io.js';
import { parseSets, type AnalysisFlags } from './options.js';
import { resolveArchitecture } from './resolve.js';

/** The graph of a model reference with its --set and --input applied. */
export async function buildRef(ref: string, flags: Pick<AnalysisFlags, 'input' | 'set'>, io: CliIO): Promise<Graph> {
  const arch = await resolveArchitecture(ref, io.cwd);
  const set = parseSets(flags.set);
  const graph = buildArchitecture(arch, { set, ...(flags.input !== undefined ? { input: flags.input } : {}) });
  // An override that changes nothing is a likely mistake: say so, without failing the run.
  for (const note of inertOverrides(arch, set, resolveOptions(arch, set))) io.stderr.write(`flopscope: note: ${note.text}\n`);
  return graph;
}

export async function analyzeRef(ref: string, flags: AnalysisFlags, io: CliIO): Promise<CostReport> {
  return analyze(await buildRef(ref, flags, io), { convention: flags.convention, dtype: flags.dtype });
}
