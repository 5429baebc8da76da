import { themeKindFromClasses, type ThemeKind } from './theme';

/** The editor theme kind now, from the body classes VS Code maintains. */
export function currentThemeKind(): ThemeKind {
  return themeKindFromClasses(document.body.classList);
}

/** Reads a CSS custom property off the body (where VS Code defines its --vscode-* variables). */
export function readCssVariable(name: string): string {
  return getComputedStyle(document.body).getPropertyValue(name);
}

/**
 * Calls back when the editor's colour theme changes. VS Code swaps the body classes and the
 * --vscode-* variables of the style attribute, so both attributes are watched.
 */
export function watchThemeChanges(onChange: (kind: ThemeKind) => void): () => void {
  let last = `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
  const observer = new MutationObserver(() => {
    const now = `${document.body.className}|${document.documentElement.getAttribute('style') ?? ''}`;
    if (now === last) return;
    last = now;
    onChange(currentThemeKind());
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
