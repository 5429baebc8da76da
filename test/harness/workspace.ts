// Tests get a throwaway copy of the bundled samples, so nothing they do (models trained, files
// edited, settings written) lands in the repository.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { samplesDir } from './paths';

export interface TestWorkspace {
  dir: string;
  dispose(): void;
}

/** Copies samples/ (or NL_TEST_WORKSPACE, a folder to use instead) into a temporary folder. */
export function prepareWorkspace(): TestWorkspace {
  const source = process.env.NL_TEST_WORKSPACE ? path.resolve(process.env.NL_TEST_WORKSPACE) : samplesDir;
  if (!fs.existsSync(source)) throw new Error(`test workspace source ${source} does not exist`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neural-lens-workspace-'));
  fs.cpSync(source, dir, { recursive: true });
  const remove = () => {
    if (!process.env.NL_KEEP_STATE) fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', remove); // also on an interrupted run (see exitOnSignals)
  return {
    dir,
    dispose: () => {
      process.off('exit', remove);
      remove();
    },
  };
}
