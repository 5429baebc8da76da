// `neural-lens render ARTICLE.md --out FILE.html` (or `--pdf --out FILE.pdf`): the standalone export from a
// terminal. Formulas are typeset here (KaTeX on Node); Mermaid needs a real DOM to measure text, so diagrams
// are drawn in headless Chromium (playwright-core with the system's chromium: headlessChromium.ts) by the very
// script the preview webview runs (dist/media/preview.js), then inlined as SVG; raw HTML, when allowed, is
// sanitised by that script too (headlessPreview.ts), and the same Chromium prints the page to PDF.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { MermaidThemeSetting } from './diagramTypes';
import { exportTargetProblem, findDistDir, imageAsDataUri, loadStandaloneCss, writeFileAtomic, describeSkippedImage } from './exportFiles';
import { openHeadlessPreview, type HeadlessPreview } from './headlessPreview';
import { FRONT_MATTER_SETTINGS, PREVIEW_DEFAULTS } from './previewSettings';
import { listDiagrams, renderStandaloneHtml, type DrawnDiagram } from './standalone';
import { writeErr, writeOut } from '../terminalText';
import { HEADLESS_CHROMIUM_NEEDS } from './headlessChromium';

const help = `Usage: neural-lens render ARTICLE.md --out FILE.html [options]
       neural-lens render ARTICLE.md --pdf --out FILE.pdf [options]

Renders a Markdown article to one standalone HTML file that opens offline: formulas typeset by KaTeX,
every Mermaid diagram as inline SVG, styles and fonts inline, no script; or that page printed to PDF.
Diagrams and PDF need ${HEADLESS_CHROMIUM_NEEDS}.

Options:
  --out FILE            where to write (required)
  --pdf                 write a PDF (A4) instead of HTML
  --theme NAME          Mermaid theme: default (the default), neutral, dark, forest, base
  --no-math             leave $…$ and $$…$$ as text
  --no-math-brackets    leave \\(…\\) and \\[…\\] as text
  --front-matter HOW    YAML front matter: hide (the default) or table
  --allow-html          keep raw HTML of the article, sanitised as the preview does (off: it is shown
                        as text); sanitising needs Chromium, as diagrams do
  --macros FILE.json    KaTeX macros, e.g. {"\\\\RR": "\\\\mathbb{R}"}
  --browser PATH        Chromium to draw diagrams, sanitise and print with (default: $NEURAL_LENS_CHROMIUM,
                        /usr/bin/chromium)
  --max-diagram-size N  largest diagram source in characters (default ${PREVIEW_DEFAULTS.maxDiagramTextSize})
  --max-formula-size N  largest formula source in characters (default ${PREVIEW_DEFAULTS.maxFormulaSize}); a longer one is an error box
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
        'no-math-brackets': { type: 'boolean' },
        'front-matter': { type: 'string' },
        'allow-html': { type: 'boolean' },
        macros: { type: 'string' },
        browser: { type: 'string' },
        'max-diagram-size': { type: 'string' },
        pdf: { type: 'boolean' },
        'max-formula-size': { type: 'string' },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage('give exactly one Markdown file');
  if (!values.out) return usage(`--out FILE.${values.pdf ? 'pdf' : 'html'} is required`);
  const theme = (values.theme ?? 'default') as MermaidThemeSetting;
  if (!themes.includes(theme)) return usage(`--theme must be one of ${themes.join(', ')}`);
  const frontMatter = FRONT_MATTER_SETTINGS.find((f) => f === (values['front-matter'] ?? PREVIEW_DEFAULTS.frontMatter));
  if (!frontMatter) return usage(`--front-matter must be one of ${FRONT_MATTER_SETTINGS.join(', ')}`);
  const maxTextSize = values['max-diagram-size'] === undefined ? PREVIEW_DEFAULTS.maxDiagramTextSize : Number(values['max-diagram-size']);
  if (!Number.isInteger(maxTextSize) || maxTextSize < 1) return usage('--max-diagram-size must be a positive integer');
  const maxFormulaSize = values['max-formula-size'] === undefined ? PREVIEW_DEFAULTS.maxFormulaSize : Number(values['max-formula-size']);
  if (!Number.isInteger(maxFormulaSize) || maxFormulaSize < 1) return usage('--max-formula-size must be a positive integer');

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

  const options = { math: !values['no-math'], mathBrackets: !values['no-math-brackets'], frontMatter, allowHtml: !!values['allow-html'], katexMacros: macros, maxFormulaSize };
  const diagramList = listDiagrams(markdown, options);
  const unique = [...new Map(diagramList.map((d) => [d.hash, { hash: d.hash, source: d.source }])).values()];
  // Diagrams, raw HTML and PDF need a browser (the preview's script in it); an article with none of them does not.
  let headless: HeadlessPreview | undefined;
  if (unique.length > 0 || options.allowHtml || values.pdf) {
    const needs = unique.length > 0 ? `draw the ${unique.length} Mermaid diagram(s)` : options.allowHtml ? 'sanitise the raw HTML (--allow-html)' : 'print the PDF';
    try {
      headless = await openHeadlessPreview(distDir, values.browser);
    } catch (e) {
      return fail(`cannot ${needs}: ${(e as Error).message}`);
    }
  }
  let bytes: string | Uint8Array;
  let diagrams = new Map<string, DrawnDiagram>();
  try {
    if (headless && unique.length > 0) {
      try {
        diagrams = await headless.renderDiagrams(unique, theme, maxTextSize);
      } catch (e) {
        return fail(`cannot draw the ${unique.length} Mermaid diagram(s): ${(e as Error).message}`);
      }
    }
    const html = await renderStandaloneHtml({
      markdown,
      title: titleOf(markdown) ?? path.basename(input, path.extname(input)),
      options,
      diagrams,
      css: loadStandaloneCss(distDir),
      sanitize: options.allowHtml && headless ? (html) => headless.sanitize(html) : undefined,
      resolveResource: imageAsDataUri(input, { onSkipped: (skipped) => writeErr(`neural-lens render: warning: ${describeSkippedImage(skipped)}\n`) }),
    });
    if (values.pdf && headless) {
      try {
        bytes = await headless.printPdf(html);
      } catch (e) {
        return fail(`cannot print the PDF: ${(e as Error).message}`);
      }
    } else bytes = html;
  } finally {
    await headless?.close();
  }
  writeFileAtomic(out, bytes);
  const failed = [...diagrams.values()].filter((d) => 'error' in d).length;
  writeOut(`${out}: ${diagramList.length} diagram(s)${failed ? `, ${failed} with errors (shown in place)` : ''}, ${(fs.statSync(out).size / 1024).toFixed(0)} KB\n`);
  return 0;
}

/** The first level-1 heading, as plain text. */
export function titleOf(markdown: string): string | undefined {
  return /^#\s+(.+?)\s*#*\s*$/m.exec(markdown)?.[1];
}

function usage(message: string): number {
  writeErr(`neural-lens render: ${message}\nRun "neural-lens render --help" for its options.\n`);
  return 2;
}

function fail(message: string): number {
  writeErr(`neural-lens render: ${message}\n`);
  return 1;
}
