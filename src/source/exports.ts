// The exports of a user file, read statically: each exported name with the line and column of
// its declaration, which is where an annotation about "this architecture" points.
import { sourceFile } from './project.js';

export interface ExportLocation {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

export function exportLocations(file: string): ExportLocation[] {
  const sf = sourceFile(file);
  const out: ExportLocation[] = [];
  for (const [name, decls] of sf.getExportedDeclarations()) {
    const decl = decls[0];
    if (!decl || decl.getSourceFile() !== sf) {
      // Re-exported from another file: point at the export statement of this one.
      const stmt = sf.getExportDeclarations().find((d) => d.getNamedExports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name));
      if (stmt) out.push({ name, ...sf.getLineAndColumnAtPos(stmt.getStart()) });
      continue;
    }
    out.push({ name, ...sf.getLineAndColumnAtPos(decl.getStart()) });
  }
  return out;
}

export function exportLocation(file: string, name: string): ExportLocation | undefined {
  return exportLocations(file).find((e) => e.name === name);
}
