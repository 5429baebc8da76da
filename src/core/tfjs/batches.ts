// Texts → token-id sequences, and batches of similar length.
// Bucketing: the rows are shuffled, cut into pools of a few dozen batches, each pool sorted by length and cut
// into batches, and the batches shuffled. A batch is then padded only to its own longest text, so a batch of
// short reviews runs a dozen steps instead of 100, while batches still change from epoch to epoch.
import { lastTokens, padSequences, type Vocabulary } from '../text';
import type { Random } from './random';

/** Token ids of each text, truncated Keras-style ('pre': the end of a long text is kept) to maxLength. */
export function encodeTexts(texts: readonly string[], vocab: Vocabulary, maxLength: number): number[][] {
  return texts.map((text) => vocab.encode(lastTokens(text, maxLength)));
}

/** Batches of row indices (each at most batchSize), grouped by similar length, in random order. */
export function bucketedBatches(lengths: readonly number[], batchSize: number, random: Random, poolBatches = 32): number[][] {
  const order = Array.from(lengths.keys());
  random.shuffle(order);
  const batches: number[][] = [];
  const pool = batchSize * poolBatches;
  for (let start = 0; start < order.length; start += pool) {
    const rows = order.slice(start, start + pool).sort((a, b) => lengths[a] - lengths[b]);
    for (let i = 0; i < rows.length; i += batchSize) batches.push(rows.slice(i, i + batchSize));
  }
  random.shuffle(batches);
  return batches;
}

/** Batches in row order, each sorted by length (for prediction: results are put back by index). */
export function lengthSortedChunks(lengths: readonly number[], batchSize: number): number[][] {
  const order = Array.from(lengths.keys()).sort((a, b) => lengths[a] - lengths[b]);
  const chunks: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) chunks.push(order.slice(i, i + batchSize));
  return chunks;
}

/** The rows' sequences, pre-padded with 0 to `length`, as one row-major B×length array. */
export function padRows(seqs: readonly number[][], rows: readonly number[], length: number): Int32Array {
  return padSequences(
    rows.map((r) => seqs[r]),
    length,
  );
}
