// JUnit XML, for CI systems that show test reports: one test case per budget; a budget not met
// is a failure, one not evaluated an error, a warning passes with its message in system-out.
import type { BudgetResult } from './evaluate.js';
import { noteMessages, problemMessages, topLayerText, type CheckRun } from './view.js';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function details(r: BudgetResult, cwd: string): string {
  return [...problemMessages(r), ...r.top.map((_, i) => `top layer: ${topLayerText(r, i, cwd)}`), ...noteMessages(r)].join('\n');
}

function testCase(r: BudgetResult, cwd: string): string {
  const open = `    <testcase classname="flopscope.budget" name="${xml(r.budget.name)}" file="${xml(r.budget.model)}">`;
  const first = xml(problemMessages(r)[0] ?? '');
  switch (r.status) {
    case 'pass':
      return noteMessages(r).length ? `${open}\n      <system-out>NOTE: ${xml(noteMessages(r).join('\n'))}</system-out>\n    </testcase>` : `${open}</testcase>`;
    case 'warn':
      return `${open}\n      <system-out>WARN: ${xml(details(r, cwd))}</system-out>\n    </testcase>`;
    case 'fail':
      return `${open}\n      <failure message="${first}" type="budget">${xml(details(r, cwd))}</failure>\n    </testcase>`;
    case 'error':
      return `${open}\n      <error message="${first}" type="invalid">${xml(details(r, cwd))}</error>\n    </testcase>`;
  }
}

export function checkJunit(run: CheckRun): string {
  const count = (s: BudgetResult['status']) => run.results.filter((r) => r.status === s).length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="flopscope check" tests="${run.results.length}" failures="${count('fail')}" errors="${count('error')}">`,
    `  <testsuite name="${xml(run.configShown)}" tests="${run.results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="0">`,
    ...run.results.map((r) => testCase(r, run.cwd)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
