// JUnit XML, for CI systems that show test reports: one test case per budget; a budget not met
// is a failure, one not evaluated an error, a warning passes with its message in system-out.
import type { BudgetResult } from './evaluate.js';
import { displayPath } from '../paths.js';
import { grewText, noteMessages, problemMessages, topLayerText, type CheckRun } from './view.js';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function details(r: BudgetResult, cwd: string): string {
  return [...problemMessages(r), ...r.grew.map((_, i) => `grew since the baseline: ${grewText(r, i, cwd)}`), ...r.top.map((_, i) => `top layer: ${topLayerText(r, i, cwd)}`), ...noteMessages(r)].join('\n');
}

/** Where the test case is: the model's definition (a zoo model: its budget in the config), as a path and a line. */
function location(r: BudgetResult, cwd: string): string {
  const at = r.definition ?? r.budget.site;
  return ` file="${xml(displayPath(at.file, cwd).split('\\').join('/'))}" line="${at.line}"`;
}

function testCase(r: BudgetResult, cwd: string): string {
  const open = `    <testcase classname="flopscope.budget" name="${xml(r.budget.name)}"${location(r, cwd)}>`;
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
