// Mocha's Spec reporter plus the one line CI judges a stage by:
//   <stage>: N passed, N failed, N skipped
// printed alone on its line, and the same counts written to out/test-counts/<stage>.json so
// `summary` can add the stages up. It runs in plain Node (unit, e2e) and inside the extension
// host (integration), where console.log is what reaches our terminal, so it only uses that.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface StageCounts {
  stage: string;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  finishedAt: string;
}

/** Repository root, from out/test/harness/countingReporter.js. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');

export function countsDir(): string {
  return process.env.NL_TEST_COUNTS_DIR ?? path.join(repoRoot, 'out', 'test-counts');
}

export function formatCounts(c: Pick<StageCounts, 'stage' | 'passed' | 'failed' | 'skipped'>): string {
  return `${c.stage}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

export class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // `reporterOption` is what .mocharc's `reporter-option` becomes; `reporterOptions` the API's name.
    const given = options as { reporterOption?: Record<string, unknown>; reporterOptions?: Record<string, unknown> } | undefined;
    const reporterOptions = given?.reporterOptions ?? given?.reporterOption ?? {};
    const stage = String(reporterOptions.stage ?? process.env.NL_TEST_STAGE ?? 'tests');
    // Registered after Spec's own end handler, so the line comes after mocha's epilogue.
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats ?? this.stats;
      const counts: StageCounts = {
        stage,
        passed: stats.passes,
        // Failed hooks count here too: a broken `before` is a failure, not silence.
        failed: stats.failures,
        skipped: stats.pending,
        durationMs: stats.duration ?? 0,
        finishedAt: new Date().toISOString(),
      };
      try {
        fs.mkdirSync(countsDir(), { recursive: true });
        fs.writeFileSync(path.join(countsDir(), `${stage}.json`), JSON.stringify(counts, null, 2) + '\n');
      } catch (e) {
        console.log(`(could not write the ${stage} counts: ${(e as Error).message})`);
      }
      console.log(formatCounts(counts));
    });
  }
}

// Mocha loads a reporter given by path as `require(path).default` when there is one.
export default CountingReporter;
