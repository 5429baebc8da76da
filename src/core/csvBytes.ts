// A CSV file's bytes as the parser gets them: checked to be text (no NUL bytes) and UTF-8, the BOM dropped,
// every line end (CRLF, lone CR) turned into \n, in chunks cut at character boundaries. A bad byte is a
// DataError naming its line.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { coreText } from './coreText';
import { DataError } from './dataError';

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i; // truncated at the end
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Length of an incomplete UTF-8 sequence at the very end of `bytes` (0–3), to carry into the next chunk. */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? back : 0;
  }
  return 0;
}

/** Line breaks (LF, CRLF or a lone CR) in bytes[0..end). */
function countNewlines(bytes: Buffer, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
  if (bytes.indexOf(0x0d) >= 0) {
    for (let i = 0; i < end; i++) if (bytes[i] === 0x0d && i + 1 < bytes.length && bytes[i + 1] !== 0x0a) n++;
  }
  return n;
}

/**
 * CRLF and lone CR → LF. A CR at the very end of a chunk is held back (`pendingCR`): whether it was a CRLF
 * is known only from the next chunk's first byte.
 */
function toLf(bytes: Buffer, pendingCR: boolean): { bytes: Buffer; pendingCR: boolean } {
  if (!pendingCR && bytes.indexOf(0x0d) < 0) return { bytes, pendingCR: false };
  const out = Buffer.allocUnsafe(bytes.length + 1);
  let n = 0;
  let i = 0;
  if (pendingCR) {
    out[n++] = 0x0a;
    if (bytes[0] === 0x0a) i = 1;
  }
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x0d) {
      out[n++] = b;
    } else if (i + 1 === bytes.length) {
      return { bytes: out.subarray(0, n), pendingCR: true };
    } else {
      out[n++] = 0x0a;
      if (bytes[i + 1] === 0x0a) i++;
    }
  }
  return { bytes: out.subarray(0, n), pendingCR: false };
}

export interface Utf8LfOptions {
  /** Aborts the read: the iteration throws an AbortError. */
  signal?: AbortSignal;
  /** Sees every chunk of the file's bytes as read, before any change (to hash the file). */
  onRawChunk?: (bytes: Buffer) => void;
}

/**
 * Streams `file` as checked UTF-8 with \n line ends. Line ends are normalised here rather than left to the
 * parser: csv-parse counts a CRLF inside quotes as two lines (which would shift every later line number) and
 * picks a single record delimiter per file.
 */
export async function* utf8LfChunks(file: string, options: Utf8LfOptions = {}): AsyncGenerator<Buffer> {
  let carry = new Uint8Array(0);
  let linesBefore = 0; // line breaks in the bytes already passed on
  let first = true;
  let pendingCR = false;
  const stream = createReadStream(file, { highWaterMark: 1 << 16, signal: options.signal });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.onRawChunk?.(chunk);
      let bytes: Buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      if (first) {
        if (bytes.subarray(0, 8192).includes(0)) {
          throw new DataError('binary-file', file, coreText('binaryFile'));
        }
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        first = false;
      }
      // Chunks are cut at character boundaries (a split character waits for the next chunk), so each one can
      // be checked on its own and the parser never sees half a character.
      const tail = incompleteTail(bytes);
      carry = Uint8Array.from(bytes.subarray(bytes.length - tail));
      const body = bytes.subarray(0, bytes.length - tail);
      if (!isUtf8(body)) {
        const at = Math.max(0, firstInvalidUtf8(body));
        const line = linesBefore + countNewlines(body, at) + 1;
        throw new DataError('invalid-utf8', file, coreText('invalidUtf8', line, body[at].toString(16).padStart(2, '0')), line);
      }
      linesBefore += countNewlines(body, body.length);
      const normalized = toLf(body, pendingCR);
      pendingCR = normalized.pendingCR;
      yield normalized.bytes;
    }
    if (carry.length) {
      const line = linesBefore + 1;
      throw new DataError('invalid-utf8', file, coreText('truncatedUtf8', line), line);
    }
    if (pendingCR) yield Buffer.from('\n');
  } finally {
    stream.destroy();
  }
}
