// The layer table of the report page: one row per layer, sortable by any column and filtered by
// name, op, stage or SE. Cells show the tables' units; hovering shows the exact figure. With
// --device, the predicted time (ms), its share and the bound follow. Very deep networks keep the
// layers with the most FLOPs so the page stays small and quick.
import { secondsText } from '../charts/format.js';
import { exact, human, humanBytes } from '../../units.js';
import { firstSeen, type LayerFigures } from '../charts/report-data.js';
import { escapeHtml } from './escape.js';

export const MAX_TABLE_ROWS = 1000;

interface NumberColumn {
  readonly value: (l: LayerFigures) => bigint | number | null;
  readonly kind: 'count' | 'bytes' | 'ratio' | 'share' | 'seconds';
}

/** A column: its header cell and a layer's cell. */
interface Column {
  readonly head: string;
  readonly cell: (l: LayerFigures) => string;
}

function numberCell(value: bigint | number | null, kind: NumberColumn['kind'], total: bigint | number = 0): string {
  if (value === null) return '<td class="num" data-v="-1">-</td>';
  if (kind === 'ratio') return `<td class="num" data-v="${value}">${Number(value).toFixed(2)}</td>`;
  // Milliseconds to three decimals (a microsecond); the seconds the JSON carries on hover.
  if (kind === 'seconds') return `<td class="num" data-v="${value}" title="${secondsText(Number(value))}">${(Number(value) * 1e3).toFixed(3)}</td>`;
  if (kind === 'share') {
    const share = Number(total) === 0 ? 0 : Number(value) / Number(total);
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

/** compute or memory; 'fused' for a layer run inside another's kernel, which is named on hover. */
function boundCell(l: LayerFigures): string {
  if (l.bound === 'fused') return `<td title="${escapeHtml(`runs in ${l.fusedInto}'s kernel; its time is counted there`)}">fused</td>`;
  return `<td>${escapeHtml(l.bound ?? '-')}</td>`;
}

function options(values: readonly string[]): string {
  return values.map((v) => `<option>${escapeHtml(v)}</option>`).join('');
}

export function layerTableHtml(layers: readonly LayerFigures[], convention: string): { html: string; notes: string[] } {
  const rows = tableLayers(layers);
  const totalFlops = layers.reduce((s, l) => s + l.flops, 0n);
  const timed = layers.length > 0 && layers.every((l) => l.seconds !== null);
  const totalSeconds = layers.reduce((s, l) => s + (l.seconds ?? 0), 0);
  const count = (header: string, value: NumberColumn['value'], kind: NumberColumn['kind'], total?: bigint | number): Column => ({
    head: `<th class="num">${escapeHtml(header)}</th>`,
    cell: (l) => numberCell(value(l), kind, total),
  });
  const flopsShare = count('FLOPs %', (l) => l.flops, 'share', totalFlops);
  const memory = [
    count('Activations', (l) => l.activationBytes, 'bytes'),
    count('Traffic', (l) => l.trafficBytes, 'bytes'),
    count('FLOP/B', (l) => l.intensity, 'ratio'),
  ];
  // With --device the time sits beside the FLOPs, so the two read together on a 1000 px page.
  const time: Column[] = [
    flopsShare,
    count('Pred. time (ms)', (l) => l.seconds, 'seconds'),
    count('Time %', (l) => l.seconds, 'share', totalSeconds),
    { head: '<th title="what limits the kernel: compute or memory; fused: runs inside another layer\'s kernel">Bound</th>', cell: boundCell },
  ];
  const columns: Column[] = [
    count('Params', (l) => l.params, 'count'),
    count('MACs', (l) => l.macs, 'count'),
    count(`FLOPs (${convention})`, (l) => l.flops, 'count'),
    ...(timed ? [...time, ...memory] : [...memory, flopsShare]),
  ];
  const head = ['<th class="num">#</th>', '<th>Layer</th>', '<th>Op</th>', '<th>Stage</th>', '<th>Output</th>', ...columns.map((c) => c.head)];
  const body = rows.map((l) => {
    const cells = [
      `<td class="num" data-v="${l.index}">${l.index}</td>`,
      `<td class="name" title="${escapeHtml(l.name)}">${escapeHtml(l.name)}</td>`,
      `<td>${escapeHtml(l.op)}</td>`,
      `<td>${escapeHtml(l.stage)}</td>`,
      `<td>${escapeHtml(l.outputShape)}</td>`,
      ...columns.map((c) => c.cell(l)),
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
  if (timed) notes.push("Pred. time: the device model's time of the layer's kernel, in milliseconds; a fused layer runs inside another layer's kernel and its time is counted there.");
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
