import * as assert from 'node:assert/strict';
import {
  bar,
  colourClassOf,
  commandLink,
  countLabels,
  decorationText,
  distributionSpeech,
  distributionText,
  escapeMarkdown,
  hoverMarkdown,
  noModelMarkdown,
  percent,
} from '../../../../src/core/sentiment/sentimentText';

describe('core/sentiment/sentimentText', () => {
  it('maps label names to the four contributed colour classes', () => {
    assert.equal(colourClassOf('positive'), 'positive');
    assert.equal(colourClassOf('NEG'), 'negative');
    assert.equal(colourClassOf(' neutral '), 'neutral');
    assert.equal(colourClassOf('正面'), 'positive');
    assert.equal(colourClassOf('joyful-ish'), 'other');
    assert.equal(colourClassOf('1'), 'other');
  });

  it('formats percentages without claiming certainty that is not there', () => {
    assert.equal(percent(0.923), '92%');
    assert.equal(percent(0.9999), '99%');
    assert.equal(percent(1), '100%');
    assert.equal(percent(0.001), '<1%');
    assert.equal(percent(0), '0%');
    assert.equal(percent(Number.NaN), '?%');
  });

  it('labels a line like `● positive 92%`', () => {
    assert.equal(decorationText({ label: 'positive', confidence: 0.92 }), '● positive 92%');
  });

  it('draws bars of a fixed width, with eighth blocks', () => {
    assert.equal(bar(1, 4), '████');
    assert.equal(bar(0, 4), '    ');
    assert.equal(bar(0.5, 4), '██  ');
    assert.equal(bar(0.53125, 4), '██▏ ');
    assert.equal(bar(2, 4), '████', 'clamped');
    for (const p of [0, 0.13, 0.5, 0.77, 1]) assert.equal([...bar(p)].length, 12);
  });

  it('writes the distribution with emoji for known classes and names for others', () => {
    const counts = countLabels(['positive', 'neutral', 'negative'], ['positive', 'negative', 'positive', 'surprise']);
    assert.deepEqual(counts, [
      { label: 'positive', count: 2 },
      { label: 'neutral', count: 0 },
      { label: 'negative', count: 1 },
      { label: 'surprise', count: 1 },
    ]);
    assert.equal(distributionText(counts), '😊 2 · 😐 0 · ☹ 1 · surprise 1');
    // Positive first whatever the model's label order.
    assert.equal(distributionText(countLabels(['negative', 'neutral', 'positive'], ['negative', 'positive'])), '😊 1 · 😐 0 · ☹ 1');
  });

  it('says the distribution in words for a screen reader, in the same order, through the translation', () => {
    const counts = countLabels(['negative', 'neutral', 'positive', 'surprise'], ['positive', 'negative', 'positive', 'surprise']);
    assert.equal(distributionSpeech(counts), '2 positive, 0 neutral, 1 negative, 1 surprise');
    const zh = (template: string, ...args: Array<string | number | boolean>) => (template === '{0} {1}' ? `${args[1]} ${args[0]} 行` : template);
    assert.equal(distributionSpeech(counts.slice(0, 1), zh), 'negative 1 行');
  });

  it('escapes Markdown in labels and builds command links with JSON arguments', () => {
    assert.equal(escapeMarkdown('a*b_[c]'), 'a\\*b\\_\\[c\\]');
    assert.equal(commandLink('x.y'), 'command:x.y');
    assert.equal(commandLink('x.y', '/m/a b'), `command:x.y?${encodeURIComponent('"/m/a b"')}`);
  });

  describe('hover', () => {
    const model = { name: 'reviews', kind: 'fast', labels: ['negative', 'neutral', 'positive'], dir: '/models/reviews' };
    const prediction = { label: 'positive', confidence: 0.8, probabilities: [0.05, 0.15, 0.8] };

    it('lists every class with a bar and percentage, the model, the top tokens with sign and a report link', () => {
      const md = hoverMarkdown({
        model,
        prediction,
        lineCount: 1,
        minConfidence: 0.6,
        explanation: [
          { token: 'great', weight: 1.5 },
          { token: 'not', weight: -0.7 },
          { token: 'the', weight: 0.01 },
        ],
      });
      for (const [label, p] of [['negative', '5%'], ['neutral', '15%'], ['**positive**', '80%']]) {
        assert.match(md, new RegExp(`\\| ${label.replace(/\*/g, '\\*')} \\| \`[█▏▎▍▌▋▊▉ ]+\` \\| ${p} \\|`), label);
      }
      assert.match(md, /`\+great` 1\.50 · `−not` 0\.70 · `\+the` 0\.01/);
      assert.match(md, /\*\*reviews\*\* \(fast\)/);
      assert.ok(md.includes(`(command:neuralLens.models.showReport?${encodeURIComponent('"/models/reviews"')})`));
      assert.doesNotMatch(md, /minimum confidence/);
    });

    it('says when the label is hidden for low confidence, and names a multi-line selection', () => {
      const md = hoverMarkdown({ model, prediction: { ...prediction, confidence: 0.5 }, lineCount: 3, minConfidence: 0.6, truncatedTo: 1000 });
      assert.match(md, /Below the minimum confidence \(60%\)/);
      assert.match(md, /selection \(3 lines\)/);
      assert.match(md, /first 1000 characters/);
    });

    it('without a model offers both ways to train', () => {
      const md = noModelMarkdown(true);
      assert.match(md, /no model is active/);
      assert.match(md, /\[Train on a CSV…\]\(command:neuralLens\.training\.train\)/);
      assert.match(md, /\[Train on the bundled sample\]\(command:neuralLens\.sentiment\.trainOnSample\)/);
      assert.doesNotMatch(noModelMarkdown(false), /bundled sample/);
    });

    it('passes its words through the translation function', () => {
      const md = noModelMarkdown(true, (m) => `«${m}»`);
      assert.match(md, /«no model is active\.»/);
    });
  });
});
