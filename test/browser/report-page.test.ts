// The report page in a real browser: drawn without errors or network, one mark per stage part,
// op part, top layer and layer, exact figures in tooltips, a table that sorts and filters.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../../src/cli/capture.js';
import { launchBrowser, openPage, screenshot, tooltipAfterHover, type Browser, type OpenedPage } from './browser.js';
import { outputDir } from '../helpers/output.js';

const OUT = outputDir('pictures');

interface LayerJson { name: string; op: string; stage: string; tags?: string[]; macs: number; flops: number; params: number }

let browser: Browser;
let opened: OpenedPage;
let layers: LayerJson[];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, 'se_resnet50.html');
  const made = await runCaptured(['report', 'se_resnet50', '--convention', 'paper', '--format', 'html', '-o', file]);
  expect(made.code, made.stderr).toBe(0);
  const json = await runCaptured(['report', 'se_resnet50', '--convention', 'paper', '--format', 'json']);
  layers = JSON.parse(json.stdout).layers;
  browser = await launchBrowser();
  opened = await openPage(browser, file);
});

afterAll(async () => {
  await browser?.close();
});

const isSE = (l: LayerJson) => (l.tags ?? []).includes('se');
const pairs = (key: (l: LayerJson) => string) => new Set(layers.map((l) => `${key(l)}|${isSE(l)}`)).size;
const marks = (chart: string, name: string) => opened.page.locator(`#chart-${chart} g.role-mark.${name} > *`).count();

describe('report --format html in chromium', () => {
  it('draws with no console error and no request but the file itself', () => {
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
  });

  it('draws one bar per stage and SE part, per op kind and SE part, per top layer, one point per layer', async () => {
    // FLOPs panel (concat_0) and params panel (concat_1) each have a bar per (group, SE or not).
    expect(await marks('stages', 'concat_0_marks')).toBe(pairs((l) => l.stage));
    expect(await marks('stages', 'concat_1_marks')).toBe(pairs((l) => l.stage));
    expect(await marks('ops', 'concat_0_marks')).toBe(pairs((l) => l.op));
    expect(await marks('top-layers', 'marks')).toBe(Math.min(20, layers.filter((l) => l.flops > 0).length));
    expect(await marks('memory', 'layers_marks')).toBe(layers.length);
    expect(await marks('memory', 'stages_marks')).toBe(new Set(layers.map((l) => l.stage)).size);
  });

  it('names the convention on every FLOPs axis', async () => {
    for (const chart of ['stages', 'ops', 'top-layers']) {
      const titles = await opened.page.locator(`#chart-${chart} g.role-axis-title text`).allTextContents();
      expect(titles.filter((t) => t.startsWith('FLOPs')), chart).toEqual(["FLOPs (convention 'paper')"]);
    }
  });

  it('shows the exact FLOPs of the costliest layer in its tooltip', async () => {
    const top = [...layers].sort((a, b) => b.flops - a.flops)[0];
    const text = await tooltipAfterHover(opened.page, '#chart-top-layers g.role-mark.marks > path');
    expect(text).toContain(top.name);
    expect(text).toContain(top.flops.toLocaleString('en-US'));
  });

  it('sorts the table by MACs, largest first, and filters it by op, stage and name', async () => {
    const page = opened.page;
    const names = () => page.locator('table.layers tbody tr:not([hidden]) td.name').allTextContents();
    expect(await names()).toEqual(layers.map((l) => l.name));
    await page.locator('table.layers th', { hasText: /^MACs$/ }).click();
    const byMacs = layers.map((l, i) => ({ l, i })).sort((a, b) => b.l.macs - a.l.macs || a.i - b.i).map(({ l }) => l.name);
    const sorted = await names();
    expect(sorted).toEqual(byMacs);
    expect(sorted).not.toEqual(layers.map((l) => l.name));
    // A number's exact value is its cell's tooltip.
    const firstMacs = page.locator('table.layers tbody tr').first().locator('td').nth(6);
    expect(await firstMacs.getAttribute('title')).toBe(Math.max(...layers.map((l) => l.macs)).toLocaleString('en-US'));

    await page.selectOption('#filter-op', 'sigmoid');
    expect((await names()).sort()).toEqual(layers.filter((l) => l.op === 'sigmoid').map((l) => l.name).sort());
    await page.selectOption('#filter-stage', 'layer2');
    expect((await names()).sort()).toEqual(layers.filter((l) => l.op === 'sigmoid' && l.stage === 'layer2').map((l) => l.name).sort());
    await page.selectOption('#filter-op', '');
    await page.selectOption('#filter-stage', '');
    await page.fill('#filter-name', 'layer3.2.');
    expect((await names()).sort()).toEqual(layers.filter((l) => l.name.includes('layer3.2.')).map((l) => l.name).sort());
    await page.fill('#filter-name', '');
    await page.check('#filter-se');
    expect(await names()).toHaveLength(layers.filter(isSE).length);
    await page.uncheck('#filter-se');
  });

  it('looks like something: a full-page screenshot is far from blank', async () => {
    const shot = await screenshot(opened.page, 'report-se_resnet50');
    expect(shot.inkShare).toBeGreaterThan(0.05);
    expect(shot.colours).toBeGreaterThan(20);
  });
});
