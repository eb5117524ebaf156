// Layer names from ONNX node names. PyTorch's exporter names a node after the module path that
// made it, `/layer1/layer1.0/conv1/Conv`; that becomes `layer1.0.conv1`, the name the module has
// in PyTorch (and in flopscope's zoo), so --by module, --depth and --by stage group alike. An op
// written in a module's forward (the residual add) or one of several nodes of a module gets the
// op as a last part (`layer1.0.add`). Other producers' names are kept, with '/' read as '.'.
import { UniqueNames } from '../../ir/unique-names.js';

/** Where a layer's name comes from. */
export type NameScope =
  | { readonly kind: 'module'; readonly module: string; readonly op: string }
  | { readonly kind: 'fixed'; readonly name: string };

/** `/layer1/layer1.0/conv1/Conv` -> module `layer1.0.conv1`, op `Conv`. */
export function pytorchScope(nodeName: string): { module: string; op: string } | undefined {
  if (!nodeName.startsWith('/')) return undefined;
  const parts = nodeName.slice(1).split('/').filter(Boolean);
  if (!parts.length) return undefined;
  const op = parts.pop()!;
  // Each part names a module: PyTorch writes a child of a container as `<previous part>.<key>`
  // (`layer1.0` under `layer1`, `downsample.0` under `downsample`), other children by their
  // attribute name (`conv1`). Keeping the key of the former gives the state-dict path.
  const path: string[] = [];
  parts.forEach((p, i) => {
    const prev = parts[i - 1];
    path.push(prev !== undefined && p.startsWith(`${prev}.`) ? p.slice(prev.length + 1) : p);
  });
  return { module: path.join('.'), op };
}

function clean(name: string): string {
  return name.replace(/[/:\\]+/g, '.').replace(/\s+/g, '_').replace(/\.{2,}/g, '.').replace(/^\.|\.$/g, '');
}

/** The naming scope of an ONNX node (by its name, else its op type). */
export function scopeOf(nodeName: string, opType: string): NameScope {
  const torch = pytorchScope(nodeName);
  if (torch) return { kind: 'module', module: torch.module, op: torch.op };
  const fixed = clean(nodeName);
  return fixed ? { kind: 'fixed', name: fixed } : { kind: 'module', module: '', op: opType };
}

/** The scope of a tensor named by PyTorch (`/encoder/Constant_output_0`) or otherwise. */
export function scopeOfTensor(tensor: string): NameScope {
  const base = tensor.replace(/_output_\d+$/, '');
  return scopeOf(base, 'constant');
}

const join = (a: string, b: string): string => (a && b ? `${a}.${b}` : a || b);

/**
 * Final names for layers, each given by its scope and the ONNX node (`group`) it came from; a node
 * that became several layers (Split) numbers them. Names are unique: a clash gets `_1`, `_2`.
 */
export function assignNames(layers: readonly { scope: NameScope; group: number; part?: number }[]): string[] {
  const perModule = new Map<string, Set<number>>();
  const containers = new Set<string>();
  const addPrefixes = (path: string) => {
    // Every proper prefix at a '.'; stop at one already known (its own prefixes are too).
    for (let at = path.lastIndexOf('.'); at > 0; at = path.lastIndexOf('.', at - 1)) {
      const prefix = path.slice(0, at);
      if (containers.has(prefix)) break;
      containers.add(prefix);
    }
  };
  for (const l of layers) {
    if (l.scope.kind === 'module') {
      const set = perModule.get(l.scope.module) ?? new Set<number>();
      set.add(l.group);
      perModule.set(l.scope.module, set);
      if (l.scope.module) addPrefixes(l.scope.module);
    } else addPrefixes(l.scope.name);
  }
  const used = new UniqueNames();
  return layers.map((l) => {
    let base: string;
    if (l.scope.kind === 'fixed') base = l.scope.name;
    else {
      const { module, op } = l.scope;
      const alone = module !== '' && perModule.get(module)!.size === 1 && !containers.has(module);
      base = alone ? module : join(module, op.toLowerCase());
    }
    if (l.part !== undefined) base = `${base}.${l.part}`;
    return used.fresh(base);
  });
}
