import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  MERMAID_THEME_SETTINGS,
  MAX_DIAGRAM_LABEL_SIZE,
  MIN_DIAGRAM_TEXT_SIZE,
  MIN_FORMULA_SIZE,
  normalisePreviewSettings,
  PREVIEW_DEFAULTS,
  type PreviewSettingValues,
} from '../../../../src/core/markdown/previewSettings';
import { repoRoot } from './helpers';

interface Contributed {
  type: string;
  default: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}

/** The `neuralLens.preview.*` settings package.json contributes, by their short name. */
function contributed(): Map<string, Contributed> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const sections = ([] as { properties: Record<string, Contributed> }[]).concat(manifest.contributes.configuration);
  const entries = sections.flatMap((s) => Object.entries(s.properties)).filter(([key]) => key.startsWith('neuralLens.preview.'));
  return new Map(entries.map(([key, value]) => [key.slice('neuralLens.preview.'.length), value]));
}

describe('preview settings', () => {
  it('has the defaults package.json contributes, for exactly the settings it contributes', () => {
    const manifest = contributed();
    assert.deepEqual([...manifest.keys()].sort(), Object.keys(PREVIEW_DEFAULTS).sort());
    for (const [key, entry] of manifest) assert.deepEqual(entry.default, PREVIEW_DEFAULTS[key as keyof PreviewSettingValues], key);
  });

  it('offers the Mermaid themes and the size minimum package.json declares', () => {
    const manifest = contributed();
    assert.deepEqual(manifest.get('mermaidTheme')?.enum, [...MERMAID_THEME_SETTINGS]);
    assert.equal(manifest.get('maxDiagramTextSize')?.minimum, MIN_DIAGRAM_TEXT_SIZE);
    assert.deepEqual([manifest.get('minDiagramLabelSize')?.minimum, manifest.get('minDiagramLabelSize')?.maximum], [0, MAX_DIAGRAM_LABEL_SIZE]);
    assert.equal(manifest.get('maxFormulaSize')?.minimum, MIN_FORMULA_SIZE);
  });

  it('uses the defaults for unset values', () => {
    assert.deepEqual(normalisePreviewSettings(() => undefined), PREVIEW_DEFAULTS);
  });

  it('keeps valid values as given', () => {
    const given: PreviewSettingValues = {
      math: false,
      mathBrackets: false,
      frontMatter: 'table',
      katexMacros: { '\\RR': '\\mathbb{R}' },
      mermaidTheme: 'forest',
      scrollPreviewWithEditor: false,
      scrollEditorWithPreview: false,
      doubleClickToSwitchToEditor: false,
      maxDiagramTextSize: 123456,
      maxFormulaSize: 4321,
      allowHtml: true,
      minDiagramLabelSize: 0,
    };
    assert.deepEqual(normalisePreviewSettings((key) => given[key]), given);
  });

  it('clamps the diagram and formula size limits to their minimum, and replaces values of the wrong type', () => {
    const given: Record<string, unknown> = {
      math: 'yes',
      katexMacros: { '\\RR': '\\mathbb{R}', '\\bad': 3, '\\list': ['x'] },
      mermaidTheme: 'purple',
      frontMatter: 'show',
      mathBrackets: 'no',
      scrollPreviewWithEditor: 1,
      maxDiagramTextSize: 10,
      maxFormulaSize: 10,
      allowHtml: null,
    };
    const values = normalisePreviewSettings((key) => given[key]);
    assert.equal(values.maxDiagramTextSize, MIN_DIAGRAM_TEXT_SIZE);
    assert.equal(values.maxFormulaSize, MIN_FORMULA_SIZE);
    assert.equal(normalisePreviewSettings((key) => (key === 'maxFormulaSize' ? '9' : undefined)).maxFormulaSize, PREVIEW_DEFAULTS.maxFormulaSize);
    assert.equal(values.math, PREVIEW_DEFAULTS.math);
    assert.equal(values.mermaidTheme, PREVIEW_DEFAULTS.mermaidTheme);
    assert.equal(values.frontMatter, PREVIEW_DEFAULTS.frontMatter);
    assert.equal(values.mathBrackets, PREVIEW_DEFAULTS.mathBrackets);
    assert.equal(values.scrollPreviewWithEditor, PREVIEW_DEFAULTS.scrollPreviewWithEditor);
    assert.equal(values.allowHtml, PREVIEW_DEFAULTS.allowHtml);
    assert.deepEqual(values.katexMacros, { '\\RR': '\\mathbb{R}' }, 'only string macros');
    assert.equal(normalisePreviewSettings((key) => (key === 'maxDiagramTextSize' ? Number.NaN : undefined)).maxDiagramTextSize, PREVIEW_DEFAULTS.maxDiagramTextSize);
    assert.equal(normalisePreviewSettings((key) => (key === 'minDiagramLabelSize' ? -3 : undefined)).minDiagramLabelSize, 0);
    assert.equal(normalisePreviewSettings((key) => (key === 'minDiagramLabelSize' ? 500 : undefined)).minDiagramLabelSize, MAX_DIAGRAM_LABEL_SIZE);
    assert.equal(normalisePreviewSettings((key) => (key === 'minDiagramLabelSize' ? '12' : undefined)).minDiagramLabelSize, PREVIEW_DEFAULTS.minDiagramLabelSize);
    assert.deepEqual(normalisePreviewSettings((key) => (key === 'katexMacros' ? ['\\x'] : undefined)).katexMacros, {});
  });
});
