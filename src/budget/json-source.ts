// Strict JSON with positions: syntax errors say line and column, and every value keeps its
// offset so a validation error can say where in the file the offending key is.
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { FlopscopeError } from '../errors.js';
import { withoutByteOrderMark } from '../read-text.js';

export type { JsonNode };

export interface JsonSource {
  /** The file as shown in messages. */
  readonly shown: string;
  readonly text: string;
  readonly root: JsonNode;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** 'CommaExpected' -> 'comma expected'. */
function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function parseJsonSource(text: string, shown: string): JsonSource {
  // Positions count from after a byte-order mark, as editors show them.
  const body = withoutByteOrderMark(text);
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length || !root) {
    const first = errors[0];
    const at = lineColumn(body, first?.offset ?? body.length);
    throw new FlopscopeError('config', `${shown}:${at.line}:${at.column}: invalid JSON: ${first ? words(printParseErrorCode(first.error)) : 'empty file'}`);
  }
  return { shown, text: body, root };
}

/** "file:line:column" of a node. */
export function where(src: JsonSource, node: JsonNode): string {
  const at = lineColumn(src.text, node.offset);
  return `${src.shown}:${at.line}:${at.column}`;
}

/** The properties of an object node: key, key node, value node. */
export function properties(node: JsonNode): Array<{ key: string; keyNode: JsonNode; value: JsonNode }> {
  return (node.children ?? []).map((p) => ({ key: String(p.children![0].value), keyNode: p.children![0], value: p.children![1] }));
}

/** The plain value of a node (objects and arrays rebuilt). */
export function plain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries(properties(node).map((p) => [p.key, plain(p.value)]));
    case 'array':
      return (node.children ?? []).map(plain);
    default:
      return node.value;
  }
}

/**
 * Refuses an object with a key written twice anywhere under `node`, naming both positions: JSON
 * parsers keep the last one silently, so the first would be a budget or a limit that is ignored.
 */
export function refuseDuplicateKeys(src: JsonSource, node: JsonNode): void {
  const pending: JsonNode[] = [node];
  for (let n = pending.pop(); n; n = pending.pop()) {
    if (n.type === 'object') {
      const seen = new Map<string, JsonNode>();
      for (const p of properties(n)) {
        const first = seen.get(p.key);
        if (first) {
          const at = lineColumn(src.text, first.offset);
          throw new FlopscopeError('config', `${where(src, p.keyNode)}: duplicate key "${p.key}" (first at line ${at.line}, column ${at.column}); a JSON reader would keep only the last one`);
        }
        seen.set(p.key, p.keyNode);
      }
    }
    for (const child of n.children ?? []) pending.push(child);
  }
}
