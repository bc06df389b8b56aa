/**
 * Answers that reached their device with an op damaged in transit (`answer-damage`, the
 * damagedPulledOpPercent fault). The AEAD cannot open the damaged op, so a correct engine stops the
 * pull there (or rejects the whole answer) and retries: the ops such an answer carried that the device
 * did not take say nothing about how it ranks versions. A `merge` of such an answer that does not show
 * the op it names (not applied, or only an earlier op of the same record in the answer, taken before
 * the damaged one) is "undecided": the judges that read a refusal as a ranking decision (lww-winner,
 * stamp-order, conflict-log) do not read one there; what the device shows is judged as ever. Read from the trace alone:
 * a delivered answer's merges follow its `msg-deliver` at once, before any other event.
 */
import type { TraceEvent } from '../../trace/events.ts';

/**
 * The `i` of every merge, recorded for an answer delivered with a damaged op, that does not show the
 * op it names. Empty when the fault never fired. `damaged`: the trace's damagedAnswerCopies.
 */
export function undecidedMerges(trace: readonly TraceEvent[], damaged: ReadonlySet<string>): ReadonlySet<number> {
  const out = new Set<number>();
  if (damaged.size === 0) return out;
  let receiving: string | null = null;
  for (const e of trace) {
    if (e.kind === 'merge') {
      if (receiving === e.device && e.version?.opId !== e.opId) out.add(e.i);
      continue;
    }
    receiving = e.kind === 'msg-deliver' && e.to !== 'server' && damaged.has(e.msgId) ? e.to : null;
  }
  return out;
}

/** The answer copies (msg ids) that reached their device with an op damaged in transit. */
export function damagedAnswerCopies(trace: readonly TraceEvent[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const e of trace) if (e.kind === 'answer-damage') out.add(e.msgId);
  return out;
}
