// Trains the fast model on rows streamed from disk once per epoch, as fastText does: what is held is the
// model, the dictionary (dictionary.ts, bounded), a bounded shuffle buffer (shuffleBuffer.ts) of featurised
// examples, and the validation rows (bounded by the caller). Each row is featurised as it passes, on every
// epoch: the memory stays the model's whatever the file's size, for the CPU time of featurising once per
// epoch instead of once. The same SGD step (sgd.ts), learning-rate schedule, epoch count, early stopping and
// model as the in-memory trainer (train.ts).
import { mulberry32 } from '../split';
import { cancelPoint } from '../timeSlices';
import type { TrainProgress } from '../trainTypes';
import type { FastDictionary } from './dictionary';
import { Featurizer } from './features';
import { encodeHeldOut } from './heldOut';
import { sgdSlice, type SgdState } from './sgd';
import { ExampleShuffle, type ExampleRef } from './shuffleBuffer';
import { RowSpill } from './rowSpill';
import { poolingScale, poolingTerm } from './fastModel';
import { EpochKeeper, epochsFor, fastOptions, idfWeights, initialWeights, sgdLayout, type FastFit, type FastOptions, type LabelledTexts } from './train';

/**
 * Feature occurrences the shuffle buffer holds (its arena is twice that: 32 MB): about 40,000 English reviews
 * or 14,000 Chinese ones (character 1–3-grams) — and at most SHUFFLE_MAX_ROWS rows.
 */
export const SHUFFLE_OCCURRENCES = 4_000_000;
export const SHUFFLE_MAX_ROWS = 100_000;

/** Examples per SGD call: small enough to keep the shuffle buffer's order, large enough to amortise the call. */
const BATCH = 256;

export interface StreamedFastInput {
  /** The training rows' dictionary, from a pass before (dictionary.ts). */
  dictionary: FastDictionary;
  /** Streams every training row once, in the file's order (the dictionary's rows, no others): once per epoch. */
  pass: (visit: (text: string, y: number) => void) => Promise<void>;
  /** The training rows as the dictionary pass spilled them, for the first epoch instead of a pass. */
  firstEpoch?: FirstEpoch;
  validation?: LabelledTexts;
  labels: readonly string[];
  options?: Partial<FastOptions>;
  classWeights?: readonly number[];
  /** Whether the first epoch's featurised rows are kept on disk for the later epochs (rowSpill.ts); default true. */
  spill?: boolean;
  /** Rows the shuffle buffer holds; default from SHUFFLE_OCCURRENCES and the rows' average features. */
  shuffleRows?: number;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

/**
 * The training rows the dictionary pass spilled, in the order it saw them (a row's label its class), each
 * value turned into the dictionary's row (or -1) by `rowOf`. Disposed of by the caller.
 */
export interface FirstEpoch {
  replay: RowSpill['replay'];
  rowOf: (value: number) => number;
}

/** Examples gathered for one sgdSlice call. */
class Batch {
  feats = new Int32Array(BATCH * 64);
  offsets = new Int32Array(BATCH + 1);
  y = new Int32Array(BATCH);
  docScale = new Float32Array(BATCH);
  readonly order = Int32Array.from({ length: BATCH }, (_, i) => i);
  count = 0;

  add(e: ExampleRef): void {
    const at = this.offsets[this.count];
    if (at + e.length > this.feats.length) {
      const grown = new Int32Array(Math.max(this.feats.length * 2, at + e.length));
      grown.set(this.feats.subarray(0, at));
      this.feats = grown;
    }
    this.feats.set(e.feats.subarray(e.start, e.start + e.length), at);
    this.y[this.count] = e.y;
    this.docScale[this.count] = e.scale;
    this.offsets[++this.count] = at + e.length;
  }

  get full(): boolean {
    return this.count === BATCH;
  }
}

export async function trainFastStreamed(input: StreamedFastInput): Promise<FastFit> {
  const o = fastOptions(input.options);
  const { dictionary, labels, signal, onProgress } = input;
  const k = labels.length;
  const n = dictionary.docs;
  if (n === 0) throw new Error('No training rows.');
  const rows = dictionary.ids.length;
  const epochs = epochsFor(o, dictionary.occurrences);
  const random = mulberry32(o.seed);
  const rowWeights = o.pooling.idf ? idfWeights(dictionary.docFreq, n) : undefined;
  const batch = new Batch();
  const layout = sgdLayout(o, k, dictionary.occurrences);
  const state: SgdState = {
    ...initialWeights(layout, rows, k, random),
    feats: batch.feats,
    offsets: batch.offsets,
    y: batch.y,
    classWeight: Float32Array.from(input.classWeights ?? labels.map(() => 1)),
    rowWeight: rowWeights ?? null,
    docScale: batch.docScale,
    smoothing: o.smoothing,
  };
  const validation =
    input.validation && input.validation.texts.length > 0
      ? encodeHeldOut(input.validation.texts, input.validation.y, o.features, o.pooling, dictionary.rowOf, rowWeights, dictionary.perChar)
      : undefined;
  const keeper = new EpochKeeper(o, state, validation);
  const totalSteps = o.decay === 'constant' ? Infinity : epochs * n;
  const perRow = dictionary.occurrences / n;
  const shuffleRows = input.shuffleRows ?? Math.max(1, Math.min(SHUFFLE_MAX_ROWS, Math.floor(SHUFFLE_OCCURRENCES / Math.max(1, perRow))));
  const buffer = new ExampleShuffle(shuffleRows, SHUFFLE_OCCURRENCES, random);
  const fz = new Featurizer(o.features);
  let rowsOfText = new Int32Array(256);
  // The first epoch's featurised rows, for the later epochs (rowSpill.ts); none when one epoch is all.
  const spill = epochs > 1 && input.spill !== false ? RowSpill.create(4 * (dictionary.occurrences + 3 * n)) : undefined;
  let spilling = spill !== undefined;

  /**
   * Shuffles in a text's rows in the model (features it does not keep dropped) and its pooling scale, as
   * train.ts computes them; `take` gets the example that leaves the buffer in its place. In the first epoch
   * the row is also spilled.
   */
  const shuffleIn = (text: string, y: number, take: (e: ExampleRef) => void): void => {
    const count = fz.run(text);
    shuffleInValues(fz.ids, count, y, dictionary.rowOf, take);
  };
  /** As shuffleIn, from the text's features as `rowOf` turns them into the dictionary's rows. */
  const shuffleInValues = (values: Uint32Array | Int32Array, count: number, y: number, rowOf: (value: number) => number, take: (e: ExampleRef) => void): void => {
    if (count > rowsOfText.length) rowsOfText = new Int32Array(count * 2);
    let at = 0;
    let total = 0;
    for (let j = 0; j < count; j++) {
      const r = rowOf(values[j]);
      if (r < 0) continue;
      rowsOfText[at++] = r;
      const w = rowWeights ? rowWeights[r] : 1;
      total += poolingTerm(w, o.pooling.norm);
    }
    const scale = poolingScale(total, o.pooling.norm);
    if (spilling) spilling = spill!.write(rowsOfText, at, y, scale);
    buffer.push(rowsOfText, at, y, scale, take);
  };

  let replayable = false;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const stats = new Float64Array(3);
      let trained = 0;
      let seen = 0;
      let lastProgress = performance.now();
      const flush = (): void => {
        if (batch.count === 0) return;
        // The batch's arrays may have grown: the state reads the current ones.
        state.feats = batch.feats;
        sgdSlice(state, batch.order, 0, batch.count, layout.lr, (epoch - 1) * n + trained, 1, totalSteps, stats);
        trained += batch.count;
        batch.count = 0;
      };
      const train = (e: ExampleRef): void => {
        batch.add(e);
        if (batch.full) flush();
      };
      const counted = (): void => {
        if (++seen % 256 === 0) {
          signal?.throwIfAborted();
          const now = performance.now();
          // Ten times a second, and every 4,096 rows on a small file (its epoch may be over in less).
          if (now - lastProgress > 100 || seen % 4096 === 0) {
            lastProgress = now;
            onProgress?.({ phase: 'training', epoch, epochs, batch: seen, batches: n });
          }
        }
      };
      if (replayable) {
        // The same rows in the same order as the first epoch's pass, without the CSV; a cancel message is
        // heard between the file's chunks.
        await spill!.replay(
          (rows, count, y, scale) => {
            buffer.push(rows, count, y, scale, train);
            counted();
          },
          () => cancelPoint(signal),
        );
      } else {
        const first = epoch === 1 ? input.firstEpoch : undefined;
        if (first) {
          await first.replay(
            (values, count, y) => {
              shuffleInValues(values, count, y, first.rowOf, train);
              counted();
            },
            () => cancelPoint(signal),
          );
        } else {
          await input.pass((text, y) => {
            shuffleIn(text, y, train);
            counted();
          });
        }
        if (spilling) replayable = spill!.finish();
        spilling = false;
      }
      signal?.throwIfAborted();
      if (seen !== n) throw new Error(`an epoch streamed ${seen} training rows where the dictionary counted ${n}`);
      buffer.drain(train);
      flush();
      const { progress: ended, stop } = keeper.endEpoch(epoch, epochs, stats);
      onProgress?.(ended);
      if (stop) break;
    }
  } finally {
    spill?.dispose();
  }
  return keeper.finish(labels, dictionary.ids, rowWeights, { epochs, threads: 1, streamed: true, shuffleRows, layout: layout.kind, spilled: replayable });
}
