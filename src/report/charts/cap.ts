// A chart draws a bounded number of groups: past MAX_GROUPS, the largest MAX_GROUPS - 1 stay (in
// their own order) and the rest are summed into one 'other' group, which the chart names. A
// network whose every layer is a stage would otherwise draw 20,000 bars under an axis of
// 20,000 labels, and make a page of megabytes that takes seconds to open.

export const MAX_GROUPS = 25;

export interface CappedGroups {
  /** The group a name is drawn in: itself, or the 'other' group. */
  readonly groupOf: (name: string) => string;
  /** Groups in drawing order: the kept ones in their given order, then 'other' when there is one. */
  readonly order: readonly string[];
  /** The 'other' group's label, when groups were summed into it. */
  readonly other?: string;
  /** What the chart should say about it, e.g. "the 24 stages with the most FLOPs; the other 19,976 summed as 'other (19,976 stages)'". */
  readonly note?: string;
}

/**
 * Keeps the `max - 1` groups with the largest `size` (ties: the earlier first) when there are
 * more than `max`; `noun` names a group ('stage') and `by` the measure ('FLOPs').
 */
export function capGroups(names: readonly string[], size: (name: string) => number | bigint, noun: string, by: string, max = MAX_GROUPS): CappedGroups {
  if (names.length <= max) return { groupOf: (n) => n, order: names };
  const rank = new Map(names.map((n, i) => [n, i]));
  const largest = [...names].sort((a, b) => {
    const [x, y] = [size(a), size(b)];
    return x === y ? rank.get(a)! - rank.get(b)! : x > y ? -1 : 1;
  });
  const kept = new Set(largest.slice(0, max - 1));
  const hidden = names.length - kept.size;
  const other = `other (${hidden.toLocaleString('en-US')} ${noun}s)`;
  return {
    groupOf: (n) => (kept.has(n) ? n : other),
    order: [...names.filter((n) => kept.has(n)), other],
    other,
    note: `the ${kept.size} ${noun}s with the most ${by}; the other ${hidden.toLocaleString('en-US')} summed as '${other}'`,
  };
}
