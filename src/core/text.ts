// Text → tokens → integer sequences, shared by every model kind that needs a vocabulary (lstm, cnn) and by
// `explain` (which shows words, not hashed features). Chinese has no spaces, so words come from ICU's
// dictionary-based segmenter (`Intl.Segmenter` with locale 'zh', which also splits Latin text on word
// boundaries); CJK character n-grams are offered separately because they beat segmented words for sentiment.
import { CoreError, coreText } from './coreText';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** One code point of a CJK script (Han, kana, Hangul). */
export const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const PICTOGRAPH = /^\p{Extended_Pictographic}/u;

/** Lower-case and fold compatibility forms (full-width Latin, ligatures) so "ＧＯＯＤ" and "good" meet. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** A token and where it sits in the original (un-normalised) text, in UTF-16 code units. */
export interface TokenSpan {
  token: string;
  start: number;
  end: number;
}

/**
 * Word tokens with their positions. Words are ICU word segments (Latin words, numbers, Chinese words);
 * punctuation and whitespace are dropped; emoji are kept (they carry sentiment). Tokens are normalised
 * (NFKC, lower case) one segment at a time, so the spans index the caller's text.
 */
export function tokenSpans(text: string): TokenSpan[] {
  const out: TokenSpan[] = [];
  for (const s of segmenter.segment(text)) {
    if (s.isWordLike || PICTOGRAPH.test(s.segment)) {
      out.push({ token: normalizeText(s.segment), start: s.index, end: s.index + s.segment.length });
    }
  }
  return out;
}

/** Word tokens of `text`, lower-cased: see {@link tokenSpans}. */
export function tokenize(text: string): string[] {
  return tokenSpans(text).map((t) => t.token);
}

/**
 * Character n-grams of every CJK run in `text` (n from `minN` to `maxN`), never spanning a non-CJK
 * character. Iterates code points, so characters outside the BMP count as one.
 */
export function cjkCharNgrams(text: string, maxN: number, minN = 1): string[] {
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(CJK_RUN)) {
    const chars = Array.from(m[0]);
    for (let i = 0; i < chars.length; i++) {
      for (let n = minN; n <= maxN && i + n <= chars.length; n++) out.push(chars.slice(i, i + n).join(''));
    }
  }
  return out;
}

/** Index 0 is padding, 1 is the out-of-vocabulary token; known words start at 2. */
export const PAD = 0;
export const OOV = 1;

interface VocabularyJson {
  version: 1;
  words: string[];
}

/**
 * A word → index map capped at `maxWords` indices in all (Keras `num_words` semantics: padding and OOV
 * count towards the cap). Words are ranked by frequency; ties keep the order of first appearance, as
 * Keras' Tokenizer does, so fitting is deterministic.
 */
export class Vocabulary {
  private readonly index: Map<string, number>;

  private constructor(private readonly words: readonly string[]) {
    this.index = new Map(words.map((w, i) => [w, i + 2]));
  }

  static fit(tokenLists: readonly (readonly string[])[], maxWords: number): Vocabulary {
    if (!Number.isInteger(maxWords) || maxWords < 2) throw new RangeError(`maxWords must be an integer ≥ 2, got ${maxWords}`);
    const counts = new Map<string, number>();
    for (const tokens of tokenLists) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    // Map iteration order is first appearance and Array.prototype.sort is stable: ties stay in that order.
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    return new Vocabulary(ranked.slice(0, maxWords - 2));
  }

  /** Number of indices in use, padding and OOV included. */
  get size(): number {
    return this.words.length + 2;
  }

  encode(tokens: readonly string[]): number[] {
    return tokens.map((t) => this.index.get(t) ?? OOV);
  }

  /** The word at `index` ('' for padding, '<oov>' for unknown). */
  word(index: number): string {
    if (index === PAD) return '';
    if (index === OOV) return '<oov>';
    return this.words[index - 2] ?? '<oov>';
  }

  toJSON(): VocabularyJson {
    return { version: 1, words: [...this.words] };
  }

  static fromJSON(j: unknown): Vocabulary {
    const v = j as Partial<VocabularyJson> | null;
    if (!v || v.version !== 1 || !Array.isArray(v.words) || !v.words.every((w) => typeof w === 'string')) {
      throw new CoreError(coreText('vocabularyInvalid'));
    }
    return new Vocabulary(v.words);
  }
}

/**
 * Sequences → one row-major Int32Array of `seqs.length × maxLen`. Keras' defaults: short sequences are
 * padded with 0 at the front ('pre') and long ones lose their beginning ('pre'), so the end of a text,
 * which an LSTM remembers best, is always kept.
 */
export function padSequences(
  seqs: readonly (readonly number[])[],
  maxLen: number,
  padding: 'pre' | 'post' = 'pre',
  truncating: 'pre' | 'post' = 'pre',
): Int32Array {
  const out = new Int32Array(seqs.length * maxLen);
  seqs.forEach((seq, row) => {
    const kept = seq.length <= maxLen ? seq : truncating === 'pre' ? seq.slice(seq.length - maxLen) : seq.slice(0, maxLen);
    const offset = row * maxLen + (padding === 'pre' ? maxLen - kept.length : 0);
    for (let i = 0; i < kept.length; i++) out[offset + i] = kept[i];
  });
  return out;
}
