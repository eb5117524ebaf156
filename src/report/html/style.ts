// The page's style sheet: one column readable at 1000 px, a sticky table header, SE marked.
export const PAGE_STYLE = `
:root { --ink: #1a1a1a; --muted: #555; --rule: #ddd; --se: #D55E00; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1000px; margin: 0 auto; padding: 16px 20px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
p.fact { margin: 2px 0; color: var(--muted); }
p.note { margin: 4px 0 8px; color: var(--muted); font-size: 13px; }
dl.totals { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
dl.totals div { border: 1px solid var(--rule); border-radius: 4px; padding: 6px 10px; min-width: 110px; }
dl.totals dt { font-size: 12px; color: var(--muted); }
dl.totals dd { margin: 0; font-size: 17px; font-variant-numeric: tabular-nums; }
.chart { margin: 8px 0 16px; min-height: 40px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 8px 0; font-size: 13px; }
.controls input, .controls select { font: inherit; padding: 2px 4px; }
.table-wrap { max-height: 640px; overflow: auto; border: 1px solid var(--rule); }
table.layers, table.figures { border-collapse: collapse; width: 100%; font-size: 12.5px; font-variant-numeric: tabular-nums; }
table.layers th, table.figures th { position: sticky; top: 0; background: #f4f4f4; text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--rule); cursor: pointer; white-space: nowrap; user-select: none; }
table.layers th.num, table.layers td.num, table.figures th.num, table.figures td.num { text-align: right; }
table.figures th { cursor: default; }
table.layers th[aria-sort="ascending"]::after { content: " \\25B2"; }
table.layers th[aria-sort="descending"]::after { content: " \\25BC"; }
table.layers td, table.figures td { padding: 2px 6px; border-bottom: 1px solid #f0f0f0; white-space: nowrap; }
table.layers td.name { max-width: 280px; overflow: hidden; text-overflow: ellipsis; }
table.layers tr.se td.name::before { content: "SE"; color: #fff; background: var(--se); border-radius: 3px; font-size: 10px; padding: 0 3px; margin-right: 4px; }
.vega-embed { width: 100%; }
#vg-tooltip-element table td.key { color: var(--muted); }
`;
