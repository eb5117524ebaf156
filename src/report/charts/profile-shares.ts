// profile --chart shares: per op kind, its share of the measured time next to its share of the
// FLOPs; the SE blocks (which cut across op kinds) get a row of their own, marked.
import type { TopLevelSpec } from 'vega-lite';
import type { ProfileDoc } from './contracts.js';
import { capGroups } from './cap.js';
import { countText, exactCount, flopsTitle } from './format.js';
import { COLOURS, CONFIG, FULL_WIDTH } from './theme.js';

export const SE_ROW = 'SE blocks';

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(x !== 0 && x < 0.01 ? 2 : 1)}%`);

/** The op kinds, past MAX_GROUPS the ones with the most time and one 'other' row summing the rest. */
function cappedOps(doc: ProfileDoc): { ops: ProfileDoc['ops']; note?: string } {
  const capped = capGroups(doc.ops.map((o) => o.name), (n) => doc.ops.find((o) => o.name === n)?.medianMs ?? 0, 'op kind', 'time');
  if (!capped.other) return { ops: doc.ops };
  const rest = doc.ops.filter((o) => capped.groupOf(o.name) === capped.other);
  const sum = (f: (o: (typeof rest)[number]) => number) => rest.reduce((s, o) => s + f(o), 0);
  const other = {
    ...rest[0], name: capped.other, op: capped.other, layers: sum((o) => o.layers), medianMs: sum((o) => o.medianMs),
    flops: String(rest.reduce((s, o) => s + exactCount(o.flops, `${o.name} FLOPs`), 0n)),
    timeShare: sum((o) => o.timeShare ?? 0), flopsShare: sum((o) => o.flopsShare ?? 0), gflopsPerSecond: null,
  };
  return { ops: [...doc.ops.filter((o) => capped.groupOf(o.name) === o.name), other], note: capped.note };
}

export function profileSharesChart(doc: ProfileDoc): TopLevelSpec {
  const flopsLabel = 'share of FLOPs';
  const { ops, note } = cappedOps(doc);
  const rows = ops.map((o) => ({
    group: o.name, layers: o.layers, timeShare: o.timeShare ?? 0, flopsShare: o.flopsShare ?? 0,
    timeText: `${pct(o.timeShare)} (${o.medianMs.toFixed(3)} ms)`, flopsText: `${pct(o.flopsShare)} (${countText(exactCount(o.flops, `${o.name} FLOPs`))})`,
    rate: o.gflopsPerSecond === null ? '-' : `${o.gflopsPerSecond.toFixed(2)} GFLOP/s`,
  }));
  if (doc.se) {
    rows.push({
      group: SE_ROW, layers: doc.se.layers, timeShare: doc.se.timeShare, flopsShare: doc.se.flopsShare,
      timeText: `${pct(doc.se.timeShare)} (${(doc.se.timeShare * doc.totalMs).toFixed(3)} ms)`, flopsText: pct(doc.se.flopsShare), rate: '-',
    });
  }
  const values = rows.flatMap((r, rank) => [
    { ...r, rank, measure: 'share of time', share: r.timeShare * 100, shareLabel: pct(r.timeShare) },
    { ...r, rank, measure: flopsLabel, share: r.flopsShare * 100, shareLabel: pct(r.flopsShare) },
  ]);
  const seLabel = { condition: { test: `datum.value == '${SE_ROW}'`, value: COLOURS.se }, value: '#000' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: CONFIG,
    title: {
      text: 'Share of time next to share of FLOPs, by op kind',
      subtitle: [`${doc.model} · ${doc.backend} · median of ${doc.runs} runs · total ${doc.totalMs.toFixed(2)} ms${doc.se ? ` · '${SE_ROW}' (in orange) spans op kinds` : ''}`, ...(note ? [note] : [])],
    },
    data: { values },
    width: FULL_WIDTH,
    autosize: { type: 'fit-x', contains: 'padding' },
    height: 34 * rows.length,
    encoding: {
      y: { field: 'group', type: 'nominal', title: null, sort: { field: 'rank', op: 'min' }, axis: { labelColor: seLabel, labelFontWeight: { condition: { test: `datum.value == '${SE_ROW}'`, value: 'bold' }, value: 'normal' } } },
      yOffset: { field: 'measure', type: 'nominal', sort: ['share of time', flopsLabel] },
      x: { field: 'share', type: 'quantitative', title: `share of the whole network (%) · ${flopsTitle(doc.convention)}`, axis: { labelExpr: "datum.label + '%'" } },
      color: { field: 'measure', type: 'nominal', title: null, scale: { domain: ['share of time', flopsLabel], range: [COLOURS.front, COLOURS.flops] } },
    },
    layer: [
      { mark: { type: 'bar', tooltip: true }, encoding: { tooltip: [{ field: 'group', title: 'op' }, { field: 'layers' }, { field: 'timeText', title: 'time' }, { field: 'flopsText', title: flopsTitle(doc.convention) }, { field: 'rate', title: 'achieved' }] } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { text: { field: 'shareLabel' } } },
    ],
  };
}
