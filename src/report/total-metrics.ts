// The totals a comparison shows, in the order and with the names every format uses (the table,
// the page's totals table, the totals chart).
export interface TotalMetric {
  readonly key: 'params' | 'macs' | 'flops' | 'activationBytes' | 'peakActivationBytes' | 'weightBytes' | 'trafficBytes';
  readonly label: string;
  /** Shown in bytes (KB, MB) rather than counts (K, M). */
  readonly bytes?: true;
}

export const TOTAL_METRICS: readonly TotalMetric[] = [
  { key: 'params', label: 'Params' },
  { key: 'macs', label: 'MACs' },
  { key: 'flops', label: 'FLOPs' },
  { key: 'activationBytes', label: 'Activations', bytes: true },
  { key: 'peakActivationBytes', label: 'Peak activations', bytes: true },
  { key: 'weightBytes', label: 'Weights', bytes: true },
  { key: 'trafficBytes', label: 'Memory traffic', bytes: true },
];
