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
      ranges.push({ start, end: i + 1, line, endLine: map ? map[1] : line });
      start = i + 1;
    }
  }
  return ranges;
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
    // A reference definition ([x]: url) can change how any block renders: it is part of every key.
    const referencesKey = env.references ? contentHash(JSON.stringify(env.references)) : '';
    const available = new Map(this.shown);
    const next = new Map<string, number>();
    const blocks: RenderedBlock[] = [];
    let rendered = 0;
    for (const range of topLevelRanges(tokens)) {
      const source = lines.slice(range.line, range.endLine).join('\n');
      const key = contentHash(`${tokens[range.start].type}\u0000${referencesKey}\u0000${source}`);
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
