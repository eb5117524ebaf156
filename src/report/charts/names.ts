// The charts each command can draw, by --chart name (the first is the default). Kept apart from
// the charts themselves so a command can list them without loading any chart code.
/** 'time' needs --device (predicted time). */
export const REPORT_CHARTS = ['stages', 'ops', 'top-layers', 'memory', 'time'] as const;
export type ReportChart = (typeof REPORT_CHARTS)[number];
export const NEEDS_DEVICE = '--chart time draws predicted time and needs --device FILE (a flopscope.device/1 profile, from flopscope calibrate), received no --device';

export const COMPARE_CHARTS = ['groups', 'totals'] as const;
export type CompareChart = (typeof COMPARE_CHARTS)[number];

export const WHATIF_CHARTS = ['scatter'] as const;

/** A scatter of more configurations than this would make a page of tens of megabytes. */
export const WHATIF_MAX_POINTS = 10_000;

export function tooManyPoints(configurations: number): string {
  return `whatif draws at most ${WHATIF_MAX_POINTS.toLocaleString('en-US')} configurations, received ${configurations.toLocaleString('en-US')}; narrow the sweep, or use --format csv`;
}

export const PROFILE_CHARTS = ['shares', 'roofline'] as const;
export type ProfileChart = (typeof PROFILE_CHARTS)[number];
