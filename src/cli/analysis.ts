// The analysis a command runs for one model reference and its flags.
import { analyze, type CostReport } from '../cost/analyze.js';
import { buildArchitecture } from '../zoo.js';
import { parseSets, type AnalysisFlags } from './options.js';
import { resolveArchitecture } from './resolve.js';

export async function analyzeRef(ref: string, flags: AnalysisFlags, cwd: string): Promise<CostReport> {
  const arch = await resolveArchitecture(ref, cwd);
  const graph = buildArchitecture(arch, { set: parseSets(flags.set), ...(flags.input !== undefined ? { input: flags.input } : {}) });
  return analyze(graph, { convention: flags.convention, dtype: flags.dtype });
}
