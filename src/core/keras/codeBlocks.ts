// The Keras models of a document: in Markdown, those of its fenced Python blocks (found by markdown-it's
// block parser, as the sentiment line selection finds fences); in a Python file, those of the whole file.
// Lines are the document's. The extension host reaches this through dist/parsers.js (parsersBundle.ts).
import MarkdownIt from 'markdown-it';
import { mayHoldKerasModel, type KerasModel } from './kerasModel';
import { recogniseKeras } from './recognise';

/** Fence info strings that mark Python: ```python, ```py, ```python3, ```ipython3, ```{python} … */
const PYTHON_FENCE = /^\{?\.?(python3?|py3?|ipython3?)\}?$/i;

let md: InstanceType<typeof MarkdownIt> | undefined;

/** The Keras Sequential models in `text` (a Markdown document's Python fences, or a Python file), in order. */
export function kerasModelsIn(text: string, language: 'markdown' | 'python'): KerasModel[] {
  if (!mayHoldKerasModel(text)) return [];
  if (language === 'python') return recogniseKeras(text);
  md ??= new MarkdownIt('commonmark');
  const models: KerasModel[] = [];
  for (const token of md.parse(text, {})) {
    if (token.type !== 'fence' || !token.map || !PYTHON_FENCE.test(token.info.trim().split(/\s+/)[0] ?? '')) continue;
    if (!mayHoldKerasModel(token.content)) continue;
    // The content starts on the line after the opening fence.
    const first = token.map[0] + 1;
    for (const m of recogniseKeras(token.content)) models.push({ ...m, line: m.line + first });
  }
  return models;
}
