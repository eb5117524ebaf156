// Finds the DSL call expression at a position of a user file, and tells whether its callee is
// something imported from 'flopscope' (a DSL constructor or combinator).
import type { CallExpression, SourceFile } from 'ts-morph';
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

function dslNameOf(call: CallExpression, imports: ReturnType<typeof flopscopeImports>, SyntaxKind: typeof import('ts-morph').SyntaxKind): string | undefined {
  const callee = call.getExpression();
  if (callee.getKind() === SyntaxKind.Identifier) return imports.named.get(callee.getText());
  if (callee.getKind() === SyntaxKind.PropertyAccessExpression) {
    const [object, ...rest] = callee.getText().split('.');
    if (rest.length === 1 && imports.namespaces.has(object)) return rest[0];
  }
  return undefined;
}

/** The innermost call containing (line, column), both 1-based; undefined when there is none. */
export function callAt(sf: SourceFile, line: number, column: number): CallLocation | undefined {
  const { tsMorph: { SyntaxKind, Node } } = tsMorph();
  if (line < 1 || line > sf.getEndLineNumber()) return undefined;
  // A column past the end of its line (a file edited since it ran) stays on that line.
  const starts = sf.compilerNode.getLineStarts();
  const lineEnd = line < starts.length ? starts[line] - 1 : sf.getEnd();
  const pos = Math.min(starts[line - 1] + Math.max(0, column - 1), lineEnd);
  const node = sf.getDescendantAtPos(pos);
  if (!node) return undefined;
  const call = Node.isCallExpression(node) ? node : node.getFirstAncestorByKind(SyntaxKind.CallExpression);
  if (!call) return undefined;
  const start = sf.getLineAndColumnAtPos(call.getStart());
  const dslName = dslNameOf(call, flopscopeImports(sf), SyntaxKind);
  return { line: start.line, column: start.column, callee: call.getExpression().getText(), ...(dslName ? { dslName } : {}) };
}
