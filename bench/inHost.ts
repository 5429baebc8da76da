// Runs the in-extension-host half of a bench in a real workbench (code-server + headless chromium, Neural Lens
// as a development extension): a module exporting run(), loaded as `extensionTestsPath`, that reports its
// figures in one `TAG {json}` console line. With the smoke-test driver on, the workbench hands the extension
// host's console to the page function codeAutomationLog and the suite's exit code to codeAutomationExit.
import { startCodeServer } from '../test/harness/codeServer';
import { launchBrowser, openWorkbench } from '../test/harness/browser';
import { repoRoot } from '../test/harness/paths';

export interface InHostOptions {
  /** Names the bench in the error: "the in-host NAME bench failed". */
  name: string;
  /** The folder the workbench opens. */
  workspace: string;
  /** The compiled in-host module. */
  suite: string;
  /** The report line's tag: the line reads `TAG {json}`. */
  tag: string;
  env?: NodeJS.ProcessEnv;
  settings?: Record<string, unknown>;
  /** Every other line of the extension host's console. */
  onOtherLine?: (text: string) => void;
}

/** Runs the suite to its end; resolves with its report (the JSON of its tagged line). */
export async function runInHost<T>(options: InHostOptions): Promise<T> {
  const server = await startCodeServer({
    workspace: options.workspace,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: options.suite,
    settings: options.settings,
    env: options.env,
  });
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    const tagged = new RegExp(`${options.tag} (\\{.*\\})`);
    let report: T | undefined;
    let finish!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
      const m = tagged.exec(text);
      if (m) report = JSON.parse(m[1]) as T;
      else options.onOtherLine?.(text);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    void openWorkbench(page, server.url).catch(() => undefined);
    const code = await exited;
    if (code !== 0 || report === undefined) throw new Error(`the in-host ${options.name} bench failed (exit code ${code})`);
    return report;
  } finally {
    await browser.close();
    await server.stop();
  }
}
