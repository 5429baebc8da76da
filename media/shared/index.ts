// Entry of dist/media/shared.js: Mermaid, once, for every webview that draws diagrams. Pages load it
// with their CSP nonce when they first need a diagram (see mermaid/loader.ts). Built with
// mermaid/scratchDocument.ts injected: a page may have Mermaid draw its scratch elements in another document.
import mermaid from 'mermaid';
import { mermaidDocument } from './mermaid/scratchDocument';

globalThis.neuralLensMermaid = mermaid;
globalThis.neuralLensMermaidDocument = mermaidDocument;
