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

/**
 * A file's calls as plain data, in source order (an enclosing call before the calls inside it),
 * so that it can be kept between runs (call-cache.ts) and read without parsing the file again.
 */
export interface CallTable {
  /** Offset of the start of each line. */
  readonly lineStarts: readonly number[];
  readonly length: number;
  /** Per call: start offset, end offset, the enclosing call's index (-1 at the top), 1-based line and column of the start, callee, DSL name ('' when none). */
  readonly calls: ReadonlyArray<readonly [number, number, number, number, number, string, string]>;
}

/** Every call expression of a file, in source order, with the call around each. */
export interface CallIndex {
  /** The innermost call containing (line, column), both 1-based; undefined when there is none. */
  at(line: number, column: number): CallLocation | undefined;
}

/** A callee longer than this (an inline function called at once) is shortened: it names, it is not code. */
const CALLEE_CHARS = 120;

export function callTable(sf: SourceFile): CallTable {
  const { ts: tsApi } = tsMorph().tsMorph;
  const root = sf.compilerNode;
  const imports = flopscopeImports(sf);
  const dslNameOf = (call: ts.CallExpression): string | undefined => {
    const callee = call.expression;
    if (tsApi.isIdentifier(callee)) return imports.named.get(callee.text);
    if (tsApi.isPropertyAccessExpression(callee) && tsApi.isIdentifier(callee.expression) && imports.namespaces.has(callee.expression.text)) return callee.name.text;
    return undefined;
  };
  const calls: Array<[number, number, number, number, number, string, string]> = [];
  // Pre-order with an explicit stack (a deeply nested expression cannot overflow it): calls
  // come out sorted by start, an enclosing call before the calls inside it.
  const stack: Array<{ node: ts.Node; parent: number }> = [{ node: root, parent: -1 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    let parent = item.parent;
    if (item.node.kind === tsApi.SyntaxKind.CallExpression) {
      const call = item.node as ts.CallExpression;
      const start = call.getStart(root);
      const at = root.getLineAndCharacterOfPosition(start);
      const callee = call.expression.getText(root);
      calls.push([start, call.end, parent, at.line + 1, at.character + 1, callee.length > CALLEE_CHARS ? `${callee.slice(0, CALLEE_CHARS)}…` : callee, dslNameOf(call) ?? '']);
      parent = calls.length - 1;
    }
    const children: ts.Node[] = [];
    tsApi.forEachChild(item.node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], parent });
  }
  return { lineStarts: [...root.getLineStarts()], length: root.end, calls };
}

export function indexCalls(table: CallTable): CallIndex {
  const { lineStarts: starts, calls } = table;
  return {
    at(line, column) {
      if (line < 1 || line > starts.length) return undefined;
      // A column past the end of its line (a file edited since it ran) stays on that line.
      const lineEnd = line < starts.length ? starts[line] - 1 : table.length;
      const pos = Math.min(starts[line - 1] + Math.max(0, column - 1), lineEnd);
      // The last call starting at or before pos; the innermost call containing pos is it or one around it.
      let lo = 0;
      let hi = calls.length - 1;
      let i = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (calls[mid][0] <= pos) {
          i = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      while (i >= 0 && calls[i][1] <= pos) i = calls[i][2];
      if (i < 0) return undefined;
      const [, , , callLine, callColumn, callee, dslName] = calls[i];
      return { line: callLine, column: callColumn, callee, ...(dslName ? { dslName } : {}) };
    },
  };
}
