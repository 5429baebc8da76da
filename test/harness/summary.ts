// Adds up the stages of `npm test`: prints each stage's line and a total, and fails when a stage
// is missing, stale (written before the last compile-tests) or had failures. The counts come
// from out/test-counts/<stage>.json, written by the counting reporter.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countsDir, formatCounts, type StageCounts } from './countingReporter';

const stages = (process.env.NL_TEST_STAGES ?? 'unit,integration,e2e').split(',').filter(Boolean);

function main(): number {
  // compile-tests rewrites this file; counts older than it belong to a previous run.
  const compiledAt = fs.statSync(__filename).mtimeMs;
  const problems: string[] = [];
  const total = { stage: 'total', passed: 0, failed: 0, skipped: 0 };
  for (const stage of stages) {
    const file = path.join(countsDir(), `${stage}.json`);
    if (!fs.existsSync(file)) {
      problems.push(`${stage}: no counts (${path.relative(process.cwd(), file)} missing: the stage did not run or did not finish)`);
      continue;
    }
    if (fs.statSync(file).mtimeMs < compiledAt) {
      problems.push(`${stage}: stale counts (${path.relative(process.cwd(), file)} is older than the last compile-tests)`);
      continue;
    }
    const counts = JSON.parse(fs.readFileSync(file, 'utf8')) as StageCounts;
    console.log(formatCounts(counts));
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    if (counts.failed > 0) problems.push(`${stage}: ${counts.failed} failed`);
    if (counts.passed + counts.failed === 0) problems.push(`${stage}: no test ran`);
  }
  console.log(formatCounts(total));
  for (const p of problems) console.error(`summary: ${p}`);
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = main();
