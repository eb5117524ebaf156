// Which flopscope layer an onnxruntime node belongs to. onnxruntime keeps a layer's name on the
// node that runs it, with suffixes of its own: `_nchwc` for a node moved to its blocked memory
// layout, `_token_<n>` for a copy, `/part` for the helper nodes of one layer. Nodes it adds
// (layout reorders) match no layer.
export function layerOfNode(nodeName: string, layers: ReadonlyMap<string, number>): number | undefined {
  let name = nodeName;
  const slash = name.indexOf('/');
  if (slash >= 0) name = name.slice(0, slash);
  name = name.replace(/(_token_\d+)+$/, '').replace(/_nchwc$/, '');
  return layers.get(name);
}

/** The smallest of the values: on a shared machine, the run least disturbed by other work. */
export function minimum(values: readonly number[]): number {
  let m = Infinity;
  for (const v of values) if (v < m) m = v;
  return m;
}
