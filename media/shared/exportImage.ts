// Turns a drawn diagram or formula into a standalone image (the Concepts view's cards, the article panel's
// diagrams, the diagram tab). Diagrams are already SVG (Mermaid draws plain SVG text, no HTML labels).
// Formulas are KaTeX HTML: they go into an SVG <foreignObject> with KaTeX's stylesheet and fonts inlined
// (the host sends them), so the file renders anywhere without the extension. PNG is that SVG drawn on a
// canvas at 2x.
import { readCssVariable } from './mermaid/themeWatcher';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

export interface ExportColours {
  background: string;
  foreground: string;
}

/** The editor's colours, so an exported image reads as it does on screen. */
export function editorColours(): ExportColours {
  return {
    background: readCssVariable('--vscode-editor-background').trim() || '#ffffff',
    foreground: readCssVariable('--vscode-editor-foreground').trim() || '#1f1f1f',
  };
}

/** A Mermaid SVG with explicit pixel size and a background, so it reads the same outside the editor. */
export function standaloneDiagramSvg(svgMarkup: string, colours: ExportColours): { svg: string; width: number; height: number } {
  const doc = new DOMParser().parseFromString(svgMarkup, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) throw new Error('The diagram is not valid SVG.');
  const viewBox = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number);
  const [x, y, width, height] = viewBox.length === 4 && viewBox.every(Number.isFinite) ? viewBox : [0, 0, 800, 600];
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(Math.ceil(width)));
  svg.setAttribute('height', String(Math.ceil(height)));
  svg.removeAttribute('style');
  const background = doc.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x, y, width, height, fill: colours.background })) background.setAttribute(k, String(v));
  svg.insertBefore(background, svg.firstChild);
  return { svg: new XMLSerializer().serializeToString(svg), width: Math.ceil(width), height: Math.ceil(height) };
}

/** A KaTeX rendering (the element holding `.katex`) as a self-contained SVG. */
export function standaloneFormulaSvg(formula: HTMLElement, katexCss: string, colours: ExportColours): { svg: string; width: number; height: number } {
  const rect = formula.getBoundingClientRect();
  const pad = 8;
  const width = Math.ceil(rect.width) + pad * 2;
  const height = Math.ceil(rect.height) + pad * 2;
  const body = document.implementation.createDocument(XHTML_NS, 'div', null).documentElement;
  body.setAttribute('style', `margin:0;padding:${pad}px;color:${colours.foreground};font-size:${getComputedStyle(formula).fontSize};white-space:nowrap`);
  body.innerHTML = formula.innerHTML;
  // Serialise the HTML as XHTML: foreignObject content must be well-formed XML.
  const xhtml = new XMLSerializer().serializeToString(body);
  const svg =
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<style>${escapeXmlText(katexCss)}</style>` +
    `<rect width="100%" height="100%" fill="${escapeXmlAttr(colours.background)}"/>` +
    `<foreignObject x="0" y="0" width="${width}" height="${height}">${xhtml}</foreignObject></svg>`;
  return { svg, width, height };
}

/** Draws an SVG on a canvas and returns a PNG data URL. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<string> {
  return (await svgOnCanvas(svg, width, height, scale)).toDataURL('image/png');
}

/** The same PNG as a Blob (what the clipboard takes). */
export async function svgToPngBlob(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const canvas = await svgOnCanvas(svg, width, height, scale);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The image could not be drawn.'))), 'image/png'));
}

async function svgOnCanvas(svg: string, width: number, height: number, scale: number): Promise<HTMLCanvasElement> {
  const image = new Image();
  image.decoding = 'sync';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The image could not be drawn.'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  // Give fonts embedded in the SVG a moment to apply before drawing.
  await image.decode().catch(() => undefined);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas.');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height);
  return canvas;
}

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeXmlAttr(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;');
}
