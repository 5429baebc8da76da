// `npm run test:e2e`: UI end-to-end specs (out/test/e2e/**/*.e2e.js) against one code-server
// workbench, driven by playwright-core and Debian's chromium, with Neural Lens loaded as a
// development extension on a copy of samples/. Failures leave a screenshot in test-results/e2e/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { CountingReporter } from './countingReporter';
import { exitOnSignals, startCodeServer, type RunningCodeServer } from './codeServer';
import { launchBrowser, openWorkbench, type Browser } from './browser';
import { setSession } from './e2eSession';
import { relayHostLog } from './hostLog';
import { Workbench } from './workbench';
import { e2eSpecsDir, repoRoot, testResultsDir } from './paths';
import { prepareWorkspace, type TestWorkspace } from './workspace';

const STAGE = 'e2e';
const screenshotsDir = path.join(testResultsDir, STAGE);
const timeoutMs = Number(process.env.NL_E2E_TIMEOUT_MS ?? 15 * 60_000);

function specFiles(): string[] {
  if (!fs.existsSync(e2eSpecsDir)) return [];
  return fs
    .readdirSync(e2eSpecsDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.e2e.js'))
    .sort()
    .map((f) => path.join(e2eSpecsDir, f));
}

function fileSafe(title: string): string {
  return title.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'test';
}

async function main(): Promise<number> {
  const files = specFiles();
  if (files.length === 0) {
    console.error(`${STAGE}: no specs under ${path.relative(process.cwd(), e2eSpecsDir)}: run \`npm run compile-tests\` first`);
    return 1;
  }
  fs.rmSync(screenshotsDir, { recursive: true, force: true });
  console.log(`[${STAGE}] runner: code-server + chromium; screenshots of failures go to ${path.relative(process.cwd(), screenshotsDir)}/`);

  let workspace: TestWorkspace | undefined;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  const watchdog = setTimeout(() => {
    console.error(`${STAGE}: timed out after ${timeoutMs / 1000}s (NL_E2E_TIMEOUT_MS); stopping`);
    void Promise.allSettled([browser?.close(), server?.stop()]).then(() => process.exit(1));
  }, timeoutMs);
  try {
    workspace = prepareWorkspace();
    server = await startCodeServer({ workspace: workspace.dir, extensionDevelopmentPath: repoRoot });
    browser = await launchBrowser();
    const { page } = browser;
    page.on('pageerror', (e) => console.error(`[${STAGE}] page error: ${e.message}`));
    let hostFailed = false;
    await relayHostLog(page, { levels: 'problems', onHostStartFailure: () => (hostFailed = true) });
    const readyMs = await openWorkbench(page, server.url);
    console.log(`[${STAGE}] workbench ready ${(readyMs / 1000).toFixed(1)}s after goto`);
    if (hostFailed) throw new Error('the extension host did not start (see the log above); the machine may be overloaded');
    setSession({ page, workbench: new Workbench(page), workspaceDir: workspace.dir, origin: server.origin });

    const mocha = new Mocha({
      ui: 'bdd',
      timeout: 90_000,
      slow: 10_000,
      forbidOnly: true,
      reporter: CountingReporter,
      reporterOptions: { stage: STAGE },
      // NL_TEST_GREP=sentiment runs one area's specs.
      ...(process.env.NL_TEST_GREP ? { grep: process.env.NL_TEST_GREP } : {}),
      rootHooks: {
        async afterEach(this: Mocha.Context) {
          const test = this.currentTest;
          if (test?.state !== 'failed') return;
          fs.mkdirSync(screenshotsDir, { recursive: true });
          const shot = path.join(screenshotsDir, `${fileSafe(test.fullTitle())}.png`);
          await page.screenshot({ path: shot }).catch(() => undefined);
          console.log(`      screenshot: ${path.relative(process.cwd(), shot)}`);
        },
      },
    });
    for (const f of files) mocha.addFile(f);
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) console.log(`[${STAGE}] screenshots of the failures: ${path.relative(process.cwd(), screenshotsDir)}/`);
    return failures > 0 ? 1 : 0;
  } finally {
    clearTimeout(watchdog);
    setSession(undefined);
    await browser?.close();
    await server?.stop();
    workspace?.dispose();
  }
}

exitOnSignals();
main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`${STAGE}: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
