// The extension-host suite's entry point (`extensionTestsPath`): VS Code loads this module inside
// the extension host and awaits run(). The same module serves @vscode/test-electron and the
// code-server runner (see test/harness/runIntegration.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { CountingReporter } from '../harness/countingReporter';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    // A real workbench: editors, webviews and workers take seconds, not milliseconds.
    timeout: 60_000,
    slow: 5_000,
    forbidOnly: true,
    reporter: CountingReporter,
    reporterOptions: { stage: 'integration' },
    // NL_TEST_GREP=sentiment runs one area's tests (the environment reaches the extension host).
    ...(process.env.NL_TEST_GREP ? { grep: process.env.NL_TEST_GREP } : {}),
  });
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
