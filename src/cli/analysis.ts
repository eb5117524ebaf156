// The analysis a command runs for one model reference and its flags.
import { analyze, type CostReport } from '../cost/analyze.js';
import type { Graph } from '../ir/graph.js';
import { inertOverrides, resolveOptions } from '../dsl/family.js';
import { uncountedLine } from '../report/report-view.js';
import { buildArchitecture } from '../zoo.js';
import type { CliIO } from './io.js';
import { parseSets, type AnalysisFlags } from './options.js';
import { resolveArchitecture } from './resolve.js';

/** The analysis and the graph it was made from (the time model needs the graph's wiring). */
export async function analyzeRef(ref: string, flags: AnalysisFlags, io: CliIO): Promise<{ graph: Graph; report: CostReport }> {
  const arch = await resolveArchitecture(ref, io.cwd, { allowUnknown: flags.allowUnknown === true });
  const set = parseSets(flags.set);
  const graph = buildArchitecture(arch, { set, ...(flags.input !== undefined ? { input: flags.input } : {}) });
  // An override that changes nothing is a likely mistake: say so, without failing the run.
  for (const note of inertOverrides(arch, set, resolveOptions(arch, set))) io.stderr.write(`flopscope: note: ${note.text}\n`);
  const report = analyze(graph, { convention: flags.convention, dtype: flags.dtype });
  if (report.uncounted?.length) io.stderr.write(`flopscope: warning: ${uncountedLine(report.uncounted)}\n`);
  return { graph, report };
}
