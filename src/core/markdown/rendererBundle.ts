// Entry of dist/renderer.js: everything the extension host needs to render Markdown, in a bundle of
// its own so activation does not load markdown-it, KaTeX or highlight.js. src/preview/rendererLoader.ts
// requires it on the first preview (or Concepts view) and types it with `typeof import(this file)`.
export { createMarkdown, defaultStrings, fenceLanguage, isMermaidFence } from './parser';
export type { Markdown, MarkdownEnv, MarkdownOptions, MarkdownStrings } from './parser';
export { IncrementalRenderer } from './blocks';
export type { BlockUpdate, RenderedBlock } from './blocks';
export { katexCacheStats, clearKatexCache } from './katexRender';
export { listDiagrams, renderStandaloneHtml, inlineFontUrls } from './standalone';
export type { DiagramSourceInfo, DrawnDiagram, StandaloneInput } from './standalone';
export { findDistDir, imageAsDataUri, loadStandaloneCss, writeFileAtomic } from './exportFiles';
export { titleOf } from './renderCli';
export { contentHash } from './hash';
