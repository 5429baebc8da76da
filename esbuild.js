// One build script, three kinds of bundle (see docs/architecture.md):
//  - the extension host bundle: Node, CommonJS, `vscode` external, no heavy libraries (checked below);
//  - the lazily required Node bundles: worker, CLI, renderer (markdown-it + KaTeX), parsers (markdown-it +
//    csv-parse for the host), tfjs (TensorFlow.js; tfjs-node stays a lazy optional require);
//  - the webviews: browser IIFE bundles with their CSS (KaTeX fonts copied as files).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdir = path.join(__dirname, 'dist');

/** Prints errors in the shape the watch task's problem matcher reads (see .vscode/tasks.json). */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  plugins: watch ? [problemMatcherPlugin] : [],
  metafile: true,
};

const exists = (p) => fs.existsSync(path.join(__dirname, p));

// shared.js (Mermaid) reads `document` through media/shared/mermaid/scratchDocument.ts, so that the article panel can
// have it draw in a scratch frame. bench/preview/pageHarness.ts builds its copy with the same option.
const SHARED_BUNDLE = { inject: [path.join(__dirname, 'media/shared/mermaid/scratchDocument.ts')] };

// The extension host bundle is parsed on every activation: it must stay small and free of the heavy libraries,
// which live in bundles required on first use (renderer.js, parsers.js, tfjs.js, worker.js). Issue #2.
// 165 KB since issue #16 added the glue of the Runs view, run comparison and label corrections (their core,
// csv-stringify included, is in history.js); 175 KB since issue #13 added the diagram tab, the PDF export command
// and the host's Mermaid drawing cache (169.5 KB then); 180 KB since issue #11 gave the host its guards: a large
// CSV re-selected in steps and the status bar's counts kept by the document, model and run files read only as
// bounded regular files, the engine's heap limit and its out-of-memory handling (6 KB: 175.8 KB then).
const EXTENSION_MAX_BYTES = 180 * 1024;
const EXTENSION_FORBIDDEN = /node_modules\/(markdown-it|@vscode\/markdown-it-katex|katex|mermaid|@tensorflow\/[^/]+|csv-parse|highlight\.js)\//;

/** What is wrong with dist/extension.js according to its build's metafile (an empty list when nothing). */
function extensionProblems(metafile) {
  const output = metafile && Object.entries(metafile.outputs).find(([file]) => file.endsWith('extension.js'));
  if (!output) return [];
  const [file, { bytes, inputs }] = output;
  const problems = [];
  if (bytes > EXTENSION_MAX_BYTES) {
    problems.push(`${file} is ${(bytes / 1024).toFixed(1)} KB, over the ${EXTENSION_MAX_BYTES / 1024} KB limit (see docs/architecture.md, Bundles)`);
  }
  const heavy = new Set(Object.keys(inputs).map((input) => EXTENSION_FORBIDDEN.exec(input)?.[1]).filter(Boolean));
  if (heavy.size > 0) {
    problems.push(`${file} bundles ${[...heavy].join(', ')}: reach them through a lazily required bundle instead (see src/core/parsersLoader.ts, src/preview/rendererLoader.ts)`);
  }
  return problems;
}

/** In watch mode the limits are reported like any build error, without stopping the watch. */
const extensionGuardPlugin = {
  name: 'extension-guard',
  setup(build) {
    build.onEnd((result) => {
      for (const problem of extensionProblems(result.metafile)) console.error(`✘ [ERROR] ${problem}`);
    });
  },
};

// The webviews are Chromium, which reads woff2: KaTeX's stylesheet also lists a woff and a ttf of every font,
// which esbuild would copy (1.2 MB of fonts, 0.6 MB of them never loaded). Only the woff2 is kept.
const woff2OnlyPlugin = {
  name: 'katex-woff2-only',
  setup(build) {
    build.onLoad({ filter: /katex[\\/]dist[\\/]katex(\.min)?\.css$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const fallbacks = /,\s*url\([^)]*\.(woff|ttf)\)\s*format\("(woff|truetype)"\)/g;
      if (!fallbacks.test(source)) throw new Error(`${args.path} no longer lists woff/ttf fallbacks as esbuild.js expects (katex-woff2-only): check it after a KaTeX update`);
      return { contents: source.replace(fallbacks, ''), loader: 'css' };
    });
  },
};

const webview = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  outdir: path.join(outdir, 'media'),
  loader: { '.woff2': 'file', '.svg': 'file' },
  assetNames: 'fonts/[name]-[hash]',
  plugins: [...common.plugins, woff2OnlyPlugin],
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir,
    external: ['vscode'],
    // Whitespace-minified in every build (identifiers kept, so stack traces keep their names; the linked
    // source map takes the debugger back to the TypeScript): it is parsed on every activation.
    minifyWhitespace: true,
    plugins: watch ? [extensionGuardPlugin, problemMatcherPlugin] : [],
  },
  {
    ...common,
    // Each bundle beside extension.js is required at run time, on first use:
    //  - tfjs.js: the lstm/cnn models, by worker.js and cli.js (core/classifier.ts), so the fast path starts
    //    without parsing 5 MB of TensorFlow.js;
    //  - renderer.js: markdown-it + KaTeX + highlight.js, by the preview and Concepts view
    //    (src/preview/rendererLoader.ts) and by `cli.js render` (src/cli.ts);
    //  - parsers.js: markdown-it + csv-parse, by the sentiment line selection and the training pickers
    //    (src/core/parsersLoader.ts);
    //  - history.js: the run history, comparison, test rows and labels file, by the training and sentiment
    //    features (src/core/historyLoader.ts);
    //  - featureReader.js: the fast model's reader thread (csv-parse and the featuriser only, so it starts in
    //    a few milliseconds), run by worker.js and cli.js (src/core/fast/readerThread.ts).
    entryPoints: {
      worker: 'src/engine/worker.ts',
      featureReader: 'src/core/fast/featureReaderThread.ts',
      cli: 'src/cli.ts',
      renderer: 'src/core/markdown/rendererBundle.ts',
      parsers: 'src/core/parsersBundle.ts',
      history: 'src/core/historyBundle.ts',
      tfjs: 'src/core/tfjs/index.ts',
    },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir,
    // tfjs-node is optional and native: required lazily at run time when installed.
    // playwright-core: the CLI's `render` draws diagrams and sanitises raw HTML in headless Chromium; required at run time.
    external: ['vscode', '@tensorflow/tfjs-node', 'playwright-core'],
    banner: { js: '' },
  },
  {
    ...webview,
    entryPoints: Object.fromEntries(
      ['preview', 'concepts', 'diagram', 'dashboard']
        .filter((name) => exists(`media/${name}/index.ts`))
        .map((name) => [name, `media/${name}/index.ts`]),
    ),
  },
  {
    ...webview,
    entryPoints: { shared: 'media/shared/index.ts' },
    ...SHARED_BUNDLE,
  },
];

function copyWasm() {
  // The tfjs WASM backend fetches its .wasm binaries at run time: ship them beside the worker. Not the
  // threaded one: the backend never picks it under Node (WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE,
  // tfjs issue 3830), and the worker is Node — 139 KB of the package for nothing.
  const src = path.join(__dirname, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  if (!fs.existsSync(src)) return;
  fs.mkdirSync(outdir, { recursive: true });
  for (const f of fs.readdirSync(src)) if (f.endsWith('.wasm') && !f.includes('threaded')) fs.copyFileSync(path.join(src, f), path.join(outdir, f));
}

async function main() {
  copyWasm();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  if (process.argv.includes('--meta')) {
    fs.writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(results.map((r) => r.metafile)));
  }
  const ext = fs.statSync(path.join(outdir, 'extension.js')).size;
  console.log(`dist/extension.js: ${(ext / 1024).toFixed(1)} KB (limit ${EXTENSION_MAX_BYTES / 1024} KB)`);
  const problems = extensionProblems(results[0].metafile);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`✘ [ERROR] ${problem}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
