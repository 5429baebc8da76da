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
 * Characters handed to the segmenter at once. ICU's word segmenter, through Intl.Segmenter, slows down
 * superlinearly on long strings (English: 100K characters 2.6 s, in 1,000-character pieces 0.1 s), so a long
 * text is segmented piece by piece, each cut after whitespace or punctuation — a word boundary in every
 * language we segment — when there is one near the end of the piece.
 */
export const SEGMENT_CHARS = 1000;
/** How far back from a piece's end a break is looked for. */
const BREAK_SEARCH = 200;
const BREAK = /[\s\p{P}]/u;

/**
 * Where the piece of `text` ending near `limit` (a multiple of SEGMENT_CHARS) ends: after the last break
 * before it, else at it (never between the two halves of a surrogate pair). A function of the position
 * alone, so a text segmented from any point is cut where the whole text is (see lastTokens).
 */
function pieceEnd(text: string, limit: number): number {
  if (limit >= text.length) return text.length;
  for (let i = limit; i > limit - BREAK_SEARCH; i--) if (BREAK.test(text[i - 1])) return i;
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit + 1 : limit;
}

/** The word tokens of `text` from `from` on, their spans in `text` (see tokenSpans). */
function tokenSpansFrom(text: string, from: number): TokenSpan[] {
  const out: TokenSpan[] = [];
  let start = from;
  for (let k = Math.floor(from / SEGMENT_CHARS) + 1; start < text.length; k++) {
    const end = pieceEnd(text, k * SEGMENT_CHARS);
    if (end <= start) continue; // that piece's break lies before `from`
    for (const s of segmenter.segment(start === 0 && end === text.length ? text : text.slice(start, end))) {
      if (s.isWordLike || PICTOGRAPH.test(s.segment)) {
        out.push({ token: normalizeText(s.segment), start: start + s.index, end: start + s.index + s.segment.length });
      }
    }
    start = end;
  }
  return out;
}

/**
 * Word tokens with their positions. Words are ICU word segments (Latin words, numbers, Chinese words);
 * punctuation and whitespace are dropped; emoji are kept (they carry sentiment). Tokens are normalised
 * (NFKC, lower case) one segment at a time, so the spans index the caller's text. Linear in the text's length
 * (see SEGMENT_CHARS).
 */
export function tokenSpans(text: string): TokenSpan[] {
  return tokenSpansFrom(text, 0);
}

/** Word tokens of `text`, lower-cased: see {@link tokenSpans}. */
export function tokenize(text: string): string[] {
  return tokenSpans(text).map((t) => t.token);
}

/** Characters of a text's end segmented per token wanted, at first (doubled… until enough tokens come out). */
const CHARS_PER_TOKEN = 16;

/**
 * The last `count` tokens of `text` (all of them when it has no more), the same as the end of tokenize(text),
 * segmenting only as much of its end as they need: a model that reads `count` tokens (Keras' 'pre' truncation
 * keeps a text's end) never pays for the rest of a 10 MB text. The end is segmented from just after a break
 * (whitespace, punctuation) when there is one near, and one token more than needed is asked for, so a word
 * cut by the window is never returned.
 */
export function lastTokens(text: string, count: number): string[] {
  for (let window = Math.max(256, count * CHARS_PER_TOKEN); ; window *= 4) {
    if (window >= text.length) {
      const all = tokenize(text);
      return all.length > count ? all.slice(all.length - count) : all;
    }
    let start = text.length - window;
    const stop = Math.min(text.length, start + BREAK_SEARCH);
    for (let i = start; i < stop; i++) {
      if (BREAK.test(text[i])) {
        start = i + 1;
        break;
      }
    }
    const tokens = tokenSpansFrom(text, start);
    if (tokens.length > count) return tokens.slice(tokens.length - count).map((t) => t.token);
  }
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

/** Adds one text's tokens to `counts` (Vocabulary.fromCounts), so a vocabulary can be counted as texts are tokenised. */
export function countTokens(counts: Map<string, number>, tokens: readonly string[]): void {
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
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
    const counts = new Map<string, number>();
    for (const tokens of tokenLists) countTokens(counts, tokens);
    return Vocabulary.fromCounts(counts, maxWords);
  }

  /** The vocabulary of token counts gathered with countTokens, in order of first appearance. */
  static fromCounts(counts: ReadonlyMap<string, number>, maxWords: number): Vocabulary {
    if (!Number.isInteger(maxWords) || maxWords < 2) throw new RangeError(`maxWords must be an integer ≥ 2, got ${maxWords}`);
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
