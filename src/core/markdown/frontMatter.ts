// YAML front matter shown as a small table (neuralLens.preview.frontMatter: "table"), as VS Code's preview
// and GitHub show it: one row per top-level key; lists and nested maps as their YAML flow form.
import { dump, load } from 'js-yaml';
import { escapeHtml } from './escape';

/** The table for front matter `yaml` starting on 0-based `line`; YAML that does not parse is shown with why. */
export function renderFrontMatter(yaml: string, line: number | undefined, errorLabel: string): string {
  const lineAttr = line === undefined ? '' : ` data-line="${line}"`;
  let data: unknown;
  try {
    // js-yaml's default schema: no functions, no custom types, dates kept as text.
    data = load(yaml);
  } catch (e) {
    return (
      `<div class="nl-error nl-front-matter-error code-line" role="alert"${lineAttr}><div class="nl-error-message">${escapeHtml(errorLabel)}: ${escapeHtml((e as Error).message.split('\n')[0])}</div>` +
      `<pre class="nl-error-source">${escapeHtml(yaml)}</pre></div>\n`
    );
  }
  if (data === null || data === undefined) return '';
  const rows =
    typeof data === 'object' && !Array.isArray(data)
      ? Object.entries(data as Record<string, unknown>).map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(asText(value))}</td></tr>`)
      : [`<tr><td>${escapeHtml(asText(data))}</td></tr>`];
  return `<table class="nl-front-matter code-line"${lineAttr}><tbody>\n${rows.join('\n')}\n</tbody></table>\n`;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return dump(value, { flowLevel: 0 }).trim();
  return String(value);
}
