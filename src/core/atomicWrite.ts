// Replacing a file whole or not at all, for every file we write over (an HTML or PDF export, a run record):
// the content goes to a hidden temporary sibling, created exclusively (so never over a file of the user's, and
// never removed unless it is the one created here), then renamed over the target.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `content` to `file` through a temporary sibling and a rename: a reader or a crash never sees half of it. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  let created = false;
  try {
    const fd = fs.openSync(tmp, 'wx');
    created = true;
    try {
      fs.writeFileSync(fd, content);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    if (created) fs.rmSync(tmp, { force: true });
    throw new Error(`Cannot write ${file}: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`, { cause: e });
  }
}
