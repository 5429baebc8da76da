// The fast model's features: hashed word unigrams and word bigrams, and hashed character n-grams inside runs
// of CJK characters (Chinese has no spaces; character n-grams beat segmented words for sentiment and need no
// dictionary). A hand-written scanner over char codes, with Unicode classes looked up once per code unit and
// cached, finds the tokens and hashes them in place: scoring must run at 100,000 lines/s, an order of
// magnitude beyond Intl.Segmenter. Feature ids are 32-bit FNV-1a hashes; the model keeps a row only for the
// ids it saw in training.
//
// Tokens: a CJK run (Han, kana, Hangul) yields its character n-grams; a word is a run of letters, marks and
// digits, with inner apostrophes ("don't"); each emoji and each ! or ? is a token of its own (they carry
// sentiment); anything else separates. Text is lower-cased first.

export interface FeatureOptions {
  /** 1 = words only, 2 = words + word bigrams. */
  wordNgrams: number;
  /** Character n-grams of CJK runs, from `cjkMinN` to `cjkMaxN` characters (0 = none). */
  cjkMinN: number;
  cjkMaxN: number;
  /**
   * Words shorter than this many characters are left out, bigrams then joining their neighbours (2:
   * scikit-learn's default token pattern). Absent: 1, what models saved before it was an option used.
   */
  minWordLength?: number;
  /** Each emoji, ! and ? is a token (absent: true, as before it was an option). */
  symbols?: boolean;
  /**
   * Each feature counts once per text however often it occurs (binary term frequency, close to the
   * sublinear tf of a TF-IDF: a Chinese review repeats its common characters many times, and counting every
   * repeat lets them outweigh the rare n-grams that carry the sentiment). Absent: false, every occurrence
   * counts, as before it was an option.
   */
  distinct?: boolean;
}

/**
 * Words of 2+ characters as scikit-learn tokenises them (cross-validated on the training files, bench/train/tune.ts:
 * +1.6 points of macro-F1 on uci_amazon, +0.6 on uci_imdb, the same elsewhere); emoji, ! and ? kept as tokens —
 * dropping them too was within the noise on these sets, which have few, and they carry sentiment in tweets.
 * Each feature counted once per text, as issue 10's tuned TF-IDF damps repeats (with label smoothing, grid
 * smoothing2: macro-F1 +0.5 points on uci_amazon, +1.4 on uci_imdb, −0.6 on uci_yelp, level on chnsenticorp_htl).
 */
export const DEFAULT_FEATURES: FeatureOptions = { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 3, minWordLength: 2, symbols: true, distinct: true };

/**
 * Characters of a text the fast model reads, in training and in scoring alike: the rest of a longer text is
 * ignored. A review is a few thousand characters at most; the cap bounds what one text can cost (a CSV field
 * of 10 MB would otherwise be millions of features in one uninterruptible step).
 */
export const FAST_MAX_TEXT_CHARS = 100_000;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Distinct seeds keep a word and a character n-gram with the same characters apart. */
const WORD_SEED = FNV_OFFSET;
const CJK_SEED = 0x9e3779b9;

function hashBigram(a: number, b: number): number {
  return (Math.imul(a, 116049371) + b + 0x7f4a7c15) >>> 0;
}

const enum Cls {
  Unknown = 0,
  Separator = 1,
  Word = 2,
  Cjk = 3,
  Symbol = 4, // an emoji, or ! ?: a token by itself
  Apostrophe = 5,
}

const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const WORD = /^[\p{L}\p{M}\p{N}]$/u;
const PICTO = /^\p{Extended_Pictographic}$/u;

function classify(ch: string): Cls {
  if (CJK.test(ch)) return Cls.Cjk;
  if (WORD.test(ch)) return Cls.Word;
  if (PICTO.test(ch) || ch === '!' || ch === '?') return Cls.Symbol;
  if (ch === "'" || ch === '’') return Cls.Apostrophe;
  return Cls.Separator;
}

/** Class of each BMP code unit, filled in on first sight. */
const bmp = new Uint8Array(0x10000);
const astral = new Map<number, Cls>();

function classOfUnit(c: number): Cls {
  let k = bmp[c];
  if (k === Cls.Unknown) {
    k = classify(String.fromCharCode(c));
    bmp[c] = k;
  }
  return k;
}

function classOfCodePoint(cp: number): Cls {
  if (cp < 0x10000) return classOfUnit(cp);
  let k = astral.get(cp);
  if (k === undefined) {
    k = classify(String.fromCodePoint(cp));
    astral.set(cp, k);
  }
  return k;
}

/** The first FAST_MAX_TEXT_CHARS of `text`, never half a surrogate pair. */
function capped(text: string): string {
  const c = text.charCodeAt(FAST_MAX_TEXT_CHARS - 1);
  return text.slice(0, c >= 0xd800 && c <= 0xdbff ? FAST_MAX_TEXT_CHARS - 1 : FAST_MAX_TEXT_CHARS);
}

/**
 * Extracts the features of one text at a time into reusable buffers (no allocation per feature, no callback
 * per feature). After `run(text)`, `ids[0..count)` are the feature ids and, when spans were asked for,
 * `starts`/`ends` their spans in the lower-cased text.
 */
export class Featurizer {
  ids = new Uint32Array(256);
  starts = new Int32Array(0);
  ends = new Int32Array(0);
  count = 0;
  private cps = new Int32Array(64);
  private cpOffsets = new Int32Array(65);
  /** The ids seen in the current text (open addressing; a slot is live when its stamp is the text's). */
  private seenKeys = new Uint32Array(0);
  private seenStamps = new Uint32Array(0);
  private stamp = 0;

  constructor(
    readonly options: FeatureOptions,
    private readonly withSpans = false,
  ) {
    if (withSpans) {
      this.starts = new Int32Array(256);
      this.ends = new Int32Array(256);
    }
  }

  private emit(id: number, start: number, end: number): void {
    if (this.count === this.ids.length) this.growOut();
    this.ids[this.count] = id;
    if (this.withSpans) {
      this.starts[this.count] = start;
      this.ends[this.count] = end;
    }
    this.count++;
  }

  private growOut(): void {
    const grow = <T extends Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.ids = grow(this.ids, (n) => new Uint32Array(n));
    if (this.withSpans) {
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
    }
  }

  /** Fills the buffers with the features of `text`; returns their count. */
  run(text: string): number {
    const s = (text.length > FAST_MAX_TEXT_CHARS ? capped(text) : text).toLowerCase();
    const n = s.length;
    const { wordNgrams, cjkMinN, cjkMaxN } = this.options;
    const minWordLength = this.options.minWordLength ?? 1;
    const symbols = this.options.symbols ?? true;
    this.count = 0;
    let prev = -1; // hash of the previous word, for bigrams
    let prevStart = 0;
    let i = 0;
    while (i < n) {
      let c = s.charCodeAt(i);
      let width = 1;
      let k: Cls;
      if (c < 128) {
        k = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? Cls.Word : c === 33 || c === 63 ? Cls.Symbol : c === 39 ? Cls.Apostrophe : Cls.Separator;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        c = ((c - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
        width = 2;
        k = classOfCodePoint(c);
      } else {
        k = classOfUnit(c);
      }

      if (k === Cls.Word) {
        // A word: letters/marks/digits, with apostrophes between word characters.
        const start = i;
        let h = WORD_SEED;
        for (;;) {
          for (let u = 0; u < width; u++) h = Math.imul(h ^ s.charCodeAt(i + u), FNV_PRIME);
          i += width;
          if (i >= n) break;
          let c2 = s.charCodeAt(i);
          let w2 = 1;
          let k2: Cls;
          if (c2 < 128) k2 = (c2 >= 97 && c2 <= 122) || (c2 >= 48 && c2 <= 57) ? Cls.Word : c2 === 39 ? Cls.Apostrophe : Cls.Separator;
          else if (c2 >= 0xd800 && c2 <= 0xdbff && i + 1 < n) {
            c2 = ((c2 - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
            w2 = 2;
            k2 = classOfCodePoint(c2);
          } else k2 = classOfUnit(c2);
          if (k2 === Cls.Apostrophe && i + 1 < n) {
            const c3 = s.charCodeAt(i + 1);
            const k3 = c3 < 128 ? ((c3 >= 97 && c3 <= 122) || (c3 >= 48 && c3 <= 57) ? Cls.Word : Cls.Separator) : c3 >= 0xd800 && c3 <= 0xdbff ? Cls.Separator : classOfUnit(c3);
            if (k3 === Cls.Word) {
              h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
              i += 1;
              width = 1;
              continue;
            }
            break;
          }
          if (k2 !== Cls.Word) break;
          width = w2;
        }
        if (i - start < minWordLength) continue;
        const hw = h >>> 0;
        this.emit(hw, start, i);
        if (wordNgrams >= 2 && prev >= 0) this.emit(hashBigram(prev, hw), prevStart, i);
        prev = hw;
        prevStart = start;
        continue;
      }

      if (k === Cls.Cjk) {
        // A CJK run: collect its code points, then emit character n-grams inside it.
        prev = -1;
        let m = 0;
        while (i < n) {
          let c2 = s.charCodeAt(i);
          let w2 = 1;
          if (c2 >= 0xd800 && c2 <= 0xdbff && i + 1 < n) {
            c2 = ((c2 - 0xd800) << 10) + (s.charCodeAt(i + 1) - 0xdc00) + 0x10000;
            w2 = 2;
          }
          if ((c2 < 0x10000 ? classOfUnit(c2) : classOfCodePoint(c2)) !== Cls.Cjk) break;
          if (m + 1 >= this.cps.length) {
            const cps = new Int32Array(this.cps.length * 2);
            cps.set(this.cps);
            this.cps = cps;
            const offs = new Int32Array(this.cpOffsets.length * 2);
            offs.set(this.cpOffsets);
            this.cpOffsets = offs;
          }
          this.cps[m] = c2;
          this.cpOffsets[m] = i;
          m++;
          i += w2;
        }
        this.cpOffsets[m] = i;
        if (cjkMaxN === 0) continue;
        const { cps, cpOffsets } = this;
        for (let a = 0; a < m; a++) {
          let h = CJK_SEED;
          for (let len = 1; len <= cjkMaxN && a + len <= m; len++) {
            h = Math.imul(h ^ cps[a + len - 1], FNV_PRIME);
            if (len >= cjkMinN) this.emit(h >>> 0, cpOffsets[a], cpOffsets[a + len]);
          }
        }
        continue;
      }

      if (k === Cls.Symbol && symbols) {
        const h = (Math.imul(Math.imul(WORD_SEED ^ c, FNV_PRIME) ^ width, FNV_PRIME) ^ 0x5bd1e995) >>> 0;
        this.emit(h, i, i + width);
        if (wordNgrams >= 2 && prev >= 0) this.emit(hashBigram(prev, h), prevStart, i + width);
        prev = h;
        prevStart = i;
        i += width;
        continue;
      }

      i += width; // separator (or an apostrophe outside a word)
    }
    if (this.options.distinct === true && this.count > 1) this.keepFirstOccurrences();
    return this.count;
  }

  /** Drops every repeat of a feature id, keeping its first occurrence (and that occurrence's span), in order. */
  private keepFirstOccurrences(): void {
    const n = this.count;
    if (this.seenKeys.length < 2 * n) {
      let capacity = 64;
      while (capacity < 2 * n) capacity *= 2;
      this.seenKeys = new Uint32Array(capacity);
      this.seenStamps = new Uint32Array(capacity);
      this.stamp = 0;
    }
    if (this.stamp === 0xffffffff) {
      this.seenStamps.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const { seenKeys, seenStamps, ids, starts, ends } = this;
    const mask = seenKeys.length - 1;
    let kept = 0;
    for (let j = 0; j < n; j++) {
      const id = ids[j];
      let slot = Math.imul(id, 0x9e3779b1) & mask;
      let repeat = false;
      while (seenStamps[slot] === stamp) {
        if (seenKeys[slot] === id) {
          repeat = true;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (repeat) continue;
      seenStamps[slot] = stamp;
      seenKeys[slot] = id;
      ids[kept] = id;
      if (this.withSpans) {
        starts[kept] = starts[j];
        ends[kept] = ends[j];
      }
      kept++;
    }
    this.count = kept;
  }
}

/** The feature ids of `text`, appended to `out` (which is returned; the hot paths use a Featurizer directly). */
export function featureIds(text: string, options: FeatureOptions, out: number[] = []): number[] {
  const f = new Featurizer(options);
  const n = f.run(text);
  for (let j = 0; j < n; j++) out.push(f.ids[j]);
  return out;
}
