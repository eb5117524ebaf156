// The layer table of the report page: one row per layer, sortable by any column and filtered by
// name, op, stage or SE. Cells show the tables' units; hovering shows the exact figure. Very deep
// networks keep the layers with the most FLOPs so the page stays small and quick.
import { exact, human, humanBytes } from '../../units.js';
import { firstSeen, type LayerFigures } from '../charts/report-data.js';
import { escapeHtml } from './escape.js';

export const MAX_TABLE_ROWS = 1000;

interface NumberColumn {
  readonly header: string;
  readonly value: (l: LayerFigures) => bigint | number | null;
  readonly kind: 'count' | 'bytes' | 'ratio' | 'share';
}

function numberCell(value: bigint | number | null, kind: NumberColumn['kind'], total: bigint): string {
  if (value === null) return '<td class="num" data-v="-1">-</td>';
  if (kind === 'ratio') return `<td class="num" data-v="${value}">${Number(value).toFixed(2)}</td>`;
  if (kind === 'share') {
    const share = total === 0n ? 0 : Number(value) / Number(total);
    return `<td class="num" data-v="${share}">${(share * 100).toFixed(share !== 0 && share < 0.01 ? 2 : 1)}%</td>`;
  }
  const v = BigInt(value);
  const shown = kind === 'bytes' ? humanBytes(v) : human(v);
  const precise = exact(v) + (kind === 'bytes' ? ' B' : '');
  // data-v sorts; past 2^53 its float is close enough to order rows, the title stays exact.
  return `<td class="num" data-v="${v}"${v >= 1000n ? ` title="${precise}"` : ''}>${shown}</td>`;
}

/** The rows the table holds: every layer, or the MAX_TABLE_ROWS with the most FLOPs, in run order. */
export function tableLayers(layers: readonly LayerFigures[], max = MAX_TABLE_ROWS): LayerFigures[] {
  if (layers.length <= max) return [...layers];
  return [...layers]
    .sort((a, b) => (a.flops === b.flops ? a.index - b.index : a.flops > b.flops ? -1 : 1))
    .slice(0, max)
    .sort((a, b) => a.index - b.index);
}

function options(values: readonly string[]): string {
  return values.map((v) => `<option>${escapeHtml(v)}</option>`).join('');
}

export function layerTableHtml(layers: readonly LayerFigures[], convention: string): { html: string; notes: string[] } {
  const rows = tableLayers(layers);
  const totalFlops = layers.reduce((s, l) => s + l.flops, 0n);
  const columns: NumberColumn[] = [
    { header: 'Params', value: (l) => l.params, kind: 'count' },
    { header: 'MACs', value: (l) => l.macs, kind: 'count' },
    { header: `FLOPs (${convention})`, value: (l) => l.flops, kind: 'count' },
    { header: 'Activations', value: (l) => l.activationBytes, kind: 'bytes' },
    { header: 'Traffic', value: (l) => l.trafficBytes, kind: 'bytes' },
    { header: 'FLOP/B', value: (l) => l.intensity, kind: 'ratio' },
    { header: 'FLOPs %', value: (l) => l.flops, kind: 'share' },
  ];
  const head = ['<th class="num">#</th>', '<th>Layer</th>', '<th>Op</th>', '<th>Stage</th>', '<th>Output</th>', ...columns.map((c) => `<th class="num">${escapeHtml(c.header)}</th>`)];
  const body = rows.map((l) => {
    const cells = [
      `<td class="num" data-v="${l.index}">${l.index}</td>`,
      `<td class="name" title="${escapeHtml(l.name)}">${escapeHtml(l.name)}</td>`,
      `<td>${escapeHtml(l.op)}</td>`,
      `<td>${escapeHtml(l.stage)}</td>`,
      `<td>${escapeHtml(l.outputShape)}</td>`,
      ...columns.map((c) => numberCell(c.value(l), c.kind, totalFlops)),
    ];
    return `<tr data-i="${l.index}"${l.se ? ' class="se"' : ''}>${cells.join('')}</tr>`;
  });
  const hasSE = layers.some((l) => l.se);
  const controls = [
    '<div class="controls">',
    '<label>name <input id="filter-name" type="search" placeholder="e.g. layer3.1"></label>',
    `<label>op <select id="filter-op"><option value="">all</option>${options(firstSeen(rows, (l) => l.op).sort())}</select></label>`,
    `<label>stage <select id="filter-stage"><option value="">all</option>${options(firstSeen(rows, (l) => l.stage))}</select></label>`,
    hasSE ? '<label><input id="filter-se" type="checkbox"> SE layers only</label>' : '',
    '<span id="table-count"></span>',
    '</div>',
  ];
  const notes = ['Click a column to sort (numbers largest first); hover a number for its exact value.'];
  if (rows.length < layers.length) {
    notes.push(`${rows.length.toLocaleString('en-US')} of ${layers.length.toLocaleString('en-US')} layers shown: those with the most FLOPs, in run order. flopscope report --format json lists them all.`);
  }
  const html = [
    ...controls,
    '<div class="table-wrap"><table class="layers">',
    `<thead><tr>${head.join('')}</tr></thead>`,
    `<tbody>${body.join('\n')}</tbody>`,
    '</table></div>',
  ].join('\n');
  return { html, notes };
}
