// Finds the DSL call expression at a position of a user file, and tells whether its callee is
// something imported from 'flopscope' (a DSL constructor or combinator). A file's calls are
// indexed once (one walk of its syntax tree), so locating every layer of a file with 20,000
// written-out calls stays linear: each lookup is a binary search and a short walk up.
import type { SourceFile, ts } from 'ts-morph';
import { tsMorph } from './project.js';

export interface CallLocation {
  readonly line: number;
  readonly column: number;
  /** The callee as written, e.g. 'conv' or 'fs.conv'. */
  readonly callee: string;
  /** The flopscope export the callee names, when it is one (e.g. 'conv' for an alias of it). */
  readonly dslName?: string;
}

/** Local names bound to flopscope exports: `import { conv as c } ...` gives c -> conv. */
export function flopscopeImports(sf: SourceFile): { named: Map<string, string>; namespaces: Set<string> } {
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  for (const decl of sf.getImportDeclarations()) {
    const spec = decl.getModuleSpecifierValue();
    if (spec !== 'flopscope' && !spec.startsWith('flopscope/')) continue;
    for (const n of decl.getNamedImports()) named.set(n.getAliasNode()?.getText() ?? n.getName(), n.getName());
    const ns = decl.getNamespaceImport();
    if (ns) namespaces.add(ns.getText());
  }
  return { named, namespaces };
}

interface IndexedCall {
  readonly start: number;
  readonly end: number;
  /** The nearest call around this one, by index; -1 at the top. */
  readonly parent: number;
  readonly node: ts.CallExpression;
}

/** Every call expression of a file, in source order, with the call around each. */
export interface CallIndex {
  /** The innermost call containing (line, column), both 1-based; undefined when there is none. */
  at(line: number, column: number): CallLocation | undefined;
}

export function callIndex(sf: SourceFile): CallIndex {
  const { ts: tsApi } = tsMorph().tsMorph;
  const root = sf.compilerNode;
  const calls: IndexedCall[] = [];
  // Pre-order with an explicit stack (a deeply nested expression cannot overflow it): calls
  // come out sorted by start, an enclosing call before the calls inside it.
  const stack: Array<{ node: ts.Node; parent: number }> = [{ node: root, parent: -1 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    let parent = item.parent;
    if (item.node.kind === tsApi.SyntaxKind.CallExpression) {
      calls.push({ start: item.node.getStart(root), end: item.node.end, parent, node: item.node as ts.CallExpression });
      parent = calls.length - 1;
    }
    const children: ts.Node[] = [];
    tsApi.forEachChild(item.node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], parent });
  }
  const imports = flopscopeImports(sf);
  const dslNameOf = (call: ts.CallExpression): string | undefined => {
    const callee = call.expression;
    if (tsApi.isIdentifier(callee)) return imports.named.get(callee.text);
    if (tsApi.isPropertyAccessExpression(callee) && tsApi.isIdentifier(callee.expression) && imports.namespaces.has(callee.expression.text)) return callee.name.text;
    return undefined;
  };
  const starts = root.getLineStarts();
  return {
    at(line, column) {
      if (line < 1 || line > starts.length) return undefined;
      // A column past the end of its line (a file edited since it ran) stays on that line.
      const lineEnd = line < starts.length ? starts[line] - 1 : root.end;
      const pos = Math.min(starts[line - 1] + Math.max(0, column - 1), lineEnd);
      // The last call starting at or before pos; the innermost call containing pos is it or one around it.
      let lo = 0;
      let hi = calls.length - 1;
      let i = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (calls[mid].start <= pos) {
          i = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      while (i >= 0 && calls[i].end <= pos) i = calls[i].parent;
      if (i < 0) return undefined;
      const call = calls[i].node;
      const at = root.getLineAndCharacterOfPosition(calls[i].start);
      const dslName = dslNameOf(call);
      return { line: at.line + 1, column: at.character + 1, callee: call.expression.getText(root), ...(dslName ? { dslName } : {}) };
    },
  };
}
