// `npm run test:integration`: runs the extension-host suite (out/test/integration/index.js) in a
// real VS Code, through one of two runners, and says which one ran:
//  - @vscode/test-electron: VS Code desktop, for machines that can download it (or already have
//    it under .vscode-test/), or when NEURAL_LENS_RUNNER=electron;
//  - code-server + headless chromium otherwise (NEURAL_LENS_RUNNER=code-server forces it).
// The suite itself prints mocha's output and the "integration: N passed, N failed, N skipped" line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countsDir } from './countingReporter';
import { exitOnSignals, startCodeServer, type RunningCodeServer } from './codeServer';
import { launchBrowser, openWorkbench, type Browser } from './browser';
import { relayHostLog } from './hostLog';
import { integrationSuite, repoRoot, testResultsDir } from './paths';
import { prepareWorkspace, type TestWorkspace } from './workspace';

const STAGE = 'integration';
const timeoutMs = Number(process.env.NL_INTEGRATION_TIMEOUT_MS ?? 10 * 60_000);

type Runner = 'electron' | 'code-server';

function chooseRunner(): { runner: Runner; why: string } {
  const asked = process.env.NEURAL_LENS_RUNNER;
  if (asked === 'electron' || asked === 'code-server') return { runner: asked, why: `NEURAL_LENS_RUNNER=${asked}` };
  if (asked) throw new Error(`NEURAL_LENS_RUNNER must be "electron" or "code-server", not "${asked}"`);
  const cache = path.join(repoRoot, '.vscode-test');
  const cached = fs.existsSync(cache) && fs.readdirSync(cache).some((d) => d.startsWith('vscode-'));
  return cached
    ? { runner: 'electron', why: 'a VS Code download is cached in .vscode-test/' }
    : { runner: 'code-server', why: 'no VS Code desktop in .vscode-test/ (set NEURAL_LENS_RUNNER=electron to download one)' };
}

async function runWithElectron(workspace: string): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  try {
    return await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: integrationSuite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      extensionTestsEnv: { NL_TEST_STAGE: STAGE },
    });
  } catch (e) {
    // runTests rejects on a non-zero exit as well as on a failed download.
    console.error(`${STAGE}: the VS Code desktop run failed: ${(e as Error).message ?? e}`);
    return 1;
  }
}

async function runWithCodeServer(workspace: string): Promise<number> {
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    server = await startCodeServer({
      workspace,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: integrationSuite,
      env: { NL_TEST_STAGE: STAGE },
    });
    browser = await launchBrowser();
    const { page } = browser;
    let finish!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (finish = resolve));
    // The workbench hands the extension host's console (mocha's output included) and the suite's
    // exit code to these two page functions when it runs with the smoke-test driver.
    await relayHostLog(page, {
      levels: 'all',
      onHostStartFailure: () => finish(crashed('the extension host did not start (see the log above); the machine may be overloaded')),
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    page.on('crash', () => finish(crashed('the workbench page crashed')));

    const started = Date.now();
    openWorkbench(page, server.url, timeoutMs).then(
      (ms) => console.log(`[${STAGE}] workbench ready ${(ms / 1000).toFixed(1)}s after goto`),
      () => undefined, // the timeout below reports a workbench that never came up
    );
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([exited, timedOut]);
    if (outcome === 'timeout') {
      const shot = path.join(testResultsDir, STAGE, 'timeout.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(
        `${STAGE}: timed out after ${timeoutMs / 1000}s: the extension host never reported the suite's end ` +
          `(screenshot: ${path.relative(process.cwd(), shot)}; code-server log: ${server.logFile}; set NL_KEEP_STATE=1 to keep it)`,
      );
      return 1;
    }
    console.log(`[${STAGE}] extension host finished the suite with exit code ${outcome} after ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return outcome;
  } finally {
    if (timer) clearTimeout(timer);
    await browser?.close();
    await server?.stop();
  }
}

function crashed(message: string): number {
  console.error(`${STAGE}: ${message}`);
  return 1;
}

async function main(): Promise<number> {
  const { runner, why } = chooseRunner();
  console.log(`[${STAGE}] runner: ${runner} (${why})`);
  if (!fs.existsSync(integrationSuite)) {
    console.error(`${STAGE}: ${path.relative(repoRoot, integrationSuite)} is missing: run \`npm run compile-tests\` first`);
    return 1;
  }
  // The suite writes its counts from inside the extension host: a file left by an earlier run must not stand in for them.
  const countsFile = path.join(countsDir(), `${STAGE}.json`);
  fs.rmSync(countsFile, { force: true });
  let workspace: TestWorkspace | undefined;
  const started = Date.now();
  try {
    workspace = prepareWorkspace();
    const code = runner === 'electron' ? await runWithElectron(workspace.dir) : await runWithCodeServer(workspace.dir);
    console.log(`[${STAGE}] ${runner} run took ${((Date.now() - started) / 1000).toFixed(1)}s`);
    if (!fs.existsSync(countsFile)) {
      console.error(`${STAGE}: the suite reported no counts (${path.relative(process.cwd(), countsFile)}): it did not load or did not finish`);
      return 1;
    }
    return code;
  } finally {
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
