// Entry of dist/media/shared.js: Mermaid, once, for every webview that draws diagrams. Pages load it
// with their CSP nonce when they first need a diagram (see mermaid/loader.ts).
import mermaid from 'mermaid';

globalThis.neuralLensMermaid = mermaid;
