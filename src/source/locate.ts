// Source locations of layers. The run-time stack says which call (file, line, and a column in
// the JavaScript jiti ran) created each layer object; the inline source map brings the column
// back to the TypeScript (`toOriginal` in sourcemap.ts, cheap, done for every site when a user
// architecture is built); ts-morph then finds the exact call expression there and confirms it is a DSL call
// (`locateSite`, only for sites that are shown; a file's calls are indexed once and the index
// kept between runs, call-cache.ts). The result is the start of the call, also
// inside helper functions and loops.
import { FlopscopeError, formatSite, type SourceSite } from '../errors.js';
import type { CostReport } from '../cost/analyze.js';
import type { Graph, Node } from '../ir/graph.js';
import { displayPath } from '../paths.js';
import { isUserFile } from './transformed.js';
import type { CallIndex } from './calls.js';
import { fileCallIndex } from './call-cache.js';
import { toOriginal } from './sourcemap.js';

/** A located site: where the DSL call starts, and which DSL function it calls. */
export interface LocatedSite extends SourceSite {
  readonly call?: string;
}

/** A site (in source coordinates) moved to the start of the DSL call expression there; `index` gives a file's calls. */
export function locateSite(site: SourceSite, index: (file: string) => CallIndex = fileCallIndex): LocatedSite {
  if (!isUserFile(site.file)) return site;
  const call = index(site.file).at(site.line, site.column);
  if (!call) return site;
  return { file: site.file, line: call.line, column: call.column, call: call.dslName ?? call.callee };
}

/** A memo of located sites for one batch (many layers share a call: a block built in a loop); each file is read and indexed once. */
export function siteLocator(): (site: SourceSite) => LocatedSite {
  const memo = new Map<string, LocatedSite>();
  const indexes = new Map<string, CallIndex>();
  const index = (file: string): CallIndex => {
    let hit = indexes.get(file);
    if (!hit) indexes.set(file, (hit = fileCallIndex(file)));
    return hit;
  };
  return (site) => {
    const key = formatSite(site);
    let hit = memo.get(key);
    if (!hit) memo.set(key, (hit = locateSite(site, index)));
    return hit;
  };
}

/** The graph with every node's site at the exact DSL call. */
export function locateGraph(graph: Graph): Graph {
  const locate = siteLocator();
  const nodes: Node[] = graph.nodes.map((node) => (node.site ? { ...node, site: locate(node.site) } : node));
  return { ...graph, nodes };
}

/** The error with its site, and the site quoted in its message, at the exact call. */
export function locateError(error: FlopscopeError, runtime: boolean): FlopscopeError {
  // A throw in user code is located already: where it was thrown, not the call around it.
  if (!error.site || !isUserFile(error.site.file) || error.code === 'user-code') return error;
  const located = locateSite(runtime ? toOriginal(error.site) : error.site);
  const plain: SourceSite = { file: located.file, line: located.line, column: located.column };
  const message = error.message.split(formatSite(error.site)).join(formatSite(plain));
  return new FlopscopeError(error.code, message, error.layer, plain);
}

/** The report with every layer's site at the exact call, its path relative to `cwd` when inside. */
export function locateReport(report: CostReport, cwd?: string): CostReport {
  const locate = siteLocator();
  const layers = report.layers.map((l) => {
    if (!l.site) return l;
    const s = locate(l.site);
    return { ...l, site: { file: cwd ? displayPath(s.file, cwd) : s.file, line: s.line, column: s.column } };
  });
  return { ...report, layers };
}
