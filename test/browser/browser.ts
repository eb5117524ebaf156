// A real browser for the page tests: Debian's chromium driven by playwright-core (no browser
// download), headless, with a fresh profile. Each page is opened from disk; every console message,
// page error and request is recorded so tests can insist on none.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { outputDir } from '../helpers/output.js';

export const CHROMIUM = process.env.FLOPSCOPE_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = outputDir('screenshots');

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (or set FLOPSCOPE_CHROMIUM)`);
  const profile = mkdtempSync(join(tmpdir(), 'flopscope-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface OpenedPage {
  readonly page: Page;
  /** Console errors and warnings, and uncaught page errors. */
  readonly problems: string[];
  /** Every URL the page asked for (the file itself included). */
  readonly requests: string[];
  readonly url: string;
}

/** Opens an HTML file from disk and waits until every chart is drawn. */
export async function openPage(browser: Browser, file: string): Promise<OpenedPage> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 30_000 });
  return { page, problems, requests, url };
}

/** Saves a screenshot under .flopscope-tmp/test-output/screenshots for a person to look at; returns its pixel statistics. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; selector?: string } = {}): Promise<{ file: string; inkShare: number; colours: number }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name}.png`);
  const buffer = options.selector ? await page.locator(options.selector).screenshot({ path: file }) : await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return { file, ...pixelStats(buffer) };
}

/** Share of pixels that are not white, and how many distinct colours there are. */
export function pixelStats(png: Buffer): { inkShare: number; colours: number } {
  const image = PNG.sync.read(png);
  let ink = 0;
  const colours = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
    if (r < 250 || g < 250 || b < 250) ink++;
    if (colours.size < 10_000) colours.add((r << 16) | (g << 8) | b);
  }
  return { inkShare: ink / (image.width * image.height), colours: colours.size };
}

/** The text of vega-tooltip's box after hovering an element. */
export async function tooltipAfterHover(page: Page, selector: string): Promise<string> {
  await page.locator(selector).first().hover({ force: true });
  const tip = page.locator('#vg-tooltip-element.visible');
  await tip.waitFor({ state: 'visible', timeout: 5000 });
  return (await tip.innerText()).replace(/\s+/g, ' ');
}

/**
 * Pairs of texts in a chart whose boxes intersect: mark labels (bar labels) against each other,
 * against axis labels and titles, and against bars. Empty when every label stands clear.
 */
export async function textOverlaps(page: Page, chart: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector)!;
    const box = (el: Element) => el.getBoundingClientRect();
    const hit = (a: DOMRect, b: DOMRect) => a.width > 0 && b.width > 0 && a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const labels = [...root.querySelectorAll('g.role-mark text')].filter((t) => t.textContent);
    const axisTexts = [...root.querySelectorAll('g.role-axis-label text, g.role-axis-title text')];
    const bars = [...root.querySelectorAll('g.role-mark path')];
    const out: string[] = [];
    labels.forEach((a, i) => {
      const ra = box(a);
      for (const b of labels.slice(i + 1)) if (hit(ra, box(b))) out.push(`label '${a.textContent}' on label '${b.textContent}'`);
      for (const b of axisTexts) if (hit(ra, box(b))) out.push(`label '${a.textContent}' on axis text '${b.textContent}'`);
      for (const b of bars) if (hit(ra, box(b))) out.push(`label '${a.textContent}' on a bar '${b.getAttribute('aria-label')}'`);
    });
    return out;
  }, chart);
}
