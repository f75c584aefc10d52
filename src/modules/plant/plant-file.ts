// Reads a plant file's text (YAML, of which JSON is a subset) into a checked
// plant. Problems carry the path in the document and, where the text has one,
// the line and column, so an engineer can go straight to the mistake.
import { isMap, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import { errorMessage, issueAt } from '../../core/errors.js';
import { MAX_YAML_DEPTH, yamlTooDeep } from '../../core/yaml-nesting.js';
import type { PlantFile, PlantIssue } from './model.js';
import { validatePlant } from './validate.js';

export interface LocatedIssue extends PlantIssue {
  line?: number;
  column?: number;
}

/** The path of a problem with the file as a whole (its YAML, or not a mapping). */
const FILE = '(file)';

export type PlantFileResult =
  | { ok: true; plant: PlantFile }
  | { ok: false; issues: LocatedIssue[] };

export function readPlantText(text: string): PlantFileResult {
  const tooDeep = yamlTooDeep(text);
  if (tooDeep) {
    return {
      ok: false,
      issues: [
        {
          ...issueAt(
            FILE,
            errorMessage(
              'plant_file_too_deep',
              'YAML nests collections more than {{maxDepth}} levels deep',
              { maxDepth: MAX_YAML_DEPTH },
            ),
          ),
          line: tooDeep.line,
          column: tooDeep.column,
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          ...issueAt(
            FILE,
            errorMessage('plant_file_yaml_syntax', 'YAML syntax: {{reason}}', {
              reason: error.message.split('\n')[0] ?? error.message,
            }),
          ),
          line: position.line,
          column: position.col,
        };
      }),
    };
  }
  let content: unknown;
  try {
    content = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias without its anchor, or too many aliases, is found only here.
    return {
      ok: false,
      issues: [
        issueAt(
          FILE,
          errorMessage('plant_file_yaml_unreadable', 'YAML: {{reason}}', {
            reason: (error as Error).message,
          }),
        ),
      ],
    };
  }
  const result = validatePlant(content);
  if (result.ok) return result;
  return {
    ok: false,
    issues: result.issues.map((issue) => {
      // A problem with the document as a whole (empty, not a mapping) has no path.
      const path = issue.path === '' ? FILE : issue.path;
      const range = nodeRange(document.contents, splitPath(issue.path));
      if (range === undefined) return { ...issue, path };
      const position = lineCounter.linePos(range);
      return { ...issue, path, line: position.line, column: position.col };
    }),
  };
}

export function formatIssue(issue: LocatedIssue): string {
  const where = issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column})`;
  return `${issue.path}: ${issue.message}${where}`;
}

/** The plant as a plant file, for export and round trips. */
export function plantToYaml(plant: PlantFile): string {
  return stringify(plant, { lineWidth: 0 });
}

function splitPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}

// The deepest node on the path that exists: a missing field is reported at
// its parent, which is where the engineer must add it.
function nodeRange(root: unknown, path: (string | number)[]): number | undefined {
  let node = root;
  let best: number | undefined = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String((item.key as { value?: unknown })?.value) === String(segment),
      );
      if (!pair) break;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else break;
    best = rangeStart(node) ?? best;
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}
