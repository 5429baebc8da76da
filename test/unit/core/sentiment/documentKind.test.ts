import * as assert from 'node:assert/strict';
import { documentKind } from '../../../../src/core/sentiment/documentKind';
import { SELECTION_MAX_CHARS, selectionText } from '../../../../src/core/sentiment/selectionText';

const ALL = ['markdown', 'plaintext', 'csv'];
const doc = (path: string, languageId: string, scheme = 'file') => ({ scheme, path, languageId });

describe('core/sentiment/documentKind: which documents are scored, and how', () => {
  it('reads Markdown, plain text and the languages the setting names', () => {
    assert.deepEqual(documentKind(doc('/a/notes.md', 'markdown'), ALL), { kind: 'markdown' });
    assert.deepEqual(documentKind(doc('/a/notes.txt', 'plaintext'), ALL), { kind: 'plaintext' });
    assert.equal(documentKind(doc('/a/x.ts', 'typescript'), ALL), undefined);
    assert.deepEqual(documentKind(doc('/a/x.ts', 'typescript'), [...ALL, 'typescript']), { kind: 'plaintext' });
    assert.equal(documentKind(doc('/a/notes.md', 'markdown'), ['plaintext']), undefined);
  });

  it('reads .csv and .tsv files as CSV with their delimiter, whatever the language mode', () => {
    assert.deepEqual(documentKind(doc('/a/r.CSV', 'plaintext'), ALL), { kind: 'csv', delimiter: ',' });
    assert.deepEqual(documentKind(doc('/a/r.tsv', 'plaintext'), ALL), { kind: 'csv', delimiter: '\t' });
    assert.deepEqual(documentKind(doc('/a/r', 'tsv'), ['tsv']), { kind: 'csv', delimiter: '\t' });
    assert.equal(documentKind(doc('/a/r.csv', 'csv'), ['markdown']), undefined);
  });

  it('skips what is not the user text: output, git, SCM input, terminals', () => {
    for (const scheme of ['output', 'git', 'vscode-scm', 'vscode-terminal']) assert.equal(documentKind(doc('/a/notes.md', 'markdown', scheme), ALL), undefined, scheme);
    assert.deepEqual(documentKind(doc('Untitled-1', 'markdown', 'untitled'), ALL), { kind: 'markdown' });
  });
});

describe('core/sentiment/selectionText: the text a selection is scored as', () => {
  it('joins its lines with single spaces, trimmed', () => {
    assert.deepEqual(selectionText('  The food\n\twas   great.\r\n'), { text: 'The food was great.' });
  });

  it('cuts a long selection and says where', () => {
    const { text, truncatedTo } = selectionText('word '.repeat(SELECTION_MAX_CHARS));
    assert.equal(text.length, SELECTION_MAX_CHARS);
    assert.equal(truncatedTo, SELECTION_MAX_CHARS);
  });
});
