import * as vscode from 'vscode';
import { diagramStrings } from '../settings';
import type { ConceptsStrings } from './protocol';

/** The Concepts view's UI text, localised on the host (the webview has no vscode.l10n). */
export function conceptsStrings(): ConceptsStrings {
  return {
    ...diagramStrings(),
    empty: vscode.l10n.t('Open a Markdown file to see its diagrams and formulas.'),
    noConcepts: vscode.l10n.t('This document has no diagrams or formulas.'),
    noHeading: vscode.l10n.t('(before the first heading)'),
    diagram: vscode.l10n.t('Diagram'),
    formula: vscode.l10n.t('Formula'),
    inlineFormula: vscode.l10n.t('Inline formula'),
    copySource: vscode.l10n.t('Copy source'),
    copy: vscode.l10n.t('Copy'),
    exportSvg: vscode.l10n.t('Export SVG'),
    exportPng: vscode.l10n.t('Export PNG'),
    reveal: vscode.l10n.t('Click to reveal in the editor'),
    filterAll: vscode.l10n.t('All'),
    filterDiagrams: vscode.l10n.t('Diagrams'),
    filterFormulas: vscode.l10n.t('Formulas'),
    summary: vscode.l10n.t('Diagrams: {0} · formulas: {1}'),
    openSample: vscode.l10n.t('Open the Sample Article'),
    getStarted: vscode.l10n.t('Get Started with Neural Lens'),
    oneSymbolFormulas: vscode.l10n.t('One-letter formulas ({0})'),
  };
}
