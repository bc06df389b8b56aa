// @ts-nocheck
// `sync-lab run` shows the schedule events that could not take effect (issue 11.3): counted by code,
// the first ones with their reasons; a seeded (random) schedule skips legitimately, so exit 0.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/io/usage-error.ts';
import { executeRun } from '../../src/cli/run.ts';
import { skipCounts } from '../../src/cli/explore.ts';

describe('run summary: schedule skips', () => {
  it('lists the skips of the trace with their reasons and does not fail on them', async () => {
    const outcome = await executeRun({ seed: '3' });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.report.skips.length).toBeGreaterThan(0);
    const first = outcome.report.skips[0]!;
    expect(first).toMatchObject({ device: expect.any(String), action: expect.any(String), code: expect.any(String), reason: expect.any(String) });
    expect(outcome.text).toMatch(new RegExp(`  ${outcome.report.skips.length} schedule event\\(s\\) skipped \\(`));
    expect(outcome.text).toContain(`  - ${first.device} ${first.action}`);
    expect(outcome.text).toContain(first.reason);
  });

  it('counts for the swarm summary', () => {
    expect(skipCounts({})).toBe('no schedule events skipped');
    expect(skipCounts({ 'record-not-shown': 9, 'same-mode': 1 })).toBe('10 schedule event(s) skipped (record-not-shown 9, same-mode 1)');
  });
});

describe('run summary: hazards (issue 11.8)', () => {
  const options = join(mkdtempSync(join(tmpdir(), 'sync-lab-hazards-')), 'jumps.json');
  writeFileSync(options, JSON.stringify({ clockJumpsPerHour: 600, clockJumpMaxMs: 86_400_000, durationMs: 30_000 }));

  it('lists future-stamp hazards apart from violations, exit 0; --strict-hazards makes them fail the run', async () => {
    const plain = await executeRun({ seed: '2', options });
    expect(plain.report.violations).toEqual([]);
    expect(plain.report.hazards.length).toBeGreaterThan(0);
    expect(plain.report.hazards[0]!.hazard).toBe('future-stamp');
    expect(plain.exitCode).toBe(0);
    expect(plain.text).toContain(`${plain.report.hazards.length} hazard(s) (not contract violations; --strict-hazards fails on them):`);
    const strict = await executeRun({ seed: '2', options, strictHazards: true });
    expect(strict.exitCode).toBe(1);
  });

  it('--future-stamp-bound-ms moves the bound (a day and more: none) and refuses nonsense', async () => {
    expect((await executeRun({ seed: '2', options, futureStampBoundMs: String(2 * 86_400_000) })).report.hazards).toEqual([]);
    await expect(executeRun({ seed: '2', futureStampBoundMs: '0' })).rejects.toThrow(UsageError);
    await expect(executeRun({ seed: '2', futureStampBoundMs: 'soon' })).rejects.toThrow(UsageError);
  });
});
