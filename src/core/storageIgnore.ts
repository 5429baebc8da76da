// A workspace's model storage folder (.neural-lens/) keeps itself out of git and out of the editor's search
// (VS Code's search reads .gitignore files, in a git repository or not) with a `.gitignore` of `*` of its
// own: no setting of the user's is written. Written once, never over an existing one: an edited one (say,
// to keep a model in git) is the user's.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STORAGE_GITIGNORE = '# Written by Neural Lens: trained models stay out of git and of search. Add !models/NAME/ lines to keep one.\n*\n';

/** Creates `storageDir` and its `.gitignore` when missing; true when the file was written now. */
export function ensureStorageIgnored(storageDir: string): boolean {
  fs.mkdirSync(storageDir, { recursive: true });
  try {
    fs.writeFileSync(path.join(storageDir, '.gitignore'), STORAGE_GITIGNORE, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}
