// Which merges of an answer delivered with a damaged op carry no ranking decision (undecidedMerges),
// and which answer copies were damaged: read from the trace alone.
import { describe, expect, it } from 'vitest';
import { damagedAnswerCopies, undecidedMerges } from '../../../src/check/_internals/damaged-answers.ts';
import type { TraceEvent, TraceVersion } from '../../../src/trace/events.ts';

const v = (opId: string, stamp: string): TraceVersion => ({ id: 'a/r1', stamp, deleted: false, fields: { notes: opId }, opId }) as TraceVersion;
const merge = (i: number, device: string, opId: string, shown: TraceVersion | null, applied: boolean) =>
  ({ i, t: i, kind: 'merge', device, recordId: 'a/r1', opId, applied, version: shown }) as TraceEvent;

describe('undecidedMerges', () => {
  const older = v('a/o1', '001.a');
  const trace: TraceEvent[] = [
    { i: 0, t: 0, kind: 'answer-damage', device: 'b', msgId: 'm7', requestId: 'b/q2', opId: 'a/o3', recordId: 'a/r1', seq: 3, damage: 'truncated' } as TraceEvent,
    { i: 1, t: 1, kind: 'msg-deliver', msgId: 'm7', to: 'b' } as TraceEvent,
    // Took a/o1 only (the op before the damaged one): the merge names a/o3, the record's last op in the answer.
    merge(2, 'b', 'a/o3', older, true),
    merge(3, 'b', 'a/o4', null, false),
    merge(4, 'b', 'a/o2', v('a/o2', '002.a'), true),
    { i: 5, t: 5, kind: 'outbox', device: 'b', depth: 0 } as TraceEvent,
    // Merges after any other event, or of an intact answer, are judged as ever.
    merge(6, 'b', 'a/o3', older, false),
    { i: 7, t: 7, kind: 'msg-deliver', msgId: 'm9', to: 'b' } as TraceEvent,
    merge(8, 'b', 'a/o3', older, false),
  ];
  it('a merge of a damaged answer that does not show the op it names', () => {
    expect([...undecidedMerges(trace, damagedAnswerCopies(trace))]).toEqual([2, 3]);
    expect([...damagedAnswerCopies(trace)]).toEqual(['m7']);
  });
  it('none when the fault never fired', () => {
    expect(undecidedMerges(trace.slice(1), damagedAnswerCopies(trace.slice(1))).size).toBe(0);
  });
});
