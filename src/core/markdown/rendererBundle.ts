// Entry of dist/renderer.js: everything the extension host needs to render Markdown, in a bundle of
// its own so activation does not load markdown-it, KaTeX or highlight.js. src/preview/rendererLoader.ts
// requires it on the first preview (or Concepts view) and types it with `typeof import(this file)`.
export { createMarkdown, defaultStrings, fenceLanguage, isMermaidFence, mathRenderOptions } from './parser';
export type { Markdown, MarkdownEnv, MarkdownOptions, MarkdownStrings } from './parser';
export { IncrementalRenderer } from './blocks';
export type { BlockUpdate, RenderedBlock } from './blocks';
export { katexCacheStats, clearKatexCache } from './katexRender';
export { listDiagrams, renderStandaloneHtml, inlineFontUrls } from './standalone';
export type { DiagramSourceInfo, DrawnDiagram, StandaloneInput } from './standalone';
export { MAX_INLINE_IMAGE_BYTES, exportTargetProblem, findDistDir, imageAsDataUri, loadStandaloneCss, writeFileAtomic } from './exportFiles';
export type { ImageInlining, SkippedImage } from './exportFiles';
export { titleOf } from './renderCli';
export { printPdfBytes } from './pdf';
export { HEADLESS_CHROMIUM_NEEDS } from './headlessChromium';
// `neural-lens render`: dist/cli.js requires this bundle only for that command (src/cli.ts).
export { run as runRenderCli } from './renderCli';
export { contentHash } from './hash';
export { renderMath } from './katexRender';
export type { MathRenderOptions } from './katexRender';
// The Concepts view's extraction (src/core/concepts.ts) parses with createMarkdown: ship it here too,
// so the view can reach it through loadRenderer() instead of bundling markdown-it into the extension.
export { extractConcepts } from '../concepts';
