/**
 * snapshot-damage: a damaged durable snapshot is refused, or restores nothing different. Read from the
 * trace's `snapshot-damage` events (userStorageDamagePercent; runs without the fault have none, and the
 * checker has nothing to judge) and the `restart` of the same device that follows each:
 * - refused (`accepted: false`): what a careful engine does, with an error whose message says why (not
 *   empty, as input-refusal asks of refused input); the device restored its intact copy, and that
 *   restart is judged like any other (durability; engine-error when the intact copy is refused);
 * - accepted: the restart must show exactly the versions (every record, tombstones included: id, op
 *   id, stamp, deleted, fields) and the pending count the engine restored from the intact copy
 *   (`intact`). Accepting a damage that changes nothing judged is fine (a missing optional field read
 *   as empty when it was empty); reading a missing outbox as empty, adopting another device's
 *   snapshot, or keeping a torn prefix of the records loses what the user was told is saved.
 * Versions are compared as JSON text with keys in order, here, with no code of the engine's.
 */
import { canonicalJson } from '../core/canonical.ts';
import type { TraceEvent, TraceVersion } from '../trace/events.ts';
import { contentDiff } from './_internals/content.ts';
import { defineChecker, describe } from './_internals/facts.ts';

/** The first difference between what the intact snapshot restores and what the damaged one did, or null. */
function firstDifference(intact: readonly TraceVersion[], restored: readonly TraceVersion[]): { recordId: string; text: string } | null {
  const got = new Map(restored.map((v) => [v.id, v]));
  const want = new Map(intact.map((v) => [v.id, v]));
  for (const [id, v] of want) {
    const held = got.get(id);
    if (held === undefined) return { recordId: id, text: `no version of ${id}; the intact snapshot restores ${describe(v)}` };
    if (canonicalJson(held) !== canonicalJson(v)) {
      const content = held.stamp === v.stamp && held.opId === v.opId ? contentDiff(v, held) : null;
      return { recordId: id, text: `${id} as ${describe(held)}${content === null ? '' : ` (${content})`}; the intact snapshot restores ${describe(v)}` };
    }
  }
  for (const [id, v] of got) if (!want.has(id)) return { recordId: id, text: `${describe(v)} of ${id}, which the intact snapshot does not hold` };
  return null;
}

export const snapshotDamage = defineChecker({
  id: 'snapshot-damage',
  title: 'Damaged snapshot refused or harmless',
  property: 'a damaged durable snapshot handed to restore is refused with a reason, or restores the same versions and pending ops as the intact one',
  check({ trace }, found) {
    const accepted = new Map<string, Extract<TraceEvent, { kind: 'snapshot-damage' }>>();
    for (const e of trace) {
      if (found.full) break;
      if (e.kind === 'snapshot-damage') {
        if (e.accepted && e.intact) accepted.set(e.device, e);
        else accepted.delete(e.device);
        if (!e.accepted && (e.reason ?? '').trim() === '') {
          found.add(`device ${e.device} refused a damaged snapshot (${e.damage} at ${e.path}) without saying why (${e.error ?? 'no error'}); expected an error whose message says what is wrong`, e, [e.device], []);
        }
        continue;
      }
      if (e.kind !== 'restart') continue;
      const damage = accepted.get(e.device);
      if (damage === undefined || damage.intact === undefined) continue;
      accepted.delete(e.device);
      const what = `device ${e.device} accepted a damaged snapshot (${damage.damage} at ${damage.path}) and restarted with`;
      const diff = firstDifference(damage.intact.versions, e.versions);
      if (diff !== null) {
        found.add(`${what} ${diff.text}; expected a refusal, or the versions the intact snapshot restores`, e, [e.device], [diff.recordId]);
      } else if (e.pendingOps !== damage.intact.pendingOps) {
        found.add(`${what} ${e.pendingOps} pending op(s); the intact snapshot restores ${damage.intact.pendingOps}; expected a refusal, or the same pending ops`, e, [e.device], []);
      }
    }
    return found.list;
  },
});
