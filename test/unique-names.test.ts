// Unique layer names: the first free numbered name, as the loop over every number would find it.
import { describe, expect, it } from 'vitest';
import { UniqueNames } from '../src/ir/unique-names.js';

describe('UniqueNames', () => {
  it('gives each base the first free suffix, including names a suffix would have made', () => {
    const names = new UniqueNames();
    expect(['relu', 'relu', 'relu_2', 'relu', 'relu', 'relu_1', 'conv'].map((n) => names.fresh(n))).toEqual(['relu', 'relu_1', 'relu_2', 'relu_3', 'relu_4', 'relu_1_1', 'conv']);
  });

  it('matches the plain search (try _1, _2, ... until free) on a random sequence', () => {
    const names = new UniqueNames();
    const used = new Set<string>();
    let seed = 7;
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const base = ['a', 'b', 'a_1', 'a_2', 'b_3'][seed % 5];
      let want = base;
      for (let i = 1; used.has(want); i++) want = `${base}_${i}`;
      used.add(want);
      expect(names.fresh(base)).toBe(want);
    }
  });
});
