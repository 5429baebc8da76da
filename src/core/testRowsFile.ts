// Reads a model folder's testRows.json (testRows.ts) for the dashboard: a file larger than the engine
// ever writes, or not ours, gives nothing rather than an error (the dashboard says the model kept no rows).
import * as path from 'node:path';
import { readRegularFile } from './regularFile';
import { MAX_TEST_ROWS_BYTES, parseTestRows, TEST_ROWS_FILE, type TestRows } from './testRows';

export async function readTestRows(modelDir: string): Promise<TestRows | undefined> {
  // Checked on the open descriptor, as every model file is (regularFile.ts): a FIFO or a link to /dev/zero gives nothing.
  const read = readRegularFile(path.join(modelDir, TEST_ROWS_FILE), { maxBytes: 2 * MAX_TEST_ROWS_BYTES });
  if (!read.ok) return undefined;
  try {
    return parseTestRows(JSON.parse(read.bytes.toString('utf8')));
  } catch {
    return undefined;
  }
}
