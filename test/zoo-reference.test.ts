// Every zoo model against the figures an independent run pinned in test/reference/*.json
// (zoo.json: PyTorch forward hooks, written by test/reference/measure_zoo.py). A zoo entry
// without figures at its default input fails until they are pinned.
import { describe, expect, it } from 'vitest';
import { analyze, type CostReport, type LayerCost } from '../src/cost/analyze.js';
import { add, type Dim } from '../src/shape/dim.js';
import { buildArchitecture, lookupArchitecture, zooNames } from '../src/zoo.js';
import { readReferenceFile, referenceEntries, referenceFiles, type ReferenceEntry } from './reference/pinned.js';

const label = (e: ReferenceEntry): string => `${e.model} at ${e.input}${e.set ? ` with ${JSON.stringify(e.set)}` : ''} (${e.file})`;

/** A concrete count as a bigint; a symbolic one fails (the reference inputs are all numbers). */
function exact(d: Dim, what: string): bigint {
  if (typeof d === 'object') throw new Error(`${what} is symbolic (${String(d)}); reference inputs are concrete`);
  return BigInt(d);
}

const sumOf = (layers: readonly LayerCost[], pick: (l: LayerCost) => Dim): Dim => layers.reduce((s: Dim, l) => add(s, pick(l)), 0);

/** The per-element counts the reference pins, from flopscope's layers. */
function perElement(r: CostReport): Record<'seScaleMultiplies' | 'sePoolAdds' | 'residualAdds', bigint> {
  return {
    seScaleMultiplies: exact(sumOf(r.layers, (l) => (l.op === 'mul' && l.tags.includes('se') ? l.work.mul : 0)), 'SE scale multiplies'),
    sePoolAdds: exact(sumOf(r.layers, (l) => (l.op === 'globalavgpool' && l.tags.includes('se') ? l.work.add : 0)), 'SE pool adds'),
    residualAdds: exact(sumOf(r.layers, (l) => (l.op === 'add' ? l.work.add : 0)), 'residual adds'),
  };
}

describe('reference files (test/reference/*.json)', () => {
  it('include zoo.json', () => {
    expect(referenceFiles()).toContain('zoo.json');
  });

  it.each(referenceFiles())('%s follows flopscope.reference/1 and names only zoo models', (file) => {
    const names = new Set<string>(zooNames());
    for (const e of readReferenceFile(file)) {
      expect(names.has(e.model), `${label(e)}: '${e.model}' is not a zoo model (flopscope list shows them)`).toBe(true);
    }
  });
});

describe('every zoo model has pinned figures at its default input', () => {
  it.each(zooNames())('%s', (name) => {
    const input = lookupArchitecture(name).input;
    const found = referenceEntries().filter((e) => e.model === name && e.input === input && e.set === undefined);
    expect(found.length, `no reference figures for '${name}' at ${input}: pin its figures in test/reference/zoo.json (measure them with /usr/bin/python3 test/reference/measure_zoo.py after adding the PyTorch reference there)`).toBeGreaterThan(0);
  });
});

describe('flopscope equals the pinned figures exactly', () => {
  const zoo = new Set<string>(zooNames());
  it.each(referenceEntries().map((e) => [label(e), e] as const))('%s', (_, e) => {
    expect(zoo.has(e.model), `${label(e)}: '${e.model}' is not a zoo model`).toBe(true);
    const graph = buildArchitecture(lookupArchitecture(e.model), { input: e.input, ...(e.set ? { set: e.set } : {}) });
    const r = analyze(graph);
    expect({
      params: exact(r.totals.params, 'params'),
      buffers: exact(r.totals.buffers, 'buffers'),
      macs: exact(r.totals.macs, 'macs'),
      perElement: perElement(r),
      outputShape: graph.nodes[graph.output].outputShape,
    }, `${label(e)}; reference: ${e.source}`).toEqual({
      params: e.params,
      buffers: e.buffers,
      macs: e.macs,
      perElement: e.perElement,
      outputShape: e.outputShape,
    });
  });
});
