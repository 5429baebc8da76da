import type MarkdownIt from 'markdown-it';
import { contentHash } from './markdown/hash';
import { createMarkdown, isMermaidFence, fenceLanguage, type Markdown } from './markdown/parser';

type Token = MarkdownIt.Token;

/** What the Concepts view lists: Mermaid diagrams, display formulas (`$$…$$`, ```math) and inline formulas (`$…$`). */
export type ConceptKind = 'mermaid' | 'displayMath' | 'inlineMath';

export interface ConceptHeading {
  /** The heading as plain text: emphasis marks dropped, formulas kept as their LaTeX. */
  text: string;
  level: number;
  /** 0-based line of the heading. */
  line: number;
}

export interface Concept {
  /**
   * Stable across edits elsewhere in the document: kind + source hash + occurrence of that same source.
   * The view keys its thumbnails by it, so an unchanged diagram is not drawn again.
   */
  id: string;
  kind: ConceptKind;
  /** Mermaid source, or the LaTeX between the delimiters (trimmed). */
  source: string;
  /** 0-based first line: the opening fence or `$$` line for blocks, the formula's own line inline. */
  startLine: number;
  /** 0-based last line, inclusive (the closing fence or `$$` for blocks). */
  endLine: number;
  /** The nearest heading at or above the concept, if any. */
  heading?: ConceptHeading;
  /** An inline formula of one symbol (`$l$`, `$\sigma$`): listed, but behind the view's filter by default. */
  oneSymbol: boolean;
}

/** One letter, digit or command (`l`, `2`, `\sigma`): a formula that only names something the text is about. */
export function isOneSymbol(latex: string): boolean {
  return /^(?:[A-Za-z0-9]|\\[A-Za-z]+)$/.test(latex.trim());
}

export interface ExtractOptions {
  /** With math off (the `neuralLens.preview.math` setting) `$` is plain text and no formula is listed. */
  math?: boolean;
  /** `\(…\)` and `\[…\]` are formulas too (the `neuralLens.preview.mathBrackets` setting). */
  mathBrackets?: boolean;
}

// parse() is side-effect free and cheap next to rendering, but building the instance is not: keep one per option.
const instances = new Map<string, Markdown>();

function markdownFor(math: boolean, mathBrackets: boolean): Markdown {
  const key = `${math}|${mathBrackets}`;
  let md = instances.get(key);
  if (!md) {
    md = createMarkdown({ math, mathBrackets, allowHtml: false });
    instances.set(key, md);
  }
  return md;
}

/**
 * Every Mermaid diagram and every formula of a Markdown text, in document order, with its source lines
 * and the heading it falls under. Uses the preview's own markdown-it configuration, so what is listed
 * here is exactly what the preview renders: `$5 and $10`, `$HOME`, code spans and code fences are not formulas.
 */
export function extractConcepts(text: string, options: ExtractOptions = {}): Concept[] {
  const tokens = markdownFor(options.math ?? true, options.mathBrackets ?? true).parse(text, {});
  const concepts: Concept[] = [];
  const seen = new Map<string, number>();
  let heading: ConceptHeading | undefined;
  // Inline tokens of table cells carry no map: their row (tr_open) does.
  let lastLine = 0;

  const add = (kind: ConceptKind, source: string, startLine: number, endLine: number): void => {
    const key = `${kind}:${contentHash(source)}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    concepts.push({ id: `${key}:${occurrence}`, kind, source, startLine, endLine, heading, oneSymbol: kind === 'inlineMath' && isOneSymbol(source) });
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.map) lastLine = token.map[0];

    if (token.type === 'heading_open' && token.map) {
      const inline = tokens[i + 1];
      heading = { text: plainText(inline?.children ?? []), level: Number(token.tag.slice(1)), line: token.map[0] };
    } else if (token.type === 'fence' && token.map) {
      if (isMermaidFence(token)) add('mermaid', token.content.replace(/\n$/, ''), token.map[0], token.map[1] - 1);
      else if (options.math !== false && fenceLanguage(token) === 'math') add('displayMath', token.content.trim(), token.map[0], token.map[1] - 1);
    } else if ((token.type === 'math_block' || token.type === 'math_block_eqno') && token.map) {
      add('displayMath', token.content.trim(), token.map[0], token.map[1] - 1);
    } else if (token.type === 'inline') {
      addInline(token.children ?? [], token.map ? token.map[0] : lastLine, add);
    }
  }
  return concepts;
}

/**
 * Formulas inside a paragraph, heading, list item or table cell. Children carry no line numbers, so the
 * line is the block's first line plus the line breaks passed so far (breaks inside a formula count too).
 */
function addInline(children: Token[], firstLine: number, add: (kind: ConceptKind, source: string, start: number, end: number) => void): void {
  let line = firstLine;
  for (const child of children) {
    if (child.type === 'softbreak' || child.type === 'hardbreak') {
      line++;
    } else if (child.type === 'math_inline' || child.type === 'math_block') {
      // `math_block` among inline children is markdown-it-katex's `$$…$$` inside a sentence.
      const newlines = countNewlines(child.content);
      add(child.type === 'math_inline' ? 'inlineMath' : 'displayMath', unwrapBackticks(child.content).trim(), line, line + newlines);
      line += newlines;
    } else if (child.type === 'html_inline') {
      line += countNewlines(child.content);
    }
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** markdown-it-katex's $`…`$ form: the backticks only protect the formula from Markdown. */
function unwrapBackticks(content: string): string {
  return content.length > 2 && content.startsWith('`') && content.endsWith('`') ? content.slice(1, -1) : content;
}

function plainText(children: Token[]): string {
  return children
    .map((c) => {
      if (c.type === 'text' || c.type === 'code_inline' || c.type === 'math_inline' || c.type === 'math_block') return c.content;
      if (c.type === 'softbreak' || c.type === 'hardbreak') return ' ';
      if (c.type === 'image') return plainText(c.children ?? []);
      return '';
    })
    .join('')
    .trim();
}
