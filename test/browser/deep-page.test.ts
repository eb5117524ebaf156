// A 20,000-layer network: the page stays small and usable (the table keeps the costliest 1,000
// layers, the memory curve is thinned), draws without errors and sorts quickly.
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../../src/cli/capture.js';
import { MAX_TABLE_ROWS } from '../../src/report/html/layer-table.js';
import { MEMORY_POINTS } from '../../src/report/charts/report-memory.js';
import { launchBrowser, openPage, screenshot, type Browser, type OpenedPage } from './browser.js';

const OUT = resolve(__dirname, '..', '.tmp', 'pictures');
const MODEL = 'test/fixtures/pictures/deep.ts#deep';

let browser: Browser;
let opened: OpenedPage;
let file: string;
let layerCount: number;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  file = join(OUT, 'deep.html');
  const made = await runCaptured(['report', MODEL, '--format', 'html', '-o', file]);
  expect(made.code, made.stderr).toBe(0);
  layerCount = JSON.parse((await runCaptured(['report', MODEL, '--format', 'json'])).stdout).layers.length;
  browser = await launchBrowser();
  const t0 = Date.now();
  opened = await openPage(browser, file);
  loadMs = Date.now() - t0;
});

let loadMs = 0;

afterAll(async () => {
  await browser?.close();
});

describe('report --format html of a 20,000-layer network', () => {
  it('is a small file that opens quickly, with no error and no request', () => {
    expect(layerCount).toBeGreaterThanOrEqual(20_000);
    expect(statSync(file).size).toBeLessThan(2_000_000);
    expect(loadMs).toBeLessThan(15_000);
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
  });

  it('keeps the costliest layers in the table, says so, and thins the memory curve', async () => {
    const page = opened.page;
    expect(await page.locator('table.layers tbody tr').count()).toBe(MAX_TABLE_ROWS);
    expect(await page.locator('p.note', { hasText: 'layers shown' }).innerText()).toBe(`${MAX_TABLE_ROWS.toLocaleString('en-US')} of ${layerCount.toLocaleString('en-US')} layers shown: those with the most FLOPs, in run order. flopscope report --format json lists them all.`);
    const points = await page.locator('#chart-memory g.role-mark.layers_marks > *').count();
    expect(points).toBeGreaterThan(MEMORY_POINTS / 2);
    expect(points).toBeLessThanOrEqual(MEMORY_POINTS);
  });

  it('sorts 1,000 rows by MACs within two seconds', async () => {
    const page = opened.page;
    const t0 = Date.now();
    await page.locator('table.layers th', { hasText: /^MACs$/ }).click();
    const first = await page.locator('table.layers tbody tr').first().locator('td').nth(6).getAttribute('data-v');
    expect(Date.now() - t0).toBeLessThan(2000);
    const all = await page.locator('table.layers tbody tr td:nth-child(7)').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-v'))));
    expect(Number(first)).toBe(Math.max(...all));
    expect(all).toEqual([...all].sort((a, b) => b - a));
  });

  it('is not blank', async () => {
    const shot = await screenshot(opened.page, 'report-deep', { fullPage: false });
    expect(shot.inkShare).toBeGreaterThan(0.05);
  });
});
