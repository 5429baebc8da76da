import type { Markdown, MarkdownEnv } from './parser';
import { contentHash } from './hash';

/** One top-level block of the document as the webview receives it. */
export interface RenderedBlock {
  /** Content key: the same source (whatever its line) gives the same key. */
  key: string;
  /** 0-based first source line. `data-line` attributes inside `html` are absolute for this line. */
  line: number;
  /** Omitted when the webview already holds a block with this key: it keeps it and shifts its lines. */
  html?: string;
}

export interface BlockUpdate {
  blocks: RenderedBlock[];
  /** True when every block carries its HTML (first render, or after reset()). */
  full: boolean;
  /** Blocks rendered this time vs. taken from what the webview already shows. */
  rendered: number;
  reused: number;
}

interface BlockRange {
  start: number;
  end: number;
  line: number;
  endLine: number;
  /** False for tokens a plugin made up (the footnotes gathered at the end): no source lines of their own. */
  mapped: boolean;
}

/** Top-level token ranges: each opening token at level 0 up to its matching close. */
function topLevelRanges(tokens: ReturnType<Markdown['parse']>): BlockRange[] {
  const ranges: BlockRange[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    depth += tokens[i].nesting;
    if (depth === 0) {
      const map = tokens[start].map;
      const previous = ranges.at(-1);
      const line = map ? map[0] : previous ? previous.endLine : 0;
      ranges.push({ start, end: i + 1, line, endLine: map ? map[1] : line, mapped: !!map });
      start = i + 1;
    }
  }
  return ranges;
}

/** The footnotes' labels in order of first reference, with how often each is referenced. */
function footnoteNumbering(env: MarkdownEnv): unknown {
  const footnotes = (env as { footnotes?: { list?: { label?: string; count?: number }[] } }).footnotes;
  return footnotes?.list?.map((f) => [f.label ?? '', f.count ?? 0]) ?? null;
}

/** What tokens without source lines hold: their types, contents and plugin data. */
function tokensSource(tokens: ReturnType<Markdown['parse']>): string {
  return tokens.map((t) => `${t.type}\u0001${t.content}\u0001${t.meta ? JSON.stringify(t.meta) : ''}`).join('\n');
}

/**
 * Renders a document block by block and remembers which block keys the webview holds, so a keystroke
 * re-renders (and re-sends) only the blocks whose source changed. The webview reuses the others, and
 * with them their drawn diagrams: an edit outside a diagram never redraws one.
 */
export class IncrementalRenderer {
  private shown = new Map<string, number>();

  constructor(private readonly md: Markdown) {}

  /** Forget what the webview holds (it reloaded, or the settings changed): the next update is full. */
  reset(): void {
    this.shown.clear();
  }

  update(text: string, env: MarkdownEnv = {}): BlockUpdate {
    const full = this.shown.size === 0;
    const lines = text.split(/\r?\n/);
    const tokens = this.md.parse(text, env);
    // What the rest of the document decides about a block is part of its key: reference definitions
    // ([x]: url) can change how any block renders, footnote numbers follow the order of first reference.
    const referencesKey = contentHash(JSON.stringify([env.references ?? null, footnoteNumbering(env)]));
    const available = new Map(this.shown);
    const next = new Map<string, number>();
    const blocks: RenderedBlock[] = [];
    let rendered = 0;
    for (const range of topLevelRanges(tokens)) {
      const source = range.mapped ? lines.slice(range.line, range.endLine).join('\n') : tokensSource(tokens.slice(range.start, range.end));
      // A heading's id depends on the headings before it (a repeated title gets -1, -2, …).
      const first = tokens[range.start];
      const key = contentHash(`${first.type}\u0000${first.attrGet('id') ?? ''}\u0000${referencesKey}\u0000${source}`);
      next.set(key, (next.get(key) ?? 0) + 1);
      const left = available.get(key) ?? 0;
      if (left > 0) {
        available.set(key, left - 1);
        blocks.push({ key, line: range.line });
      } else {
        rendered++;
        blocks.push({ key, line: range.line, html: this.md.renderer.render(tokens.slice(range.start, range.end), this.md.options, env) });
      }
    }
    this.shown = next;
    return { blocks, full, rendered, reused: blocks.length - rendered };
  }
}
