// GitHub Actions: workflow-command annotations (`::error file=...,line=...::...`) at the model's
// definition and at the calls of its top contributing layers, and a Markdown summary appended to
// the file GITHUB_STEP_SUMMARY names.
import { appendFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { FlopscopeError, type SourceSite } from '../errors.js';
import { grewText, problemMessages, topLayerText, type CheckRun } from './view.js';

/** Message text: %, CR and LF are escaped (GitHub's toolkit rules). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also escape ':' and ','. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface Annotation {
  readonly level: 'error' | 'warning';
  readonly site?: SourceSite;
  readonly title: string;
  readonly message: string;
}

/** One workflow command; the file path is relative to the repository root (`root`). */
export function annotationLine(a: Annotation, root: string): string {
  const props: string[] = [];
  if (a.site) {
    const file = isAbsolute(a.site.file) ? relative(root, a.site.file) : a.site.file;
    props.push(`file=${escapeProperty(file.split('\\').join('/'))}`, `line=${a.site.line}`, `col=${a.site.column}`);
  }
  props.push(`title=${escapeProperty(a.title)}`);
  return `::${a.level} ${props.join(',')}::${escapeData(a.message)}`;
}

/** Layers annotated per budget, at most: GitHub keeps few annotations per step; the summary lists all. */
const LAYER_ANNOTATIONS = 3;

/** Indices of `items` taking each metric's first, then each one's second, ...: every failing metric gets its say. */
function roundRobin<T extends { readonly metric: string }>(items: readonly T[]): number[] {
  const byMetric = new Map<string, number[]>();
  items.forEach((item, i) => byMetric.set(item.metric, [...(byMetric.get(item.metric) ?? []), i]));
  const lists = [...byMetric.values()];
  const out: number[] = [];
  for (let k = 0; out.length < items.length; k++) for (const list of lists) if (k < list.length) out.push(list[k]);
  return out;
}

/**
 * One annotation per budget not met, at the model's definition, with every message; then up to
 * LAYER_ANNOTATIONS at the layers to look at: those that grew most since the baseline when it
 * kept its layers, else the largest.
 */
export function annotations(run: CheckRun): Annotation[] {
  const out: Annotation[] = [];
  for (const r of run.results) {
    if (r.status === 'pass') continue;
    const level = r.status === 'warn' ? 'warning' : 'error';
    const title = r.status === 'error' ? `flopscope: budget '${r.budget.name}' could not be evaluated` : `flopscope: budget '${r.budget.name}' exceeded`;
    const grew = r.grew.length > 0;
    const layers = roundRobin<{ readonly metric: string; readonly site?: SourceSite }>(grew ? r.grew : r.top).filter((i) => (grew ? r.grew[i] : r.top[i]).site);
    const shown = layers.slice(0, LAYER_ANNOTATIONS);
    const rest = layers.length - shown.length;
    const more = rest > 0 ? ` (${rest} more layer${rest === 1 ? '' : 's'} in the step summary)` : '';
    out.push({ level, ...(r.definition ? { site: r.definition } : {}), title, message: `${r.budget.model}: ${problemMessages(r).join('; ')}${more}` });
    for (const i of shown) {
      out.push(grew
        ? { level, site: r.grew[i].site!, title: `flopscope: grew since the baseline (budget '${r.budget.name}')`, message: grewText(r, i, run.cwd) }
        : { level, site: r.top[i].site!, title: `flopscope: top layer of budget '${r.budget.name}'`, message: topLayerText(r, i, run.cwd) });
    }
  }
  return out;
}

export function githubAnnotations(run: CheckRun, root: string): string {
  return annotations(run).map((a) => annotationLine(a, root) + '\n').join('');
}

export function appendStepSummary(file: string, markdown: string): void {
  try {
    appendFileSync(file, markdown.endsWith('\n') ? markdown : markdown + '\n');
  } catch (e) {
    throw new FlopscopeError('resource', `cannot append to GITHUB_STEP_SUMMARY (${file}): ${(e as Error).message}`);
  }
}
