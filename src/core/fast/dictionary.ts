// The streamed training's feature dictionary: built in one pass over the training texts, holding only the
// id index and its document counts — never the texts or their features — and bounded by a row cap from the
// memory budget. When it fills it drops its rarest features, as fastText's dictionary does (threshold raised
// by one until it is three quarters full): a feature pruned early and seen again starts counting from 0, so
// the counts of the rare ones are approximate; the frequent ones, which the model is made of, are exact.
import { Featurizer, type FeatureOptions } from './features';
import { IdIndex } from './idIndex';

/** The dictionary once its pass is over: the rows a model keeps, and what sizes the run. */
export interface FastDictionary {
  /** Feature id of each row. */
  ids: Uint32Array;
  /** Training texts each row occurs in. */
  docFreq: Int32Array;
  /** The row of a feature id, or -1 when it was not kept. */
  rowOf: (id: number) => number;
  /** Training texts seen. */
  docs: number;
  /** Feature occurrences in all of them (one epoch's). */
  occurrences: number;
  /** Occurrences per character of the training texts. */
  perChar: number;
  /** Whether rows were dropped because the cap was reached. */
  pruned: boolean;
  /**
   * The row of each row number the pass handed to `add`'s onRows (-1: dropped as rare), or undefined when
   * the pass pruned itself, which renumbered its rows.
   */
  passRows?: Int32Array;
}

/** When the dictionary prunes itself it goes down to this share of its cap, so it does not prune again at once. */
const PRUNED_SHARE = 0.75;

export class DictionaryBuilder {
  private index: IdIndex;
  private readonly fz: Featurizer;
  private docs = 0;
  private occurrences = 0;
  private chars = 0;
  private threshold = 1;
  private rows = new Int32Array(256);

  constructor(
    features: FeatureOptions,
    private readonly maxRows: number,
  ) {
    if (!(maxRows >= 1)) throw new RangeError(`maxRows must be at least 1, got ${maxRows}`);
    this.fz = new Featurizer(features);
    this.index = new IdIndex(Math.min(maxRows, 1 << 16));
  }

  /** Counts one training text's features; `onRows` sees their rows in the pass (valid during the call). */
  add(text: string, onRows?: (rows: Int32Array, count: number) => void): void {
    const count = this.fz.run(text); // first: it may grow fz.ids
    this.addFeatures(this.fz.ids, 0, count, text.length, onRows);
  }

  /** As `add`, for a text of `chars` characters featurised already (a reader thread's): ids[from..from + count). */
  addFeatures(ids: Uint32Array, from: number, count: number, chars: number, onRows?: (rows: Int32Array, count: number) => void): void {
    if (this.rows.length < count) this.rows = new Int32Array(count * 2);
    for (let j = 0; j < count; j++) this.rows[j] = this.index.addInDoc(ids[from + j], this.docs);
    onRows?.(this.rows, count);
    this.docs++;
    this.occurrences += count;
    this.chars += chars;
    if (this.index.size > this.maxRows) this.prune();
  }

  private prune(): void {
    while (this.index.size > this.maxRows * PRUNED_SHARE) this.index = this.index.pruned(++this.threshold);
  }

  /** The rows found in at least `minDocFreq(occurrences)` texts (and that survived pruning). */
  finish(minDocFreq: (occurrences: number) => number): FastDictionary {
    const minDf = minDocFreq(this.occurrences);
    const index = this.index.pruned(minDf);
    let passRows: Int32Array | undefined;
    if (this.threshold === 1) {
      // pruned() keeps the rows in their order: the kept ones are numbered as they come.
      const docFreq = this.index.docFreqs();
      passRows = new Int32Array(docFreq.length);
      let next = 0;
      for (let r = 0; r < docFreq.length; r++) passRows[r] = docFreq[r] >= minDf ? next++ : -1;
    }
    return {
      ids: index.ids(),
      docFreq: index.docFreqs(),
      rowOf: (id) => index.get(id),
      docs: this.docs,
      occurrences: this.occurrences,
      perChar: this.occurrences / Math.max(1, this.chars),
      pruned: this.threshold > 1,
      passRows,
    };
  }
}
