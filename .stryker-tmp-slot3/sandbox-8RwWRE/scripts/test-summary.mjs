// @ts-nocheck
// Prints the plain closing line CI reads ("tests: N passed, N failed"), from vitest's JSON report.
// A typecheck failure stops `npm test` before vitest runs; it is counted as one failed test.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, statusText] = process.argv.slice(2);
const status = Number(statusText ?? '1');
let passed = 0;
let failed = 0;
let skipped = 0;
if (reportPath && existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  passed = report.numPassedTests ?? 0;
  // A test file that failed without a failing test (it did not load, or failed outside any test)
  // counts as one failure; a file whose tests failed is already counted by its tests.
  const fileFailures = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  failed = (report.numFailedTests ?? 0) + fileFailures;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else if (status !== 0) {
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
