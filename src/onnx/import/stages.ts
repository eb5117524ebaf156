// Stages of an imported graph, for --by stage. A layer's stage is the top-level module it belongs
// to (`layer1` of a torchvision ResNet, `classifier`). Many torchvision networks keep almost all
// of their layers in one top-level container (`features` of MobileNet, EfficientNet, ConvNeXt,
// DenseNet, VGG, SqueezeNet, AlexNet; `trunk_output` of RegNet): such a module, holding at least
// half of the layers, is split where the spatial resolution changes, so each downsampling starts
// a stage, as ResNet's layer2 starts with its stride-2 block. A stage is named after the
// container's children it spans: `features.2-3`, `features.transition1-denseblock2`.
import { dimEquals, type Dim, type Shape } from '../../shape/dim.js';

/** H and W of a layer's N x C x H x W output; undefined for other ranks. */
function resolution(shape: Shape): readonly [Dim, Dim] | undefined {
  return shape.length === 4 ? [shape[2], shape[3]] : undefined;
}

const sameResolution = (a: readonly [Dim, Dim], b: readonly [Dim, Dim]): boolean => dimEquals(a[0], b[0]) && dimEquals(a[1], b[1]);

/** The stage of each layer, given the layers' names (in graph order) and output shapes. */
export function importedStages(names: readonly string[], shapes: readonly Shape[]): string[] {
  const tops = names.map((n) => n.split('.')[0]);
  const stages = [...tops];
  const counts = new Map<string, number>();
  for (const t of tops) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const [top, count] of counts) {
    if (2 * count < names.length) continue;
    splitByResolution(top, names, shapes, tops, stages);
  }
  return stages;
}

/** Splits the layers of top-level module `top` into stages at each change of resolution between its children. */
function splitByResolution(top: string, names: readonly string[], shapes: readonly Shape[], tops: readonly string[], stages: string[]): void {
  // The container's children in order of first appearance, each with the resolution it leaves.
  const children: { name: string; out?: readonly [Dim, Dim] }[] = [];
  const childOf = new Map<number, number>();
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (tops[i] !== top) return;
    const child = name.split('.')[1] ?? '';
    let k = index.get(child);
    if (k === undefined) {
      k = children.length;
      index.set(child, k);
      children.push({ name: child });
    }
    childOf.set(i, k);
    const res = resolution(shapes[i]);
    if (res) children[k].out = res;
  });
  const groups: number[][] = [];
  let current: readonly [Dim, Dim] | undefined;
  children.forEach((c, k) => {
    if (!groups.length || (c.out && current && !sameResolution(c.out, current))) groups.push([]);
    groups[groups.length - 1].push(k);
    if (c.out) current = c.out;
  });
  if (groups.length < 2) return;
  const groupOf = new Map<number, string>();
  for (const g of groups) {
    const first = children[g[0]].name;
    const last = children[g[g.length - 1]].name;
    const name = first === last ? `${top}.${first}` : `${top}.${first}-${last}`;
    for (const k of g) groupOf.set(k, name.replace(/\.$/, ''));
  }
  for (const [i, k] of childOf) stages[i] = groupOf.get(k)!;
}
