// The lines of predict's input, in batches: the lines node:readline would give (\n, \r\n and a lone \r end a
// line; a last line without an end counts), read in large chunks and split with one regular expression.
// readline's per-line events and async iteration were a fifth of predict's time on 100,000 short lines.
// Bytes are decoded as a stream (UTF-8 unless told otherwise, a byte-order mark dropped), and no line may be
// longer than `maxLineChars`: readline builds a line of any length and failed past V8's string limit
// (~512 MB) with "RangeError: Invalid string length"; here such a line is a DataError naming it.
import type { Readable } from 'node:stream';
import { coreText } from '../core/coreText';
import { DataError } from '../core/dataError';

const LINE_END = /\r\n|\r|\n/;

/** Characters of one input line at most: a sentence to label is a few hundred; 16 million is no text to score. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;
/** Characters of a batch at most: a batch of long lines is handed on before it holds 10,000 of them. */
export const MAX_BATCH_CHARS = 32 * 1024 * 1024;

export interface LineBatchOptions {
  /** The input's name in errors ('-' for standard input). */
  file?: string;
  /** The encoding of byte chunks (a WHATWG label); UTF-8 by default. */
  encoding?: string;
  maxLineChars?: number;
  maxBatchChars?: number;
}

/** Yields the lines of `input` (a text stream, or bytes in `encoding`) in arrays of at most `size`. */
export async function* lineBatches(input: Readable | AsyncIterable<string | Uint8Array>, size: number, options: LineBatchOptions = {}): AsyncGenerator<string[]> {
  const maxLine = options.maxLineChars ?? MAX_LINE_CHARS;
  const maxBatch = options.maxBatchChars ?? MAX_BATCH_CHARS;
  const decoder = new TextDecoder(options.encoding ?? 'utf-8');
  let batch: string[] = [];
  let batchChars = 0;
  let before = 0; // lines already yielded
  let rest = '';
  const tooLong = (index: number): DataError => {
    const line = before + index + 1;
    return new DataError('line-too-long', options.file === undefined || options.file === '-' ? 'standard input' : options.file, coreText('lineTooLong', line, maxLine.toLocaleString('en-US')), line);
  };
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    let text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    // A chunk ending in \r may be the first half of \r\n: keep it for the next chunk.
    const held = text.endsWith('\r') ? 1 : 0;
    if (held) text = text.slice(0, -1);
    const parts = text.split(LINE_END);
    rest = parts.pop()! + (held ? '\r' : '');
    for (const line of parts) {
      if (line.length > maxLine) {
        // The lines before it are printed first, as they would have been had it been short.
        const error = tooLong(batch.length);
        if (batch.length) yield batch;
        throw error;
      }
      batch.push(line);
      batchChars += line.length;
      if (batch.length === size || batchChars >= maxBatch) {
        yield batch;
        before += batch.length;
        batch = [];
        batchChars = 0;
      }
    }
    // The line still open holds at most the cap (and a chunk): the text read never grows past it.
    if (rest.length > maxLine + held) {
      const error = tooLong(batch.length);
      if (batch.length) yield batch;
      throw error;
    }
  }
  rest += decoder.decode();
  // A held \r at the very end ends the last line; anything after the last line end is a line of its own.
  const last = rest.endsWith('\r') ? rest.slice(0, -1) : rest;
  if (last.length > maxLine) {
    const error = tooLong(batch.length);
    if (batch.length) yield batch;
    throw error;
  }
  if (rest !== '') batch.push(last);
  if (batch.length) yield batch;
}
