// Squeeze-and-excitation in an imported graph: a global average of x (GlobalAveragePool, or
// ReduceMean over H and W), through 1x1 convs or fully connected layers and activations, to a
// sigmoid or hard-sigmoid gate that multiplies x back. Its layers get the one SE marker, so the
// `paper` convention and the reports treat them as they treat the zoo's se() blocks.
import { SE_TAG } from '../../dsl/se-marker.js';
import { concrete, dimEquals, type Shape } from '../../shape/dim.js';

export interface TaggableLayer {
  readonly op: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly inputs: readonly number[];
  readonly outputShape: Shape;
  readonly tags: string[];
}

const GATES = new Set(['sigmoid', 'hardsigmoid']);
/** Layers an excitation path may pass through between the squeeze and the gate. */
const PATH = new Set(['conv2d', 'linear', 'gemm', 'matmul', 'relu', 'relu6', 'leakyrelu', 'hardswish', 'silu', 'tanh', 'reshape', 'flatten', 'identity', 'dropout', 'batchnorm']);
const MAX_PATH = 16;

function isSqueeze(layer: TaggableLayer): boolean {
  if (layer.op === 'globalavgpool') return true;
  if (layer.op === 'adaptiveavgpool') return (layer.attrs.outputSize as number[]).every((s) => s === 1);
  if (layer.op === 'reducemean') {
    const axes = layer.attrs.axes as number[];
    return axes.length === 2 && axes[0] === 2 && axes[1] === 3;
  }
  return false;
}

/** Channels scale: x is N x C x H x W, the gate N x C x 1 x 1 (or N x C, broadcast as such). */
function scalesChannels(x: Shape, gate: Shape): boolean {
  if (x.length !== 4 || gate.length !== 4) return false;
  return dimEquals(x[1], gate[1]) && concrete(gate[2]) === 1 && concrete(gate[3]) === 1;
}

export function tagSqueezeExcitation(layers: readonly TaggableLayer[], shapeOf: (id: number) => Shape): void {
  layers.forEach((m, id) => {
    if (m.op !== 'mul' || m.inputs.length !== 2) return;
    for (const [x, g] of [[m.inputs[0], m.inputs[1]], [m.inputs[1], m.inputs[0]]]) {
      if (g < 0 || !GATES.has(layers[g].op) || !scalesChannels(shapeOf(x), layers[g].outputShape)) continue;
      const path = [g];
      let at = layers[g].inputs[0];
      while (at !== undefined && at >= 0 && path.length < MAX_PATH && !isSqueeze(layers[at]) && PATH.has(layers[at].op) && layers[at].inputs.length === 1) {
        path.push(at);
        at = layers[at].inputs[0];
      }
      if (at === undefined || at < 0 || !isSqueeze(layers[at]) || layers[at].inputs[0] !== x) continue;
      path.push(at);
      for (const k of [...path, id]) if (!layers[k].tags.includes(SE_TAG)) layers[k].tags.push(SE_TAG);
      return;
    }
  });
}
