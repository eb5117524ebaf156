// The op catalogue as a table (`flopscope ops`, and the README's op table, which a test keeps equal
// to this output): per op, what it counts, its parameters, and its rule in every convention.
import { CONVENTIONS } from '../cost/conventions/index.js';
import { CATALOGUE } from '../ops/catalogue.js';
import type { CountsDoc, OpDef } from '../ops/types.js';
import { WORK_KINDS } from '../ops/types.js';
import type { Column, Tabular } from './tabular.js';

/** What an op counts, in one cell: "MACs ...; add ...". */
export function countsText(counts: CountsDoc): string {
  if (counts === 'none') return 'no arithmetic (moves data)';
  const parts: string[] = [];
  if (counts.macs) parts.push(`MACs ${counts.macs}`);
  for (const k of WORK_KINDS) if (counts[k]) parts.push(`${k} ${counts[k]}`);
  return parts.join('; ');
}

export interface OpEntry {
  readonly name: string;
  readonly category: string;
  readonly summary: string;
  readonly counts: CountsDoc;
  readonly params: string;
  readonly conventions: Readonly<Record<string, { readonly kind: string; readonly rule: string }>>;
}

function entry(def: OpDef): OpEntry {
  const conventions: Record<string, { kind: string; rule: string }> = {};
  for (const c of CONVENTIONS) {
    const rule = c.rules[def.name as keyof typeof c.rules];
    conventions[c.name] = { kind: rule.kind, rule: rule.text };
  }
  return { name: def.name, category: def.category, summary: def.summary, counts: def.counts, params: def.paramsDoc ?? 'none', conventions };
}

export function opEntries(): OpEntry[] {
  return CATALOGUE.map((d) => entry(d));
}

export function opsTable(): Tabular {
  const columns: Column[] = [
    { header: 'op', kind: 'text' },
    { header: 'counts (per output element unless stated)', kind: 'text' },
    { header: 'params', kind: 'text' },
    ...CONVENTIONS.map((c) => ({ header: c.name, kind: 'text' as const })),
  ];
  const rows = opEntries().map((e) => [e.name, countsText(e.counts), e.params, ...CONVENTIONS.map((c) => e.conventions[c.name].rule)]);
  return { title: [], columns, rows };
}

export function opsJson(): object {
  return { schema: 'flopscope.ops/1', conventions: CONVENTIONS.map((c) => ({ name: c.name, title: c.title, rule: c.rule })), ops: opEntries() };
}
