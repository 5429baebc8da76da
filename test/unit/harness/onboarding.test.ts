// The walkthrough and the views' welcome are text in package.json and package.nls*.json: their pictures
// must be ones a UI spec takes (committed, and rewritten by every UI run), and every button must run a command the
// extension contributes (or VS Code's own trust editor), in every language.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { README_SCREENSHOTS } from '../../harness/readmeScreenshots';

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
// workbench.trust.manage: the Models view's welcome in Restricted Mode opens VS Code's trust editor.
const contributed = new Set([...manifest.contributes.commands.map((c) => c.command), 'workbench.trust.manage']);
const specSources = fs
  .readdirSync(path.join(repoRoot, 'test/e2e'))
  .filter((f) => f.endsWith('.e2e.ts'))
  .map((f) => fs.readFileSync(path.join(repoRoot, 'test/e2e', f), 'utf8'))
  .join('\n');

describe('onboarding (walkthrough and welcome views)', () => {
  const steps = manifest.contributes.walkthroughs.flatMap((w) => w.steps);

  it('has three or four steps, each with a picture a UI spec takes and an alternative text', () => {
    assert.ok(steps.length >= 3 && steps.length <= 4, `${steps.length} steps`);
    const taken = README_SCREENSHOTS.filter((name) => new RegExp(`readmeScreenshot\\([^;]*'${name}'`).test(specSources));
    assert.deepEqual(taken, [...README_SCREENSHOTS], 'a README picture no UI spec takes');
    for (const step of steps) {
      assert.ok(taken.some((name) => step.media.image === `media/screenshots/${name}.png`), `${step.id}: ${step.media.image} is not one the UI specs take`);
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

  it('the Models view has its welcome, in a trusted workspace and in Restricted Mode (no Train button there: training needs trust)', () => {
    const models = manifest.contributes.viewsWelcome.filter((w) => w.view === 'neuralLens.models') as Array<{ contents: string; when?: string }>;
    assert.deepEqual(models.map((w) => w.when).sort(), ['!isWorkspaceTrusted', 'isWorkspaceTrusted']);
    const restricted = localised(models.find((w) => w.when === '!isWorkspaceTrusted')!.contents, languages.en);
    assert.doesNotMatch(restricted, /command:neuralLens\.(training\.train|sentiment\.trainOnSample)\b/);
    assert.match(restricted, /command:workbench\.trust\.manage/);
  });
});
