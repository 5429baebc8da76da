// The fast model's features: hashed word unigrams and word bigrams, and hashed character n-grams inside runs
// of CJK characters (Chinese has no spaces; character n-grams beat segmented words for sentiment and need no
// dictionary). A regular expression finds the tokens — an order of magnitude faster than Intl.Segmenter,
// which matters because scoring must run at 100,000 lines/s. Feature ids are 32-bit FNV-1a hashes; the
// model keeps a row only for the ids it saw in training.

export interface FeatureOptions {
  /** 1 = words only, 2 = words + word bigrams. */
  wordNgrams: number;
  /** Character n-grams of CJK runs, from `cjkMinN` to `cjkMaxN` characters (0 = none). */
  cjkMinN: number;
  cjkMaxN: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { wordNgrams: 2, cjkMinN: 1, cjkMaxN: 3 };

/** CJK runs | words (letters, marks, digits, inner apostrophes) | an emoji | ! or ? (they carry sentiment). */
const TOKEN =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|\p{Extended_Pictographic}|[!?]/gu;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Distinct seeds keep a word, a bigram and a character n-gram with the same characters apart. */
const WORD_SEED = FNV_OFFSET;
const CJK_SEED = 0x9e3779b9;

function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function hashBigram(a: number, b: number): number {
  return (Math.imul(a, 116049371) + b + 0x7f4a7c15) >>> 0;
}

/** Receives each feature id with the span [start, end) of `text` it came from. */
export type FeatureSink = (id: number, start: number, end: number) => void;

/**
 * Calls `sink` for every feature of `text`. The text is lower-cased first (lower-casing never changes the
 * length of the CJK, Latin, Greek or Cyrillic letters that matter here, so spans stay aligned; where it does,
 * spans are clamped and only explanations are affected).
 */
export function forEachFeature(text: string, options: FeatureOptions, sink: FeatureSink): void {
  const lower = text.toLowerCase();
  const { wordNgrams, cjkMinN, cjkMaxN } = options;
  let prev = -1;
  let prevStart = 0;
  const cps: number[] = [];
  const offsets: number[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m !== null; m = TOKEN.exec(lower)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined) {
      prev = -1;
      if (cjkMaxN === 0) continue;
      // Code points, so a character outside the BMP counts once.
      cps.length = 0;
      offsets.length = 0;
      const run = m[1];
      for (let i = 0; i < run.length; i++) {
        const c = run.charCodeAt(i);
        offsets.push(start + i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < run.length) {
          cps.push(((c - 0xd800) << 10) + (run.charCodeAt(i + 1) - 0xdc00) + 0x10000);
          i++;
        } else cps.push(c);
      }
      offsets.push(end);
      for (let i = 0; i < cps.length; i++) {
        let h = CJK_SEED;
        for (let n = 1; n <= cjkMaxN && i + n <= cps.length; n++) {
          h = Math.imul(h ^ cps[i + n - 1], FNV_PRIME);
          if (n >= cjkMinN) sink(h >>> 0, offsets[i], offsets[i + n]);
        }
      }
      continue;
    }
    const h = hashString(m[0], WORD_SEED);
    sink(h, start, end);
    if (wordNgrams >= 2 && prev >= 0) sink(hashBigram(prev, h), prevStart, end);
    prev = h;
    prevStart = start;
  }
}

/** The feature ids of `text`, appended to `out` (which is returned). */
export function featureIds(text: string, options: FeatureOptions, out: number[] = []): number[] {
  forEachFeature(text, options, (id) => out.push(id));
  return out;
}
