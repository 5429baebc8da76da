// The walkthrough and the views' welcome are text in package.json and package.nls*.json: their pictures
// must exist, and every button must run a command the extension contributes, in every language.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8'));

interface Step {
  id: string;
  description: string;
  media: { image?: string; altText?: string };
  completionEvents?: string[];
}
const manifest = read('package.json') as {
  contributes: { commands: { command: string }[]; walkthroughs: { steps: Step[] }[]; viewsWelcome: { view: string; contents: string }[] };
};
const languages: Record<string, Record<string, string>> = { en: read('package.nls.json'), 'zh-cn': read('package.nls.zh-cn.json') };
const localised = (text: string, nls: Record<string, string>) => nls[/^%(.+)%$/.exec(text)?.[1] ?? ''] ?? text;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

describe('onboarding (walkthrough and welcome views)', () => {
  const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);

  it('has three or four steps, each with a picture in the repository and an alternative text', () => {
    assert.ok(steps.length >= 3 && steps.length <= 4, `${steps.length} steps`);
    for (const step of steps) {
      assert.ok(step.media.image && fs.existsSync(path.join(repoRoot, step.media.image)), `${step.id}: ${step.media.image}`);
      assert.ok(step.media.altText, `${step.id} has no altText`);
      assert.ok(step.completionEvents?.length, `${step.id} never completes`);
    }
  });

  it('every button of a step or a welcome runs a contributed command, in every language', () => {
    const texts = [...steps.map((s) => s.description), ...manifest.contributes.viewsWelcome.map((w) => w.contents)];
    for (const [language, nls] of Object.entries(languages)) {
      for (const text of texts) {
        const body = localised(text, nls);
        assert.notEqual(body, text, `${language}: ${text} has no translation`);
        const commands = [...body.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
        assert.ok(commands.length > 0, `${language}: no button in ${text}`);
        for (const command of commands) assert.ok(contributed.has(command), `${language}: ${text} runs ${command}, which is not contributed`);
      }
    }
  });

  it('the Models view has its welcome', () => {
    assert.ok(manifest.contributes.viewsWelcome.some((w) => w.view === 'neuralLens.models'));
  });
});
