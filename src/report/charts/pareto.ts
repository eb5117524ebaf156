// The Pareto front of points that are better when smaller on both axes (cost against cost): a
// point is on it when no other point is at least as small on both and smaller on one.

/** Indices of the points on the front; exact comparison of bigint coordinates (or of seconds, as numbers). */
export function paretoFront<X extends bigint | number, Y extends bigint | number>(xs: readonly X[], ys: readonly Y[]): Set<number> {
  const order = xs.map((_, i) => i).sort((a, b) => (xs[a] !== xs[b] ? (xs[a] < xs[b] ? -1 : 1) : ys[a] < ys[b] ? -1 : ys[a] > ys[b] ? 1 : 0));
  const front = new Set<number>();
  let best: Y | undefined;
  for (let i = 0; i < order.length; ) {
    // Points sharing an x: only those with the group's smallest y can be on the front, and only
    // if that y beats every point with a smaller x.
    let j = i;
    while (j < order.length && xs[order[j]] === xs[order[i]]) j++;
    const low = ys[order[i]];
    if (best === undefined || low < best) {
      for (let k = i; k < j && ys[order[k]] === low; k++) front.add(order[k]);
      best = low;
    }
    i = j;
  }
  return front;
}
