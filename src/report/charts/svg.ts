// A chart as SVG, rendered in Node without a browser (vega's headless View.toSVG).
import type { TopLevelSpec } from 'vega-lite';
import { loadVega, saveVegaCache } from './vega-runtime.js';

export interface SvgChart {
  readonly svg: string;
  /** What vega-lite and vega warned about while drawing (empty for a well-formed chart). */
  readonly warnings: readonly string[];
}

export async function renderSvg(spec: TopLevelSpec): Promise<SvgChart> {
  const { vega, vegaLite } = loadVega();
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  // Per-mark ARIA labels help a page's screen reader; in a file they only add bytes.
  const compiled = vegaLite.compile({ ...spec, config: { ...spec.config, aria: false } } as TopLevelSpec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  view.logger(logger);
  try {
    const svg = await view.toSVG();
    saveVegaCache();
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}

/** A vega logger that keeps warnings and errors instead of printing them. */
function collectingLogger(into: string[]): unknown {
  let level = 2;
  const logger = {
    level(l?: number): unknown {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) { into.push(args.map(String).join(' ')); return logger; },
    warn(...args: unknown[]) { into.push(args.map(String).join(' ')); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}
