// Reading a plant file from disk: the one place the plant module touches the
// filesystem. Problems keep their line numbers in the thrown error.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '../../core/db/store.js';
import { invalid } from '../../core/errors.js';
import { formatIssue, type PlantFileResult, readPlantText } from './plant-file.js';
import { type ChangeMeta, loadPlant } from './service.js';

export async function readPlantFile(filePath: string): Promise<PlantFileResult> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw invalid('plant_file_unreadable', 'cannot read the plant file {{file}}: {{reason}}', {
      file: filePath,
      reason: (error as Error).message,
    });
  }
  return readPlantText(text);
}

export async function loadPlantFile(
  db: Database,
  filePath: string,
  meta: Partial<ChangeMeta> = {},
) {
  const result = await readPlantFile(filePath);
  if (!result.ok) {
    throw invalid('plant_file_invalid', 'the plant file {{file}} is not valid:\n  {{problems}}', {
      file: filePath,
      problems: result.issues.map(formatIssue).join('\n  '),
      problemCount: result.issues.length,
    }).withIssues(result.issues);
  }
  return loadPlant(db, result.plant, {
    source: `file:${path.relative(process.cwd(), filePath) || filePath}`,
    ...meta,
  });
}
