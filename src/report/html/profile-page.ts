// The profile page: share of time next to share of FLOPs per op kind, and the roofline.
import type { Ceilings, ProfileDoc } from '../charts/contracts.js';
import { profileChart } from '../charts/profile-charts.js';
import { percent } from '../../units.js';
import { renderPage } from './page.js';

export function profilePage(doc: ProfileDoc, ceilings: Ceilings): string {
  const se = doc.se ? [`SE blocks: ${percent(doc.se.flopsShare, 2)} of FLOPs, ${percent(doc.se.timeShare)} of time (${doc.se.layers} layers)`] : [];
  return renderPage({
    title: `profile ${doc.model}`,
    fileBase: `profile-${doc.model}`,
    facts: [
      `input ${doc.input.join('x')} · backend ${doc.backend} · median of ${doc.runs} runs · total ${doc.totalMs.toFixed(2)} ms · ${doc.layers.length} layers`,
      `FLOPs under convention '${doc.convention}'; intensity is FLOPs per byte of predicted memory traffic`,
      ...se,
    ],
    totals: [],
    sections: [
      { title: 'Where the time goes', charts: [{ id: 'shares', spec: profileChart('shares', doc, ceilings) }] },
      {
        title: 'Roofline',
        notes: [`Each point is a layer. Ceilings ${ceilings.source}. A layer under the slanted line is limited by memory, under the flat one by compute.`],
        charts: [{ id: 'roofline', spec: profileChart('roofline', doc, ceilings) }],
      },
    ],
  });
}
