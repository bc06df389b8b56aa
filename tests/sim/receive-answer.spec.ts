// What an answer changes on a device is in the trace even when the answer names no record: a push
// acknowledgement that rolls a local edit back is recorded as the merge it is, so the checkers see it.
import { describe, expect, it } from 'vitest';
import { simulateChecked } from '../check/_internals/build.ts';
import undoesEditAtAck from '../fixtures/broken-reconcilers/undoes-edit-at-ack.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

/** The type (of sync-lab's answer payload) of the last answer delivered to `device` before event `index` ('push', 'pull', …). */
function lastAnswerType(trace: readonly TraceEvent[], index: number, device: string): string | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.kind !== 'msg-deliver' || e.to !== device) continue;
    // A duplicate's id is its original's with a suffix (msg-duplicate: m12 → m12.1).
    const original = trace.find((x) => x.kind === 'msg-duplicate' && x.copyId === e.msgId);
    const msgId = original?.kind === 'msg-duplicate' ? original.msgId : e.msgId;
    const sent = trace.find((x) => x.kind === 'msg-send' && x.msgId === msgId);
    const payload = sent?.kind === 'msg-send' ? (sent.payload as { type?: string } | null) : null;
    return payload?.type;
  }
  return undefined;
}

describe('receive-answer: changes an answer did not name', () => {
  it('records a push acknowledgement that rolls back a local edit, and no-silent-rollback catches it', () => {
    const caught = [1, 2, 3, 4, 5, 6].map((seed) => ({ seed, run: simulateChecked(seed, undoesEditAtAck) })).find(({ run }) => run.violations.some((v) => v.checker === 'no-silent-rollback'));
    expect(caught, 'a seed of 1-6 where the rollback is caught').toBeDefined();
    const { trace, violations } = caught!.run;
    const found = violations.find((v) => v.checker === 'no-silent-rollback')!;
    const at = trace[found.eventIndex]!;
    // The violating merge comes right after a push answer reached the device (the answer named no record).
    expect(at).toMatchObject({ kind: 'merge', applied: true });
    expect(lastAnswerType(trace, found.eventIndex, (at as { device: string }).device)).toBe('push');
  });

  it('adds nothing for the default engine, whose acknowledgements change nothing shown', () => {
    for (const seed of [1, 2, 3]) {
      const { trace, violations } = simulateChecked(seed, undefined);
      expect(violations).toEqual([]);
      const merges = trace.flatMap((e, i) => (e.kind === 'merge' ? [lastAnswerType(trace, i, e.device)] : []));
      expect(merges.length, `seed ${seed}: merges to look at`).toBeGreaterThan(0);
      expect(new Set(merges), `seed ${seed}`).toEqual(new Set(['pull']));
    }
  });
});
