// The look shared by every chart: Okabe & Ito's colour-blind-safe palette, sizes that read at
// 1000 px wide, and a white background so an SVG reads on a dark README too.
import type { Config } from 'vega-lite';

/** Okabe & Ito (2008), "Color Universal Design": distinct under the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#000000', '#F0E442'] as const;

export const COLOURS = {
  plain: '#0072B2',
  se: '#D55E00',
  time: '#D55E00',
  flops: '#0072B2',
  front: '#E69F00',
  baseline: '#000000',
  ceiling: '#555555',
} as const;

/** Whole width of a full-width chart, axes included (autosize fit-x); a page is 1000 px wide. */
export const FULL_WIDTH = 960;
/** Plotting width of one of two charts side by side (concatenated charts do not fit themselves). */
export const HALF_WIDTH = 360;

export const CONFIG: Config = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  padding: 8,
  range: { category: [...PALETTE] },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', labelLimit: 260 },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', orient: 'top', labelLimit: 320 },
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 12, subtitleColor: '#444' },
  view: { stroke: null },
  bar: { discreteBandSize: { band: 0.8 } },
};

/** The legend entries for SE layers and the rest. */
export const SE_PARTS = { se: 'SE blocks', plain: 'other layers' } as const;

export const SE_COLOUR_SCALE = { domain: [SE_PARTS.plain, SE_PARTS.se], range: [COLOURS.plain, COLOURS.se] };

/** Where a chart is drawn: in the HTML page (hover targets, tooltips) or as a static SVG file. */
export type ChartTarget = 'page' | 'svg';
