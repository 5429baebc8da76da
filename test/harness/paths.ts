// Where things are, seen from out/test/harness/*.js (compiled) — the only place that knows.
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const samplesDir = path.join(repoRoot, 'samples');
export const integrationSuite = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
export const e2eSpecsDir = path.join(repoRoot, 'out', 'test', 'e2e');
export const testResultsDir = path.join(repoRoot, 'test-results');
