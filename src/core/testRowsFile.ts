// Reads a model folder's testRows.json (testRows.ts) for the dashboard: a file larger than the engine
// ever writes, or not ours, gives nothing rather than an error (the dashboard says the model kept no rows).
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { MAX_TEST_ROWS_BYTES, parseTestRows, TEST_ROWS_FILE, type TestRows } from './testRows';

export async function readTestRows(modelDir: string): Promise<TestRows | undefined> {
  const file = path.join(modelDir, TEST_ROWS_FILE);
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile() || stat.size > 2 * MAX_TEST_ROWS_BYTES) return undefined;
    return parseTestRows(JSON.parse(await fsp.readFile(file, 'utf8')));
  } catch {
    return undefined;
  }
}
