// profile's charts by name.
import type { TopLevelSpec } from 'vega-lite';
import type { Ceilings, ProfileDoc } from './contracts.js';
import { rooflineChart } from './profile-roofline.js';
import { profileSharesChart } from './profile-shares.js';

import type { ProfileChart } from './names.js';

export { PROFILE_CHARTS, type ProfileChart } from './names.js';

export function profileChart(name: ProfileChart, doc: ProfileDoc, ceilings: Ceilings | undefined): TopLevelSpec {
  if (name === 'shares') return profileSharesChart(doc);
  if (!ceilings) throw new Error('the roofline needs its ceilings');
  return rooflineChart(doc, ceilings);
}
