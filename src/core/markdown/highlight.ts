import hljs from 'highlight.js/lib/common';
import { escapeHtml } from './escape';

const cache = new Map<string, string>();
const maxCacheEntries = 500;

/** Highlighted HTML for a code block (escaped plain text when the language is unknown). */
export function highlightCode(code: string, lang: string): string {
  const language = lang && hljs.getLanguage(lang) ? lang : undefined;
  if (!language) return escapeHtml(code);
  const key = `${language}\u0000${code}`;
  const found = cache.get(key);
  if (found !== undefined) return found;
  let html: string;
  try {
    html = hljs.highlight(code, { language, ignoreIllegals: true }).value;
  } catch {
    html = escapeHtml(code);
  }
  cache.set(key, html);
  if (cache.size > maxCacheEntries) cache.delete(cache.keys().next().value as string);
  return html;
}
