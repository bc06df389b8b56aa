/**
 * The user reads the whole local journal (schedule action `read-journal`): the engine's `list()`, the
 * matrix row "Read local journal" in every connectivity mode. Recorded as a `local-list` event with
 * what `list()` answered and, from the same instant, what `versions()` holds without tombstones, so the
 * `journal-read` checker can tell a journal that hides, repeats or mis-orders records. A `list()` that
 * throws is the engine's fault (the guard's `engine-error`), as for every call that may not fail.
 */
import type { RecordVersion } from '../core/record.ts';
import type { JournalEntry } from '../trace/journal-read-event.ts';
import { settle } from './engine-call.ts';
import type { Step } from './engine-call.ts';
import { NOT_RUNNING } from './host.ts';
import type { Skip } from './host.ts';
import type { SimContext } from './sim-context.ts';
import type { SimDevice } from './sim-device.ts';

export function* readJournal(ctx: SimContext, device: SimDevice): Step<Skip | undefined> {
  const r = device.reconciler;
  if (!r) return NOT_RUNNING;
  const listed = (yield* settle<RecordVersion[]>(r.list())).map(entry);
  const held = (yield* settle<RecordVersion[]>(r.versions())).filter((v) => !v.deleted).map(entry);
  ctx.recorder.emit({ kind: 'local-list', device: device.id, listed, held });
  return undefined;
}

function entry(v: RecordVersion): JournalEntry {
  return v.deleted ? { id: v.id, opId: v.opId, deleted: true } : { id: v.id, opId: v.opId };
}
