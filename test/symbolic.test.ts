// Symbolic and numeric analyses agree at every integer point: shapes of every layer and every
// total, for whole zoo models, at random sizes (odd and non-square included).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, buildArchitecture, zooArchitecture, ZOO, type ZooName } from '../src/index.js';
import { Poly } from '../src/shape/expr.js';
import type { Dim } from '../src/shape/dim.js';
import { adaptiveWindowSum } from '../src/ops/adaptive-pool.js';

const at = (d: Dim, env: Record<string, number>): bigint => (d instanceof Poly ? d.evaluate(env) : BigInt(d));

// One model per family or head (VGG's adaptive pooling to 7x7 included).
const MODELS: ZooName[] = ['vgg16', 'resnet18', 'se_resnet50', 'resnext50_32x4d', 'mobilenet_v2', 'mobilenet_v3_small', 'shufflenet_v1_g3', 'shufflenet_v2_x1_0', 'efficientnet_b0'];

describe('symbolic = numeric (property)', () => {
  it('covers models from every family in the zoo', () => {
    const families = new Set(ZOO.filter((a) => MODELS.includes(a.name)).map((a) => a.family.name));
    expect(families.size).toBeGreaterThanOrEqual(5);
  });

  it.each(MODELS)('%s', (name) => {
    const arch = zooArchitecture(name);
    const sym = analyze(buildArchitecture(arch, { input: 'Nx3xHxW' }), { convention: 'flops' });
    fc.assert(fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 32, max: 400 }), fc.integer({ min: 32, max: 400 }), (n, h, w) => {
      const env = { N: n, H: h, W: w };
      const num = analyze(buildArchitecture(arch, { input: `${n}x3x${h}x${w}` }), { convention: 'flops' });
      expect(num.layers.length).toBe(sym.layers.length);
      num.layers.forEach((l, i) => {
        const s = sym.layers[i];
        expect(s.outputShape.map((d) => at(d, env)), `${l.name} output`).toEqual(l.outputShape.map((d) => BigInt(d as number)));
        expect(at(s.macs, env), `${l.name} macs`).toBe(BigInt(l.macs as number));
      });
      for (const key of ['params', 'macs', 'flops', 'add', 'mul', 'cmp', 'div', 'exp', 'activationElements', 'trafficBytes'] as const) {
        expect(at(sym.totals[key], env), key).toBe(BigInt(num.totals[key] as number));
      }
    }), { numRuns: 8 });
  });
});

describe('adaptive pooling window sums, symbolic = enumerated', () => {
  // PyTorch's windows along one axis: output i averages [floor(i*L/O), ceil((i+1)*L/O)).
  const enumerated = (L: number, O: number): number => {
    let s = 0;
    for (let i = 0; i < O; i++) s += Math.ceil(((i + 1) * L) / O) - Math.floor((i * L) / O);
    return s;
  };
  // L as a strided layer leaves it (floor(H / s)) and as a plain symbol; O prime, composite, 1.
  it.each([1, 2, 4, 6, 7, 12, 30])('output size %i', (O) => {
    const shapes: Array<[Dim, (h: number) => number]> = [
      [Poly.symbol('H'), (h) => h],
      [Poly.symbol('H').floorDiv(32n), (h) => Math.floor(h / 32)],
      [Poly.symbol('H').add(Poly.constant(1)).floorDiv(2n), (h) => Math.floor((h + 1) / 2)],
    ];
    for (const [L, value] of shapes) {
      const sym = adaptiveWindowSum(L, O);
      fc.assert(fc.property(fc.integer({ min: 32, max: 2000 }), (h) => {
        const l = value(h);
        expect(at(sym, { H: h })).toBe(BigInt(enumerated(l, O)));
        expect(adaptiveWindowSum(l, O)).toBe(enumerated(l, O));
      }), { numRuns: 60 });
    }
  });
});
