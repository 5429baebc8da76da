// What VS Code's built-in preview and GitHub render and markdown-it does not by itself, each from its
// markdown-it plugin: YAML front matter (hidden, or a small table), heading ids with GitHub's slugs (the
// ones VS Code's preview gives, so `[x](#section)` links and tables of contents work), footnotes, task lists
// (read-only checkboxes) and GitHub alerts (`> [!NOTE]`).
import MarkdownIt from 'markdown-it';
import markdownItFootnote from 'markdown-it-footnote';
import markdownItFrontMatter from 'markdown-it-front-matter';
import markdownItTaskLists from 'markdown-it-task-lists';
import type MarkdownItAnchor from 'markdown-it-anchor' with { 'resolution-mode': 'import' };
import type GitHubAlerts from 'markdown-it-github-alerts' with { 'resolution-mode': 'import' };
import type * as GitHubSlugger from 'github-slugger' with { 'resolution-mode': 'import' };
import { renderFrontMatter } from './frontMatter';
import { escapeHtml } from './escape';

type Markdown = MarkdownIt.MarkdownIt;
type Token = MarkdownIt.Token;

// Packages whose types (or code) are ES modules only: Node (20.19 and later) requires them as they are,
// and esbuild bundles them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const markdownItAnchor = require('markdown-it-anchor') as typeof MarkdownItAnchor;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const githubAlerts = (require('markdown-it-github-alerts') as { default: typeof GitHubAlerts }).default;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { slug: githubSlug } = require('github-slugger') as typeof GitHubSlugger;

export type FrontMatterDisplay = 'hide' | 'table';

export const ALERT_KINDS = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface ParityOptions {
  frontMatter: FrontMatterDisplay;
  /** The alerts' titles ("Note", …), localised by the caller. */
  alertTitles: Record<AlertKind, string>;
  /** Shown above front matter that is not valid YAML. */
  frontMatterError: string;
}

/**
 * The id VS Code's Markdown preview gives a heading of this text (its githubSlugifier, a copy of
 * github-slugger: lower case, punctuation and symbols dropped, spaces to hyphens); repeats get -1, -2, …
 */
export function headingSlug(text: string): string {
  return githubSlug(text.trim());
}

export function addParity(md: Markdown, options: ParityOptions): void {
  md.use(markdownItFrontMatter, () => undefined);
  md.renderer.rules.front_matter = (tokens, idx) =>
    options.frontMatter === 'table' ? renderFrontMatter(String(tokens[idx].meta), tokens[idx].map?.[0], options.frontMatterError) : '';
  md.use(markdownItAnchor, {
    slugify: headingSlug,
    getTokensText: headingText,
    uniqueSlugStartIndex: 1,
    tabIndex: false,
  });
  md.use(markdownItFootnote);
  md.use(markdownItTaskLists);
  md.use(githubAlerts, { titles: options.alertTitles });
  // The plugin's own rule writes a custom title (`> [!NOTE] Any text`) unescaped: ours escapes it, and keeps
  // the source line of the blockquote it replaces.
  md.renderer.rules.alert_open = (tokens, idx) => {
    const token = tokens[idx];
    const { title, type, icon } = token.meta as { title: string; type: string; icon: string };
    const line = token.attrGet('data-line');
    const lineAttrs = line === null ? '' : ` data-line="${escapeHtml(String(line))}"`;
    return `<div class="markdown-alert markdown-alert-${escapeHtml(type)} code-line"${lineAttrs}><p class="markdown-alert-title">${icon}${escapeHtml(title)}</p>\n`;
  };
}

/** A heading's text as VS Code's preview reads it for its id: text, code and emoji, images by their alt text. */
function headingText(tokens: Token[]): string {
  return tokens.map((t) => (t.children ? headingText(t.children) : t.type === 'text' || t.type === 'code_inline' || t.type === 'emoji' ? t.content : '')).join('');
}

/** Tokens the footnote plugin moves to the end of the document: their source lines are not in order. */
export function isFootnoteBlock(token: Token): boolean {
  return token.type === 'footnote_block_open' || token.type === 'footnote_block_close';
}
