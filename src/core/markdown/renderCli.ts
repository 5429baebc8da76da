// `neural-lens render ARTICLE.md --out FILE.html`: the standalone export from a terminal.
// Formulas are typeset here (KaTeX on Node); Mermaid needs a real DOM to measure text, so diagrams are
// drawn in headless Chromium (playwright-core, which CI installs, with the system's chromium) by the
// very script the preview webview runs (dist/media/preview.js), then inlined as SVG.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { DiagramResult, DiagramSource, MermaidThemeSetting } from './diagramTypes';
import { exportTargetProblem, findDistDir, imageAsDataUri, loadStandaloneCss, writeFileAtomic, describeSkippedImage, htmlSanitizer } from './exportFiles';
import { PREVIEW_DEFAULTS } from './previewSettings';
import { listDiagrams, renderStandaloneHtml, type DrawnDiagram } from './standalone';
import { writeErr, writeOut } from '../terminalText';

const help = `Usage: neural-lens render ARTICLE.md --out FILE.html [options]

Renders a Markdown article to one standalone HTML file that opens offline: formulas typeset by KaTeX,
every Mermaid diagram as inline SVG, styles and fonts inline, no script.

Options:
  --out FILE.html       where to write (required)
  --theme NAME          Mermaid theme: default (the default), neutral, dark, forest, base
  --no-math             leave $…$ and $$…$$ as text
  --allow-html          keep raw HTML of the article (off: it is shown as text)
  --macros FILE.json    KaTeX macros, e.g. {"\\\\RR": "\\\\mathbb{R}"}
  --browser PATH        Chromium to draw diagrams with (default: $NEURAL_LENS_CHROMIUM, /usr/bin/chromium)
  --max-diagram-size N  largest diagram source in characters (default ${PREVIEW_DEFAULTS.maxDiagramTextSize})
`;

const themes = ['default', 'neutral', 'dark', 'forest', 'base'];

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        theme: { type: 'string' },
        'no-math': { type: 'boolean' },
        'allow-html': { type: 'boolean' },
        macros: { type: 'string' },
        browser: { type: 'string' },
        'max-diagram-size': { type: 'string' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage('give exactly one Markdown file');
  if (!values.out) return usage('--out FILE.html is required');
  const theme = (values.theme ?? 'default') as MermaidThemeSetting;
  if (!themes.includes(theme)) return usage(`--theme must be one of ${themes.join(', ')}`);
  const maxTextSize = values['max-diagram-size'] === undefined ? PREVIEW_DEFAULTS.maxDiagramTextSize : Number(values['max-diagram-size']);
  if (!Number.isInteger(maxTextSize) || maxTextSize < 1) return usage('--max-diagram-size must be a positive integer');

  const input = path.resolve(positionals[0]);
  const out = path.resolve(values.out);
  const problem = exportTargetProblem(input, out);
  if (problem) return fail(problem);
  let markdown: string;
  try {
    markdown = fs.readFileSync(input, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(`${input}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a Markdown file' : (e as Error).message}`);
  }
  let macros: Record<string, string> = {};
  if (values.macros) {
    try {
      macros = JSON.parse(fs.readFileSync(values.macros, 'utf8')) as Record<string, string>;
    } catch (e) {
      return fail(`${values.macros}: not a JSON object of KaTeX macros (${(e as Error).message})`);
    }
  }
  const distDir = findDistDir();
  if (!distDir) return fail('dist/media/preview.{js,css} not found: run "npm run build" first');

  const options = { math: !values['no-math'], allowHtml: !!values['allow-html'], katexMacros: macros };
  const diagramList = listDiagrams(markdown, options);
  const unique = [...new Map(diagramList.map((d) => [d.hash, { hash: d.hash, source: d.source }])).values()];
  let diagrams = new Map<string, DrawnDiagram>();
  if (unique.length > 0) {
    try {
      diagrams = await drawDiagramsHeadless(unique, theme, maxTextSize, distDir, values.browser);
    } catch (e) {
      return fail(`cannot draw the ${unique.length} Mermaid diagram(s): ${(e as Error).message}`);
    }
  }
  const html = renderStandaloneHtml({
    markdown,
    title: titleOf(markdown) ?? path.basename(input, path.extname(input)),
    options,
    diagrams,
    css: loadStandaloneCss(distDir),
    sanitize: options.allowHtml ? htmlSanitizer() : undefined,
    resolveResource: imageAsDataUri(input, { onSkipped: (skipped) => writeErr(`neural-lens render: warning: ${describeSkippedImage(skipped)}\n`) }),
  });
  writeFileAtomic(out, html);
  const failed = [...diagrams.values()].filter((d) => 'error' in d).length;
  writeOut(`${out}: ${diagramList.length} diagram(s)${failed ? `, ${failed} with errors (shown in place)` : ''}, ${(html.length / 1024).toFixed(0)} KB\n`);
  return 0;
}

/** The first level-1 heading, as plain text. */
export function titleOf(markdown: string): string | undefined {
  return /^#\s+(.+?)\s*#*\s*$/m.exec(markdown)?.[1];
}

export async function drawDiagramsHeadless(
  diagrams: { hash: string; source: string }[],
  theme: MermaidThemeSetting,
  maxTextSize: number,
  distDir: string,
  browserPath?: string,
): Promise<Map<string, DrawnDiagram>> {
  // Loaded only when there are diagrams: the rest of the CLI works without playwright-core.
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed (npm install playwright-core)');
  }
  const executablePath = browserPath ?? process.env.NEURAL_LENS_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} (install chromium, or pass --browser PATH)`);
  const browser = await playwright.chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ path: path.join(distDir, 'media', 'preview.js') });
    await page.addScriptTag({ path: path.join(distDir, 'media', 'shared.js') });
    type HeadlessApi = { renderDiagrams(d: DiagramSource[], t: MermaidThemeSetting, max: number): Promise<DiagramResult[]> };
    const results: DiagramResult[] = await page.evaluate(
      ({ list, theme, max }) => {
        // Runs in the page: media/preview/index.ts sets this when it is not inside a webview.
        const api = (globalThis as unknown as { neuralLensRender?: HeadlessApi }).neuralLensRender;
        if (!api) throw new Error('dist/media/preview.js did not expose its headless renderer');
        return api.renderDiagrams(list, theme, max);
      },
      { list: diagrams, theme, max: maxTextSize },
    );
    if (results.length !== diagrams.length) throw new Error(`the page drew ${results.length} of ${diagrams.length} diagrams ${errors.join('; ')}`);
    return new Map(results.map((r) => [r.hash, 'svg' in r ? { svg: r.svg } : { error: r.error }]));
  } finally {
    await browser.close();
  }
}

function usage(message: string): number {
  writeErr(`neural-lens render: ${message}\nRun "neural-lens render --help" for its options.\n`);
  return 2;
}

function fail(message: string): number {
  writeErr(`neural-lens render: ${message}\n`);
  return 1;
}
