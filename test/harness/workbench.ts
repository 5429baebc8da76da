// Small verbs for driving the code-server workbench from UI specs. Selectors are VS Code's own
// DOM (see ../shared/E2E-NOTES.md); each verb waits for its effect and fails with what it saw.
import type { FrameLocator, Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_ROWS = '.quick-input-list .monaco-list-row';

/**
 * Default wait for a verb's effect. Generous: on a busy 2-core machine the remote extension host
 * (which serves file search, and runs our extension) starts many seconds after the workbench shows.
 */
const DEFAULT_TIMEOUT = 60_000;

export class Workbench {
  constructor(readonly page: Page) {}

  /** Runs a command by its palette title, e.g. "Neural Lens: Open Preview to the Side". */
  async runCommand(title: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    await this.pick('F1', '>' + title, title, timeoutMs);
  }

  /**
   * Runs a command that opens a quick input of its own (a picker): accepted from the palette, without
   * waiting for the palette to close, as the next quick input replaces it at once.
   */
  async startCommand(title: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    await this.pick('F1', '>' + title, title, timeoutMs, false);
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab. */
  async openFile(name: string, timeoutMs = DEFAULT_TIMEOUT): Promise<void> {
    await this.pick('Control+P', name, name, timeoutMs);
    await this.page
      .locator('.editor-group-container.active .tab.active', { hasText: name })
      .waitFor({ state: 'visible', timeout: timeoutMs });
  }

  /**
   * Opens a quick input with `key`, types `query` and accepts the row labelled exactly `label`.
   * Retries with a fresh quick input: file search answers from a per-session cache (a file created
   * by a spec is missing from a session opened before), and is slow until the extension host is up.
   */
  private async pick(key: string, query: string, label: string, timeoutMs: number, waitClosed = true): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const input = this.page.locator(`${QUICK_INPUT} input`);
    const row = this.page
      .locator(QUICK_INPUT_ROWS)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .first();
    let seen: string[] = [];
    for (let attempt = 1; Date.now() < deadline; attempt++) {
      await this.page.keyboard.press(key);
      await input.waitFor({ state: 'visible', timeout: Math.max(1, deadline - Date.now()) });
      // A webview that takes focus as it loads closes the quick input under us (its input turns inert,
      // then hidden): open it again.
      const filled = await input.fill(query, { timeout: 5_000 }).then(() => true, () => false);
      if (!filled) continue;
      const found = await row
        .waitFor({ state: 'visible', timeout: Math.max(1, Math.min(5_000 * attempt, deadline - Date.now())) })
        .then(() => true, () => false);
      if (found) {
        // Accepted once only: a retry after a click could run a command twice. A click that timed out was
        // never sent (Playwright clicks only once the row is visible and still): a webview taking focus
        // had closed the quick input between finding the row and clicking it, so open it again.
        const clicked = await row.click({ timeout: 5_000 }).then(() => true, () => false);
        if (!clicked) continue;
        if (waitClosed) await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 });
        return;
      }
      seen = await this.page.locator(`${QUICK_INPUT_ROWS} .label-name`).allInnerTexts();
      await this.page.keyboard.press('Escape');
    }
    throw new Error(`no "${label}" in the quick input for "${query}" within ${timeoutMs} ms; it offered: ${seen.slice(0, 10).join(' | ') || '(nothing)'}`);
  }

  /** The content frame of the newest webview (a panel or a view). */
  webviewFrame(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  }

  /**
   * The content frame of the newest article preview panel. Not simply the newest webview: a view in the side
   * bar (Concepts) may have (re)loaded after the panel was opened, and is then the newest.
   */
  async previewFrame(timeoutMs = DEFAULT_TIMEOUT): Promise<FrameLocator> {
    const frames = this.page.locator('iframe.webview.ready');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = (await frames.count()) - 1; i >= 0; i--) {
        const frame = this.page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
        if ((await frame.locator('main.nl-article').count().catch(() => 0)) > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no article preview among the ${await frames.count()} webviews within ${timeoutMs} ms`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Texts of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  /** The row of the open quick input whose label is exactly `label` (codicons in labels are not text). */
  quickInputRow(label: string): Locator {
    return this.page
      .locator(`${QUICK_INPUT} ${QUICK_INPUT_ROWS}`)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) })
      .first();
  }

  /** The visible text editors' lines, as rendered. */
  editorLines(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
  }

  /**
   * Texts of after-line decorations in the active editor (or in every editor on screen). They are CSS
   * `::after` content, not DOM text, so they are read through getComputedStyle.
   */
  async decorationAfterTexts(editors: 'active' | 'all' = 'active'): Promise<string[]> {
    const scope = editors === 'active' ? '.editor-group-container.active ' : '';
    // Runs in the page (a string: this project's Node tsconfig has no DOM types).
    const contents = await this.page.evaluate<string[]>(`
      Array.from(document.querySelectorAll('${scope}.monaco-editor .view-lines span'))
        .map((span) => getComputedStyle(span, '::after').content)
        .filter((c) => c && c !== 'none' && c !== 'normal')
    `);
    // content is a CSS string such as "\"positive 0.93\"": unquote it.
    return contents.map((c) => (c.startsWith('"') ? (JSON.parse(c) as string) : c));
  }

  /** Moves the mouse over the first rendered editor text containing `text`, then returns the hover's text. */
  async hoverOver(text: string, timeoutMs = DEFAULT_TIMEOUT): Promise<string> {
    const span = this.editorLines().locator('span span', { hasText: text }).first();
    await span.hover({ timeout: timeoutMs });
    await this.page.locator('.monaco-hover:not(.hidden) .hover-contents').first().waitFor({ state: 'visible', timeout: timeoutMs });
    return this.hoverText();
  }

  /** Text of the hover on screen ('' when none). */
  async hoverText(): Promise<string> {
    const texts = await this.page.locator('.monaco-hover:not(.hidden) .hover-contents').allInnerTexts();
    return texts.join('\n').trim();
  }

  /** Number of editor groups side by side. */
  async editorGroupCount(): Promise<number> {
    return this.page.locator('.editor-group-container').count();
  }

  async closeAllEditors(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.runCommand('View: Close All Editors');
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
