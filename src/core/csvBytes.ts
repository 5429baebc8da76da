// A CSV file's bytes as the parser gets them: UTF-8 with \n line ends, in chunks cut at character
// boundaries. UTF-8 files (the default) are checked, not decoded; a byte-order mark says UTF-8 or UTF-16, and
// any other encoding TextDecoder knows (GB18030 for Chinese exports from Excel, Big5, Shift_JIS,
// windows-1252…) is decoded when the caller names it. Checked to be text (no NUL bytes), the BOM dropped,
// every line end (CRLF, lone CR) turned into \n. A bad byte is a DataError naming its line.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { coreText } from './coreText';
import { DataError } from './dataError';

/**
 * The canonical name of the encoding `label` (a WHATWG label: 'utf8', 'UTF-16LE', 'gbk', 'latin1', …), or a
 * RangeError naming it. GBK and GB2312 read as GB18030, their superset, so any Excel export decodes.
 */
export function csvEncoding(label: string): string {
  let encoding: string;
  try {
    encoding = new TextDecoder(label.trim()).encoding;
  } catch {
    throw new RangeError(`Unknown encoding "${label}": give one such as utf-8, utf-16le, gb18030, big5, shift_jis or windows-1252.`);
  }
  return encoding === 'gbk' ? 'gb18030' : encoding;
}

/** The encoding a byte-order mark at the start of `bytes` names, and the mark's length. */
function byteOrderMark(bytes: Uint8Array): { encoding: string; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** UTF-16 without a mark: text whose NUL bytes fall on one side of each pair (ASCII in UTF-16 is 'a\0'). */
function utf16Without(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, 8192);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) odd++;
    else even++;
  }
  const pairs = sample.length >> 1;
  if (odd > pairs * 0.3 && even === 0) return 'utf-16le';
  if (even > pairs * 0.3 && odd === 0) return 'utf-16be';
  return undefined;
}

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
  /** The file's encoding (see csvEncoding); a byte-order mark overrides it, as in the WHATWG decode algorithm. Default UTF-8. */
  encoding?: string;
  /** Bytes to read at most (a peek at the head). */
  maxBytes?: number;
}

/** Turns one chunk of the file's bytes (after the mark) into UTF-8, or throws a DataError at `linesBefore` + its line. */
type ChunkDecoder = (bytes: Buffer, linesBefore: number, last: boolean) => Buffer;

/** UTF-8 is checked, not decoded: chunks are cut at character boundaries, so each one can be checked on its own. */
function utf8Decoder(file: string, named: boolean): ChunkDecoder {
  let carry = new Uint8Array(0);
  return (chunk, linesBefore, last) => {
    if (last) {
      if (carry.length) throw new DataError('invalid-utf8', file, coreText('truncatedUtf8', linesBefore + 1), linesBefore + 1);
      return chunk;
    }
    const bytes: Buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    // A character split across reads waits for the next one, so the parser never sees half a character.
    const tail = incompleteTail(bytes);
    carry = Uint8Array.from(bytes.subarray(bytes.length - tail));
    const body = bytes.subarray(0, bytes.length - tail);
    if (isUtf8(body)) return body;
    const at = Math.max(0, firstInvalidUtf8(body));
    const line = linesBefore + countNewlines(body, at) + 1;
    const byte = body[at].toString(16).padStart(2, '0');
    const asGb18030 = named ? undefined : gb18030Line(body, at);
    throw new DataError('invalid-utf8', file, asGb18030 === undefined ? coreText('invalidUtf8', line, byte) : coreText('invalidUtf8Gb18030', line, byte, asGb18030), line);
  };
}

/** Any other encoding, through TextDecoder (fatal: a byte it cannot decode is an error, never a U+FFFD). */
function textDecoder(file: string, encoding: string): ChunkDecoder {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  return (bytes, linesBefore, last) => {
    try {
      return Buffer.from(decoder.decode(bytes, { stream: !last }), 'utf8');
    } catch {
      // Where: the longest start of this chunk a fresh decoder reads (a character split across the previous
      // read boundary puts it at the start).
      const fresh = (n: number): boolean => {
        try {
          new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, n), { stream: true });
          return true;
        } catch {
          return false;
        }
      };
      let lo = 0;
      let hi = fresh(bytes.length) ? 0 : bytes.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (fresh(mid)) lo = mid;
        else hi = mid - 1;
      }
      const before = Buffer.from(new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(0, lo), { stream: true }), 'utf8');
      const line = linesBefore + countNewlines(before, before.length) + 1;
      const ends = last && lo === bytes.length;
      throw new DataError('invalid-encoding', file, coreText(ends ? 'truncatedEncoding' : 'invalidEncoding', line, encoding), line);
    }
  };
}

/** Han, kana, Hangul, CJK punctuation and full-width forms. */
const CJK_TEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/gu;

/**
 * When bytes that are not UTF-8 decode cleanly as GB18030 (what Excel writes for Chinese on Windows) into
 * mostly CJK text: the bad byte's line as GB18030 reads it (the error says so, and how to pass the encoding).
 */
function gb18030Line(bytes: Buffer, at: number): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
  const nonAscii = text.replace(/[\p{ASCII}]/gu, '');
  const cjk = nonAscii.match(CJK_TEXT)?.length ?? 0;
  if (cjk === 0 || cjk < nonAscii.length * 0.9) return undefined;
  const start = bytes.lastIndexOf(0x0a, at) + 1;
  const end = bytes.indexOf(0x0a, at);
  const line = new TextDecoder('gb18030').decode(bytes.subarray(start, end < 0 ? bytes.length : end)).replace(/\r$/, '');
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/**
 * Streams `file` as checked UTF-8 with \n line ends. Line ends are normalised here rather than left to the
 * parser: csv-parse counts a CRLF inside quotes as two lines (which would shift every later line number) and
 * picks a single record delimiter per file.
 */
export async function* utf8LfChunks(file: string, options: Utf8LfOptions = {}): AsyncGenerator<Buffer> {
  // Checked first: an unknown name is the caller's mistake, whatever the file holds.
  const named = options.encoding === undefined ? undefined : csvEncoding(options.encoding);
  let decode: ChunkDecoder | undefined;
  let linesBefore = 0; // line breaks in the text already passed on
  let pendingCR = false;
  const stream = createReadStream(file, { highWaterMark: 1 << 16, signal: options.signal, end: options.maxBytes === undefined ? undefined : options.maxBytes - 1 });
  const pass = (text: Buffer): Buffer | undefined => {
    linesBefore += countNewlines(text, text.length);
    const normalized = toLf(text, pendingCR);
    pendingCR = normalized.pendingCR;
    return normalized.bytes.length > 0 ? normalized.bytes : undefined;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      options.onRawChunk?.(chunk);
      let bytes = chunk;
      if (!decode) {
        const bom = byteOrderMark(bytes);
        const encoding = bom?.encoding ?? named ?? 'utf-8';
        if (bom) bytes = bytes.subarray(bom.length);
        if (!encoding.startsWith('utf-16') && bytes.subarray(0, 8192).includes(0)) {
          const utf16 = utf16Without(bytes);
          throw new DataError('binary-file', file, utf16 ? coreText('utf16WithoutMark', utf16.toUpperCase(), utf16) : coreText('binaryFile'));
        }
        decode = encoding === 'utf-8' ? utf8Decoder(file, named !== undefined) : textDecoder(file, encoding);
      }
      const out = pass(decode(bytes, linesBefore, false));
      if (out) yield out;
    }
    // The end: a character cut by it, or (the head only) by the byte limit.
    if (decode && options.maxBytes === undefined) {
      const out = pass(decode(Buffer.alloc(0), linesBefore, true));
      if (out) yield out;
    }
    if (pendingCR) yield Buffer.from('\n');
  } finally {
    stream.destroy();
    // Its descriptor is closed once a read in flight is over: waited for, so that no file outlives this
    // function (a reader thread terminated right after it would leave the descriptor open in the process).
    if (!stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()));
  }
}
