import * as assert from 'node:assert/strict';
import { luminance, mix, parseColor, toHex } from '../../../../../media/shared/color';
import { chooseMermaidTheme, themeKindFromClasses } from '../../../../../media/shared/mermaid/theme';

// VS Code's own values for these variables in Light+, Dark+ and High Contrast.
const light: Record<string, string> = { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-textLink-foreground': '#005fb8' };
const dark: Record<string, string> = { '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc', '--vscode-textLink-foreground': '#4daafc' };
const hc: Record<string, string> = { '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-textLink-foreground': '#21a6ff', '--vscode-contrastBorder': '#6fc3df' };
const reader = (vars: Record<string, string>) => (name: string) => vars[name] ?? '';

describe('colours', () => {
  it('parses the forms VS Code uses', () => {
    assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
    assert.deepEqual(parseColor('#00000080'), { r: 0, g: 0, b: 0, a: 128 / 255 });
    assert.deepEqual(parseColor(' rgba(10, 20, 30, 0.5) '), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.equal(parseColor('var(--x)'), undefined);
    assert.equal(parseColor(''), undefined);
  });

  it('flattens translucent colours over the background', () => {
    assert.equal(toHex(mix(parseColor('#ffffff80')!, parseColor('#000000')!)), '#808080');
    assert.ok(luminance(parseColor('#ffffff')!) > 0.99);
    assert.ok(luminance(parseColor('#000000')!) < 0.01);
  });
});

describe('Mermaid theme from the editor theme', () => {
  it('reads the theme kind from the body classes', () => {
    assert.equal(themeKindFromClasses(['vscode-light']), 'light');
    assert.equal(themeKindFromClasses(['vscode-dark']), 'dark');
    assert.equal(themeKindFromClasses(['vscode-high-contrast']), 'high-contrast');
    assert.equal(themeKindFromClasses(['vscode-high-contrast', 'vscode-high-contrast-light']), 'high-contrast-light');
  });

  it("builds Mermaid's base theme from the editor colours in 'auto'", () => {
    const l = chooseMermaidTheme('auto', 'light', reader(light));
    assert.equal(l.theme, 'base');
    assert.equal(l.themeVariables.background, '#ffffff');
    assert.equal(l.themeVariables.primaryTextColor, '#3b3b3b');
    assert.equal(l.themeVariables.primaryBorderColor, '#005fb8');
    assert.equal(l.themeVariables.darkMode, false);
    const d = chooseMermaidTheme('auto', 'dark', reader(dark));
    assert.equal(d.themeVariables.background, '#1f1f1f');
    assert.equal(d.themeVariables.darkMode, true);
    assert.ok(luminance(parseColor(d.themeVariables.primaryColor as string)!) < 0.2, 'dark node fill');
    assert.ok(luminance(parseColor(l.themeVariables.primaryColor as string)!) > 0.7, 'light node fill');
  });

  it('uses hard borders and no tint in high contrast', () => {
    const t = chooseMermaidTheme('auto', 'high-contrast', reader(hc));
    assert.equal(t.themeVariables.primaryColor, '#000000');
    assert.equal(t.themeVariables.primaryBorderColor, '#6fc3df');
    assert.equal(t.themeVariables.lineColor, '#ffffff');
  });

  it('gives only opaque #rrggbb colours (what Mermaid can compute with)', () => {
    const t = chooseMermaidTheme('auto', 'dark', reader({ ...dark, '--vscode-editorWidget-background': '#25252580' }));
    for (const [name, value] of Object.entries(t.themeVariables)) {
      if (typeof value === 'string') assert.match(value, /^#[0-9a-f]{6}$/, name);
    }
  });

  it('changes its cache key when the colours change, and not otherwise', () => {
    const a = chooseMermaidTheme('auto', 'light', reader(light)).key;
    assert.equal(chooseMermaidTheme('auto', 'light', reader(light)).key, a);
    assert.notEqual(chooseMermaidTheme('auto', 'light', reader({ ...light, '--vscode-textLink-foreground': '#ff0000' })).key, a);
    assert.notEqual(chooseMermaidTheme('auto', 'dark', reader(dark)).key, a);
  });

  it('uses a named theme as is when the setting overrides it', () => {
    const t = chooseMermaidTheme('forest', 'dark', reader(dark));
    assert.equal(t.theme, 'forest');
    assert.deepEqual(t.themeVariables, {});
  });

  it('falls back to sensible colours without any --vscode-* variable (exported page)', () => {
    const t = chooseMermaidTheme('auto', 'light', () => '');
    assert.equal(t.themeVariables.background, '#ffffff');
    assert.match(t.themeVariables.primaryTextColor as string, /^#[0-9a-f]{6}$/);
  });
});
