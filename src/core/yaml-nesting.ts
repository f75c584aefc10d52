// Deeply nested YAML is refused before it is composed. The yaml library
// composes collections recursively; a few kilobytes of `[[[[…` or `{a: {a: …`
// reach the end of the stack, and when that happens while V8 compiles a
// regular expression the process aborts ("RegExpCompiler Allocation failed")
// instead of throwing. The library's CST parser is iterative, so the depth is
// measured on its tokens, without recursion.
import { LineCounter, Parser } from 'yaml';

/** Far beyond any plant file (about 8 levels) or API body, far below the stack's limit. */
export const MAX_YAML_DEPTH = 64;

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

export interface TooDeep {
  depth: number;
  /** 1-based: a collection past the limit. */
  line: number;
  column: number;
}

/** Where the text nests collections deeper than `limit`, or undefined when it does not. */
export function yamlTooDeep(text: string, limit = MAX_YAML_DEPTH): TooDeep | undefined {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  for (const token of parser.parse(text)) {
    const stack: { node: unknown; depth: number }[] = [{ node: token, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop() as { node: unknown; depth: number };
      if (node === null || typeof node !== 'object') continue;
      const type = (node as { type?: unknown }).type;
      const here = typeof type === 'string' && COLLECTIONS.has(type) ? depth + 1 : depth;
      if (here > limit) {
        const offset = (node as { offset?: number }).offset ?? 0;
        const position = lineCounter.linePos(offset);
        return { depth: here, line: position.line, column: position.col };
      }
      const children = Array.isArray(node) ? node : Object.values(node);
      for (const child of children) {
        if (child !== null && typeof child === 'object') stack.push({ node: child, depth: here });
      }
    }
  }
  return undefined;
}
