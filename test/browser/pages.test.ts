// The compare, whatif and profile pages in chromium: drawn without errors or network, a mark per
// stage and model, per configuration, per op kind and layer, exact figures on hover.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../../src/cli/capture.js';
import { writeDevice } from '../helpers/device.js';
import { launchBrowser, openPage, screenshot, textOverlaps, tooltipAfterHover, type Browser } from './browser.js';
import { outputDir } from '../helpers/output.js';

const OUT = outputDir('pictures');
let DEVICE: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  DEVICE = writeDevice(OUT);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function make(name: string, argv: string[]): Promise<string> {
  const file = join(OUT, `${name}.html`);
  const r = await runCaptured([...argv, '--format', 'html', '-o', file]);
  expect(r.code, r.stderr).toBe(0);
  return file;
}

const count = (page: import('playwright-core').Page, selector: string) => page.locator(selector).count();

describe('compare --format html', () => {
  it('draws a bar per stage and model and a delta per stage, with exact figures on hover', async () => {
    const argv = ['compare', 'resnet50_v1', 'se_resnet50', '--convention', 'paper'];
    const json = JSON.parse((await runCaptured([...argv, '--by', 'stage', '--format', 'json'])).stdout);
    const stages: string[] = json.groups[0].rows.map((r: { name: string }) => r.name);
    const opened = await openPage(browser, await make('compare', argv));
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
    const page = opened.page;
    expect(await count(page, '#chart-groups g.role-mark.flops_values_marks > path')).toBe(stages.length * 2);
    expect(await count(page, '#chart-groups g.role-mark.flops_change_marks > path')).toBe(stages.length);
    expect(await count(page, '#chart-groups g.role-mark.flops_labels_marks > text')).toBe(stages.length);
    expect(await count(page, '#chart-totals g.role-mark.change_marks > path')).toBe(7);
    // The SE model's params in layer4: its exact total from the JSON, shown on hover.
    const se = json.groups[1].rows.find((r: { name: string }) => r.name === 'layer4');
    const bar = '#chart-groups g.role-mark.params_values_marks > path[aria-label*="layer4"][aria-label*="se_resnet50"]';
    expect(await count(page, bar)).toBe(1);
    const tip = await tooltipAfterHover(page, bar);
    expect(tip).toContain('layer4');
    expect(tip).toContain(se.params.toLocaleString('en-US'));
    const shot = await screenshot(page, 'compare-resnet50-se_resnet50');
    expect(shot.inkShare).toBeGreaterThan(0.05);
  });
});

describe('compare --format html of models with different stages', () => {
  it('draws every change label clear of the bars, the axes and the other labels', async () => {
    const argv = ['compare', 'resnet50_v1', 'se_resnet50', 'mobilenet_v2'];
    const json = JSON.parse((await runCaptured([...argv, '--by', 'stage', '--format', 'json'])).stdout);
    const stages = new Set<string>(json.groups.flatMap((g: { rows: Array<{ name: string }> }) => g.rows.map((r) => r.name)));
    const opened = await openPage(browser, await make('compare-3', argv));
    expect(opened.problems).toEqual([]);
    const page = opened.page;
    // Two changed models per stage, one line each.
    expect(await count(page, '#chart-groups g.role-mark.flops_labels_marks > text')).toBe(stages.size * 2);
    for (const chart of ['groups', 'totals']) {
      expect(await textOverlaps(page, `#chart-${chart}`), chart).toEqual([]);
    }
    const shot = await screenshot(page, 'compare-three-models');
    expect(shot.inkShare).toBeGreaterThan(0.05);
  });
});

describe('whatif --format html', () => {
  it('draws a point per configuration, the baseline and the front; any two metrics; --set values on hover', async () => {
    const argv = ['whatif', 'se_resnet50', '--sweep', 'reduction=4,8,16,32', '--sweep', 'se_stages=1,2,3,4/2,3,4/3,4', '--convention', 'paper', '--baseline', 'resnet50_v1'];
    const json = JSON.parse((await runCaptured([...argv, '--format', 'json'])).stdout);
    const opened = await openPage(browser, await make('whatif', argv));
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
    const page = opened.page;
    expect(await count(page, '#chart-scatter g.role-mark.configurations_marks > path')).toBe(json.rows.length);
    expect(await count(page, '#chart-scatter g.role-mark.baseline_layer_0_marks > path')).toBe(1);
    expect(await count(page, '#chart-scatter g.role-mark.front_marks > path')).toBe(1);
    const titles = () => page.locator('#chart-scatter g.role-axis-title text').allTextContents();
    expect(await titles()).toEqual(['Params', "FLOPs (convention 'paper')"]);
    // The first configuration on hover: its --set values and its exact FLOPs.
    const first = json.rows[0];
    const tip = await tooltipAfterHover(page, '#chart-scatter g.role-mark.configurations_marks > path >> nth=0');
    expect(tip).toContain(`reduction=${first.set.reduction} · se_stages=${first.set.se_stages.join(',')}`);
    expect(tip).toContain(first.totals.flops.toLocaleString('en-US'));
    // Another pair of metrics from the menus.
    await page.locator('#chart-scatter select').nth(1).selectOption('activationBytes');
    await page.waitForFunction(() => [...document.querySelectorAll('#chart-scatter g.role-axis-title text')].some((t) => t.textContent === 'Activations'));
    expect(await titles()).toEqual(['Params', 'Activations']);
    expect(opened.problems).toEqual([]);
    const shot = await screenshot(page, 'whatif-se_resnet50');
    expect(shot.inkShare).toBeGreaterThan(0.05);
  });
});

describe('report --device --format html', () => {
  it('has a predicted-time column that sorts, and the time chart shows a stage\'s exact predicted seconds on hover', async () => {
    const argv = ['report', 'se_resnet50', '--device', DEVICE];
    const json = JSON.parse((await runCaptured([...argv, '--format', 'json'])).stdout);
    const layers: Array<{ name: string; stage: string; tags?: string[]; predictedSeconds: number }> = json.layers;
    const opened = await openPage(browser, await make('report-device', argv));
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
    const page = opened.page;
    const isSE = (l: (typeof layers)[number]) => (l.tags ?? []).includes('se');
    expect(await count(page, '#chart-time g.role-mark.stage_seconds_marks > path')).toBe(new Set(layers.map((l) => `${l.stage}|${isSE(l)}`)).size);
    // Sorted by predicted time, the slowest first (ties, such as fused layers at 0, in run order).
    const names = () => page.locator('table.layers tbody tr:not([hidden]) td.name').allTextContents();
    await page.locator('table.layers th', { hasText: /^Pred\. time \(ms\)$/ }).click();
    const slowest = layers.map((l, i) => ({ l, i })).sort((a, b) => b.l.predictedSeconds - a.l.predictedSeconds || a.i - b.i).map(({ l }) => l.name);
    expect(await names()).toEqual(slowest);
    const top = layers.find((l) => l.name === slowest[0])!;
    const header = await page.locator('table.layers thead th').allTextContents();
    const cell = page.locator('table.layers tbody tr').first().locator('td').nth(header.findIndex((h) => h.startsWith('Pred. time')));
    expect(await cell.textContent()).toBe((top.predictedSeconds * 1e3).toFixed(3));
    expect(await cell.getAttribute('title')).toBe(`${(top.predictedSeconds * 1e3).toFixed(2)} ms (${top.predictedSeconds} s)`);
    // layer3 without its SE blocks: its layers' seconds summed in run order, exactly as the JSON gives them.
    const sum = layers.filter((l) => l.stage === 'layer3' && !isSE(l)).reduce((s, l) => s + l.predictedSeconds, 0);
    const tip = await tooltipAfterHover(page, '#chart-time g.role-mark.stage_seconds_marks > path[aria-label*="layer3"][aria-label*="other layers"]');
    expect(tip).toContain(`${(sum * 1e3).toFixed(2)} ms (${sum} s)`);
    expect(opened.problems).toEqual([]);
    const shot = await screenshot(page, 'report-se_resnet50-device');
    expect(shot.inkShare).toBeGreaterThan(0.05);
  });
});

describe('whatif --device --format html', () => {
  it('starts at predicted time against FLOPs, shows a configuration\'s exact predicted time on hover, and offers time in the menus', async () => {
    const argv = ['whatif', 'se_resnet50', '--sweep', 'se_stages=1/2/3/4/1,2,3,4', '--sweep', 'reduction=8,16', '--input', '1x3x64x64', '--device', DEVICE];
    const json = JSON.parse((await runCaptured([...argv, '--format', 'json'])).stdout);
    const opened = await openPage(browser, await make('whatif-device', argv));
    expect(opened.problems).toEqual([]);
    const page = opened.page;
    expect(await count(page, '#chart-scatter g.role-mark.configurations_marks > path')).toBe(json.rows.length);
    const titles = () => page.locator('#chart-scatter g.role-axis-title text').allTextContents();
    expect(await titles()).toEqual(["FLOPs (convention 'macs')", 'Predicted time (ms)']);
    // Points of nearby configurations overlap: the hovered one is whichever the tooltip names.
    const tip = await tooltipAfterHover(page, '#chart-scatter g.role-mark.configurations_marks > path >> nth=0');
    type Row = { set: { se_stages: number[]; reduction: number }; totals: { predictedSeconds: number } };
    const hovered = (json.rows as Row[]).filter((r) => tip.includes(`--set se_stages=${r.set.se_stages.join(',')} · reduction=${r.set.reduction} `));
    expect(hovered).toHaveLength(1);
    expect(tip).toContain(`Predicted time (ms) ${(hovered[0].totals.predictedSeconds * 1e3).toFixed(2)} ms (${hovered[0].totals.predictedSeconds} s)`);
    // Time on the other axis: params against predicted time.
    await page.locator('#chart-scatter select').nth(0).selectOption('params');
    await page.waitForFunction(() => [...document.querySelectorAll('#chart-scatter g.role-axis-title text')].some((t) => t.textContent === 'Params'));
    expect(await titles()).toEqual(['Params', 'Predicted time (ms)']);
    expect(opened.problems).toEqual([]);
  });
});

describe('profile --format html', () => {
  it('draws time and FLOPs shares per op kind with an SE row, and a roofline point per placed layer', async () => {
    const argv = ['profile', 'se_resnet50', '--input', '1x3x64x64', '--runs', '2'];
    const opened = await openPage(browser, await make('profile', argv));
    expect(opened.problems).toEqual([]);
    expect(opened.requests).toEqual([opened.url]);
    const page = opened.page;
    // The page's own data: every layer it placed is a point, and the SE row is there.
    const specs = JSON.parse(await page.locator('#flopscope-charts').textContent() ?? '{}');
    const shares = specs.shares.spec.data.values as Array<{ group: string }>;
    const groups = new Set(shares.map((v) => v.group));
    expect(groups.has('SE blocks')).toBe(true);
    expect(await count(page, '#chart-shares g.role-mark.layer_0_marks > path')).toBe(groups.size * 2);
    const placed = specs.roofline.spec.layer.find((l: { name?: string }) => l.name === 'layers').data.values.length;
    expect(await count(page, '#chart-roofline g.role-mark.layers_marks > path')).toBe(placed);
    // Convolutions all have FLOPs and traffic: each is placed.
    const json = JSON.parse((await runCaptured([...argv, '--format', 'json'])).stdout);
    expect(placed).toBeGreaterThanOrEqual(json.layers.filter((l: { op: string }) => l.op === 'conv2d').length);
    const ceilings = await page.locator('#chart-roofline g.role-mark text').allTextContents();
    expect(ceilings.some((t) => /^compute ceiling \d+\.\d [KMGT]FLOP\/s$/.test(t))).toBe(true);
    expect(ceilings.some((t) => /^memory ceiling \d+\.\d [KMGT]B\/s$/.test(t))).toBe(true);
    const tip = await tooltipAfterHover(page, '#chart-roofline g.role-mark.layers_marks > path >> nth=0');
    expect(tip).toMatch(/\d+\.\d{2} GFLOP\/s/);
    const shot = await screenshot(page, 'profile-se_resnet50');
    expect(shot.inkShare).toBeGreaterThan(0.05);
  });
});
