// Very deep networks: the page stays small and usable. The table keeps the costliest 1,000
// layers, the memory curve is thinned, and every chart draws at most MAX_GROUPS groups (the rest
// summed as 'other', which the chart says). 'deep' has 20,000 layers in four stages; 'flat' has
// 20,000 layers at its root, each a stage of its own. Before the cap, the flat page was 6.4 MB,
// drew 40,000 stage bars and 20,000 stage bands (155,694 elements), opened in 7.4 s and sorted
// in 3.4 s here; now 1.6 MB, about 16,000 elements, 1.3 s and 0.3 s.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../../src/cli/capture.js';
import { MAX_GROUPS } from '../../src/report/charts/cap.js';
import { MAX_TABLE_ROWS } from '../../src/report/html/layer-table.js';
import { MEMORY_POINTS } from '../../src/report/charts/report-memory.js';
import { launchBrowser, openPage, screenshot, type Browser, type OpenedPage } from './browser.js';
import { outputDir } from '../helpers/output.js';

const OUT = outputDir('pictures');
const FIXTURE = 'test/fixtures/pictures/deep.ts';

/** Bounds on this two-core shared machine, about four times what the pages take here. */
const MAX_BYTES = 2_000_000;
const MAX_LOAD_MS = 5_000;
const MAX_SORT_MS = 1_000;
const MAX_ELEMENTS = 25_000;

interface Opened { file: string; layers: number; opened: OpenedPage; loadMs: number }

let browser: Browser;
const pages: Record<string, Opened> = {};

async function open(name: 'deep' | 'flat'): Promise<Opened> {
  const file = join(OUT, `${name}.html`);
  const model = `${FIXTURE}#${name}`;
  const made = await runCaptured(['report', model, '--format', 'html', '-o', file]);
  expect(made.code, made.stderr).toBe(0);
  const layers = JSON.parse((await runCaptured(['report', model, '--format', 'json'])).stdout).layers.length;
  const t0 = Date.now();
  const opened = await openPage(browser, file);
  return { file, layers, opened, loadMs: Date.now() - t0 };
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launchBrowser();
  pages.deep = await open('deep');
  pages.flat = await open('flat');
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** Milliseconds from a click on a column head to the next frame drawn, measured in the page. */
function sortMs(page: Page, header: string): Promise<number> {
  return page.evaluate((text) => new Promise<number>((done) => {
    const th = [...document.querySelectorAll('table.layers th')].find((h) => h.textContent === text) as HTMLElement;
    const t0 = performance.now();
    th.click();
    requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
  }), header);
}

const marks = (page: Page, chart: string) => page.locator(`#chart-${chart} g.role-mark > *`).count();

describe.each(['deep', 'flat'] as const)('report --format html of a 20,000-layer network (%s)', (name) => {
  it('is a small file that opens quickly, with no error and no request', () => {
    const { file, layers, opened, loadMs } = pages[name];
    expect(layers).toBeGreaterThanOrEqual(20_000);
    expect(statSync(file).size).toBeLessThan(MAX_BYTES);
    expect(loadMs).toBeLessThan(MAX_LOAD_MS);
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
  });

  it('draws a bounded number of marks: groups capped, the memory curve thinned', async () => {
    const page = pages[name].opened.page;
    expect(await page.evaluate(() => document.getElementsByTagName('*').length)).toBeLessThan(MAX_ELEMENTS);
    // FLOPs and params panels, each group at most two bars (SE part and the rest).
    expect(await marks(page, 'stages')).toBeLessThanOrEqual(2 * 2 * MAX_GROUPS);
    expect(await marks(page, 'ops')).toBeLessThanOrEqual(2 * 2 * MAX_GROUPS);
    const points = await page.locator('#chart-memory g.role-mark.layers_marks > *').count();
    expect(points).toBeGreaterThan(MEMORY_POINTS / 2);
    expect(points).toBeLessThanOrEqual(MEMORY_POINTS);
    expect(await marks(page, 'memory')).toBeLessThanOrEqual(MEMORY_POINTS + 200);
  });

  it('keeps the costliest layers in the table, says so, and sorts them quickly', async () => {
    const { opened, layers } = pages[name];
    const page = opened.page;
    expect(await page.locator('table.layers tbody tr').count()).toBe(MAX_TABLE_ROWS);
    expect(await page.locator('p.note', { hasText: 'layers shown' }).innerText()).toBe(`${MAX_TABLE_ROWS.toLocaleString('en-US')} of ${layers.toLocaleString('en-US')} layers shown: those with the most FLOPs, in run order. flopscope report --format json lists them all.`);
    const ms = await sortMs(page, 'MACs');
    expect(ms).toBeLessThan(MAX_SORT_MS);
    const all = await page.locator('table.layers tbody tr td:nth-child(7)').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-v'))));
    expect(all).toEqual([...all].sort((a, b) => b - a));
  });

  it('is not blank', async () => {
    const shot = await screenshot(pages[name].opened.page, `report-${name}`, { fullPage: false });
    expect(shot.inkShare).toBeGreaterThan(0.05);
  });
});

describe('a network whose 20,000 layers are each a stage', () => {
  it('draws the stages with the most FLOPs and one "other" bar, and says so', async () => {
    const page = pages.flat.opened.page;
    const hidden = 20_000 - (MAX_GROUPS - 1);
    const other = `other (${hidden.toLocaleString('en-US')} stages)`;
    // The stage axis of each panel (FLOPs, params): MAX_GROUPS groups, 'other' last.
    const axes = await page.locator('#chart-stages g.role-axis[aria-label^="X-axis"]').evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    expect(axes).toEqual([0, 1].map(() => expect.stringMatching(new RegExp(`^X-axis for a discrete scale with ${MAX_GROUPS} values: .*ending with ${other.replace(/[()]/g, '\\$&')}$`))));
    expect(await page.locator('#chart-stages g.role-axis-label text', { hasText: other }).count()).toBe(2);
    const subtitle = (await page.locator('#chart-stages g.role-title-subtitle text').allTextContents()).join(' ');
    expect(subtitle).toContain(`the ${MAX_GROUPS - 1} stages with the most FLOPs; the other ${hidden.toLocaleString('en-US')} summed as '${other}'`);
    // The stage bands of the memory chart are left out, and the chart says so.
    expect(await page.locator('#chart-memory g.role-mark.stages_marks > *').count()).toBe(0);
    expect((await page.locator('#chart-memory g.role-title-subtitle text').allTextContents()).join(' ')).toContain('stages not shaded: 20,000 of them');
  });
});
