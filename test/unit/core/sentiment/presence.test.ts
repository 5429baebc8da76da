import * as assert from 'node:assert/strict';
import { optedIn, sentimentPresence, type PresenceFacts } from '../../../../src/core/sentiment/presence';

const markdown = { scheme: 'file', path: '/w/notes.md', languageId: 'markdown' };
const csv = { scheme: 'file', path: '/w/reviews.csv', languageId: 'plaintext' };

describe('sentiment presence (quiet until the user opts in)', () => {
  const facts = (f: Partial<PresenceFacts>): PresenceFacts => ({ scored: true, enabled: true, hasModel: false, optedIn: false, ...f });

  it('shows nothing in a scored document while no model is active and nothing was asked for (a new user)', () => {
    assert.equal(sentimentPresence(facts({})), 'quiet');
  });

  it('offers a model when the user turned sentiment on for the document without one', () => {
    assert.equal(sentimentPresence(facts({ optedIn: true })), 'no-model');
    assert.equal(sentimentPresence(facts({ optedIn: true, enabled: false })), 'quiet');
  });

  it('is as the settings say once a model is active, asked for or not', () => {
    for (const opted of [false, true]) {
      assert.equal(sentimentPresence(facts({ hasModel: true, optedIn: opted })), 'on');
      assert.equal(sentimentPresence(facts({ hasModel: true, optedIn: opted, enabled: false })), 'off');
    }
  });

  it('shows nothing in a document whose language is not scored, model or not', () => {
    assert.equal(sentimentPresence(facts({ scored: false, hasModel: true })), 'quiet');
    assert.equal(sentimentPresence(facts({ scored: false, optedIn: true })), 'quiet');
  });

  it('counts as opting in: enabled set to true by the user, or a languages list of theirs that scores the document', () => {
    assert.equal(optedIn({}, markdown), false, 'the defaults are not a choice');
    assert.equal(optedIn({ enabled: false }, markdown), false);
    assert.equal(optedIn({ enabled: true }, markdown), true);
    assert.equal(optedIn({ languages: ['markdown'] }, markdown), true);
    assert.equal(optedIn({ languages: ['plaintext'] }, markdown), false);
    assert.equal(optedIn({ languages: ['csv'] }, csv), true, 'a .csv file in plain-text mode is read as CSV');
  });
});
