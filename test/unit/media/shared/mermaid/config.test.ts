// The Mermaid configuration every webview draws with, run through Mermaid's own config merge (mermaid.parse
// applies a diagram's %%{init}%% directive exactly as render does) in plain Node.
import * as assert from 'node:assert/strict';
import type { Mermaid } from 'mermaid' with { 'resolution-mode': 'import' };
import { mermaidConfig } from '../../../../../media/shared/mermaid/config';
import { chooseMermaidTheme } from '../../../../../media/shared/mermaid/theme';

describe('Mermaid configuration against init directives', function () {
  this.timeout(60_000);
  let mermaid: Mermaid;
  before(async () => {
    mermaid = (await import('mermaid')).default;
  });

  /** The configuration Mermaid draws `source` with, after our initialize(). */
  async function effective(source: string): Promise<Record<string, unknown>> {
    mermaid.initialize(mermaidConfig(chooseMermaidTheme('default', 'light', () => ''), 50_000));
    await mermaid.parse(source);
    return mermaid.mermaidAPI.getConfig() as Record<string, unknown>;
  }

  it('a directive cannot turn HTML labels back on, loosen security or raise the size limit', async () => {
    const config = await effective(
      '%%{init: {"htmlLabels": true, "flowchart": {"htmlLabels": true}, "securityLevel": "loose", "maxTextSize": 99999999, "secure": []}}%%\nflowchart LR\n  A --> B',
    );
    assert.equal(config.htmlLabels, false);
    assert.notEqual((config.flowchart as Record<string, unknown>).htmlLabels, true);
    assert.equal(config.securityLevel, 'strict');
    assert.equal(config.maxTextSize, 50_000);
  });

  it('a directive still sets what is harmless (theme, curve)', async () => {
    const config = await effective('%%{init: {"theme": "forest", "flowchart": {"curve": "step"}}}%%\nflowchart LR\n  A --> B');
    assert.equal(config.theme, 'forest');
    assert.equal((config.flowchart as Record<string, unknown>).curve, 'step');
  });
});
