// `sync-lab run` shows the schedule events that could not take effect (issue 11.3): counted by code,
// the first ones with their reasons; a seeded (random) schedule skips legitimately, so exit 0.
import { describe, expect, it } from 'vitest';
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
