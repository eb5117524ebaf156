// The terminal and Markdown reports of a check run: a table of budgets, then what broke where.
import { renderMarkdown, renderTerminal, type Tabular } from '../report/tabular.js';
import { grewText, noteMessages, problemMessages, ROW_HEADERS, rowCells, shownSite, STATUS_WORD, summaryLine, topLayerText, type CheckRun } from './view.js';

function tabular(run: CheckRun, nl: string, title: string[]): Tabular {
  // The change column only means something against a baseline.
  const width = run.baselineShown ? ROW_HEADERS.length : ROW_HEADERS.length - 1;
  return {
    title,
    columns: ROW_HEADERS.slice(0, width).map((header) => ({ header, kind: 'text' as const })),
    rows: run.results.map((r) => rowCells(r, nl).slice(0, width)),
  };
}

function headline(run: CheckRun): string {
  const baseline = run.baselineShown ? ` · baseline ${run.baselineShown}` : '';
  return `flopscope check · ${run.configShown}${baseline}`;
}

export function checkTable(run: CheckRun): string {
  const lines: string[] = [];
  for (const r of run.results) {
    if (r.status === 'pass') {
      for (const note of noteMessages(r)) lines.push('', `NOTE ${r.budget.name} (${r.budget.model})`, `  ${note}`);
      continue;
    }
    const messages = [...problemMessages(r), ...noteMessages(r)];
    lines.push('', `${STATUS_WORD[r.status]} ${r.budget.name} (${r.budget.model})${r.definition ? ` at ${shownSite(r.definition, run.cwd)}` : ''}`);
    for (const m of messages) lines.push(`  ${m}`);
    if (r.grew.length) {
      lines.push('  grew most since the baseline:');
      r.grew.forEach((_, i) => lines.push(`    ${grewText(r, i, run.cwd)}`));
    }
    if (r.top.length) {
      lines.push('  top contributing layers:');
      r.top.forEach((_, i) => lines.push(`    ${topLayerText(r, i, run.cwd)}`));
    }
  }
  lines.push('', summaryLine(run));
  if (run.baselineWritten) lines.push(`baseline written to ${run.baselineWritten}`);
  return renderTerminal({ ...tabular(run, '\n', [headline(run)]), notes: lines });
}

export function checkMarkdown(run: CheckRun): string {
  const lines: string[] = [];
  for (const r of run.results) {
    if (r.status === 'pass') {
      for (const note of noteMessages(r)) lines.push('', `**NOTE ${r.budget.name}** (\`${r.budget.model}\`)`, `- ${note}`);
      continue;
    }
    lines.push('', `**${STATUS_WORD[r.status]} ${r.budget.name}** (\`${r.budget.model}\`${r.definition ? `, ${shownSite(r.definition, run.cwd)}` : ''})`);
    for (const m of [...problemMessages(r), ...noteMessages(r)]) lines.push(`- ${m}`);
    r.grew.forEach((_, i) => lines.push(`- grew since the baseline: ${grewText(r, i, run.cwd)}`));
    r.top.forEach((_, i) => lines.push(`- top layer: ${topLayerText(r, i, run.cwd)}`));
  }
  lines.push('', summaryLine(run));
  if (run.baselineWritten) lines.push('', `baseline written to ${run.baselineWritten}`);
  return renderMarkdown({ ...tabular(run, '<br>', [headline(run)]), notes: lines });
}
