// Reading a file that is named by something we did not write ourselves (an article's image, a model folder's
// files): only a regular file, of a size known before anything is allocated. Checked on the open descriptor,
// so what is checked is what is read (no swap between a stat and the read); opened without blocking, so a FIFO
// is refused at once instead of waited on, and a link to /dev/zero is a character device, refused.
import * as fs from 'node:fs';
import { CoreError, coreText, type CoreText } from './coreText';

export type RegularFileRead =
  | { ok: true; bytes: Buffer }
  /** missing: cannot be opened; not-a-file: a folder, FIFO, socket or device; too-large / wrong-size: `size` bytes. */
  | { ok: false; reason: 'missing' | 'not-a-file' | 'too-large' | 'wrong-size'; size?: number };

export interface RegularFileLimits {
  /** Larger files are not read. */
  maxBytes: number;
  /** The size the file must have, when the caller knows it (a model's weights, from its description). */
  exactBytes?: number;
}

export function readRegularFile(file: string, limits: RegularFileLimits): RegularFileRead {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return { ok: false, reason: 'missing' };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-a-file' };
    if (limits.exactBytes !== undefined && stat.size !== limits.exactBytes) return { ok: false, reason: 'wrong-size', size: stat.size };
    if (stat.size > limits.maxBytes) return { ok: false, reason: 'too-large', size: stat.size };
    const bytes = Buffer.alloc(stat.size);
    let n = 0;
    while (n < stat.size) {
      const read = fs.readSync(fd, bytes, n, stat.size - n, n);
      if (read === 0) break;
      n += read;
    }
    return { ok: true, bytes: bytes.subarray(0, n) };
  } catch {
    return { ok: false, reason: 'missing' };
  } finally {
    fs.closeSync(fd);
  }
}

/** readRegularFile, or an Error naming the file and what is wrong with it. */
export function readCheckedFile(file: string, limits: RegularFileLimits): Buffer {
  const read = readRegularFile(file, limits);
  if (read.ok) return read.bytes;
  throw new CoreError(refusalText(file, read, limits));
}

/** Why readRegularFile did not read `file`, in words naming it. */
export function refusalText(file: string, read: Extract<RegularFileRead, { ok: false }>, limits: RegularFileLimits): CoreText {
  switch (read.reason) {
    case 'missing':
      return coreText('fileMissing', file);
    case 'not-a-file':
      return coreText('fileNotRegular', file);
    case 'wrong-size':
      return coreText('fileWrongSize', file, read.size ?? 0, limits.exactBytes ?? 0);
    case 'too-large':
      return coreText('fileTooLarge', file, read.size ?? 0, limits.maxBytes);
  }
}
