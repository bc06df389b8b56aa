/**
 * Input probes (userInputProbesPerHour): the app hands the engine input a real app can produce by
 * mistake (a form that yields NaN, a nested object, fields that are not an object at all, an edit of
 * a record that is gone) or good input of every field type, and the trace records what the engine did
 * with it (`input-probe` events, judged by the input-refusal checker from the trace alone).
 *
 * Bad input must be refused (the call throws, with a message saying why) and must change nothing: the
 * engine's versions and pending count are read before and after the call. Good input (`all-types`)
 * is an ordinary create, recorded as a `local-write` like any other; then the app changes the object
 * it passed and tries to change the version it got back (an engine's versions may be frozen: the
 * attempt throws and is ignored), and reads the record again: what it stored must still be what was
 * written. Nothing here draws randomness: the schedule says which probe comes when.
 */
import type { Fields, RecordVersion } from '../core/record.ts';
import type { InputProbeEvent } from '../trace/input-probe-event.ts';
import { traceErrorText } from './engine-answers.ts';
import { settle } from './engine-call.ts';
import type { GuardedEngine, Step } from './engine-call.ts';
import type { DeviceHost, Skip } from './host.ts';
import { toTraceVersion } from './recorder.ts';
import type { InputProbe } from './schedule.ts';
import { deviceMs } from './sim-context.ts';
import type { SimContext } from './sim-context.ts';
import type { SimDevice } from './sim-device.ts';

/** A record id no engine issues: edits and deletes of it must be refused. */
export const UNKNOWN_RECORD_ID = 'sync-lab:no-such-record';

/** The bad inputs: what `create` (or `edit` of a shown record) is handed, and how the trace words it. */
const BAD_FIELDS: Record<Exclude<InputProbe, 'edit-unknown' | 'delete-unknown' | 'all-types'>, { fields: () => unknown; input: string }> = {
  'fields-null': { fields: () => null, input: 'create(null)' },
  'fields-list': { fields: () => ['entry'], input: 'create(["entry"])' },
  'fields-text': { fields: () => 'entry', input: 'create("entry")' },
  'value-nan': { fields: () => ({ notes: 'probe', painLevel: Number.NaN }), input: 'create({ notes: "probe", painLevel: NaN })' },
  'value-infinity': { fields: () => ({ notes: 'probe', painLevel: Number.POSITIVE_INFINITY }), input: 'create({ notes: "probe", painLevel: Infinity })' },
  'value-object': { fields: () => ({ notes: 'probe', where: { side: 'left' } }), input: 'create({ notes: "probe", where: { side: "left" } })' },
  'value-number-list': { fields: () => ({ notes: 'probe', locations: [1, 2] }), input: 'create({ notes: "probe", locations: [1, 2] })' },
  'value-bigint': { fields: () => ({ notes: 'probe', count: 10n }), input: 'create({ notes: "probe", count: 10n })' },
  'edit-bad-value': { fields: () => ({ painLevel: Number.NaN }), input: 'edit(<a record the device shows>, { painLevel: NaN })' },
};

/**
 * Good input with a value of every type the record contract allows, keys out of order. A fresh
 * object per probe: the app changes it after the call.
 */
export function allTypesFields(): Record<string, string | number | boolean | null | string[]> {
  return { notes: 'probe: every field type', painLevel: -2.5, done: true, followUp: false, doctor: null, locations: ['knee', 'hip'], medications: [], count: 0, date: '' };
}

const copy = (fields: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;

/**
 * Performs one probe on `device`; a skip when it cannot be made (the device is down, or shows no
 * record to edit). `refs`: the run's schedule refs; the good create is named there (`probe:<id>`),
 * like a schedule create, so reactions to it (editAfterPullPercent) can edit it.
 */
export function* inputProbe(ctx: SimContext, device: SimDevice, probe: InputProbe, refs: Map<string, string>, host: Pick<DeviceHost, 'pump'>): Step<Skip | undefined> {
  const r = device.reconciler;
  if (!r) return { code: 'device-not-running', reason: 'the device is crashed (not restarted yet): nobody can use it' };
  const wallMs = deviceMs(ctx, device);
  if (probe === 'all-types') return yield* goodInput(ctx, device, r, wallMs, refs, host);
  const shown = probe === 'edit-bad-value' ? (yield* settle(r.versions())).find((v) => !v.deleted) : undefined;
  if (probe === 'edit-bad-value' && shown === undefined) return { code: 'record-not-shown', reason: 'the device shows no record to edit with a bad value' };
  const before = yield* state(r);
  let ok = true;
  let refusal: Pick<InputProbeEvent, 'error' | 'reason'> = {};
  let input: string;
  let accepted: { version: RecordVersion; op: 'create' | 'edit' | 'delete'; base: string | null } | undefined;
  try {
    if (probe === 'edit-unknown') {
      input = `edit("${UNKNOWN_RECORD_ID}", { notes: "probe" })`;
      accepted = { version: yield* settle(r.edit(UNKNOWN_RECORD_ID, { notes: 'probe' }, wallMs)), op: 'edit', base: null };
    } else if (probe === 'delete-unknown') {
      input = `delete("${UNKNOWN_RECORD_ID}")`;
      accepted = { version: yield* settle(r.delete(UNKNOWN_RECORD_ID, wallMs)), op: 'delete', base: null };
    } else {
      const bad = BAD_FIELDS[probe];
      input = shown ? bad.input.replace('<a record the device shows>', `"${shown.id}"`) : bad.input;
      const fields = bad.fields() as Fields;
      accepted = shown ? { version: yield* settle(r.edit(shown.id, fields, wallMs)), op: 'edit', base: shown.opId } : { version: yield* settle(r.create(fields, wallMs)), op: 'create', base: null };
    }
  } catch (error) {
    ok = false;
    refusal = { error: traceErrorText(error), reason: error instanceof Error ? error.message : String(error) };
  }
  // Accepted, the user was told it is saved: an ordinary write for every other checker, and a record
  // users may act on like any other (a user edits it after a pull brings it: editAfterPullPercent).
  if (accepted) {
    refs.set(`probe:${accepted.version.id}`, accepted.version.id);
    yield* recordWrite(ctx, device, r, accepted.op, accepted.version, wallMs, accepted.base);
  }
  const after = yield* state(r);
  const changed = [...new Set([...before.versions.keys(), ...after.versions.keys()])].filter((id) => before.versions.get(id) !== after.versions.get(id)).sort();
  ctx.recorder.emit({ kind: 'input-probe', device: device.id, probe, input: input!, ok, ...refusal, changed, pending: { before: before.pending, after: after.pending } });
  yield* host.pump(device);
  return undefined;
}

/** Each record's version as one comparable string, and the pending count. */
function* state(r: GuardedEngine): Step<{ versions: Map<string, string>; pending: number }> {
  const versions = new Map((yield* settle<RecordVersion[]>(r.versions())).map((v) => [v.id, `${v.opId}/${v.deleted}`]));
  const { pendingOps } = yield* settle(r.status());
  return { versions, pending: pendingOps };
}

function* goodInput(ctx: SimContext, device: SimDevice, r: GuardedEngine, wallMs: number, refs: Map<string, string>, host: Pick<DeviceHost, 'pump'>): Step<Skip | undefined> {
  const { recorder } = ctx;
  const asked = allTypesFields();
  const written = copy(asked);
  const input = `create(${JSON.stringify(written)})`;
  let version: RecordVersion;
  try {
    version = yield* settle(r.create(asked, wallMs));
  } catch (error) {
    // Refusing good input blocks the user: the failed local-write says so (non-blocking judges it).
    recorder.emit({ kind: 'local-write', device: device.id, op: 'create', recordId: 'probe:all-types', ok: false, error: traceErrorText(error), wallMs });
    recorder.emit({ kind: 'input-probe', device: device.id, probe: 'all-types', input, ok: false, error: traceErrorText(error), reason: error instanceof Error ? error.message : String(error), asked: written });
    yield* host.pump(device);
    return undefined;
  }
  const returned = copy(version.fields);
  refs.set(`probe:${version.id}`, version.id);
  yield* recordWrite(ctx, device, r, 'create', version, wallMs, null);
  // The app reuses its form object, and pokes at what it got back.
  asked['notes'] = 'changed by the app after the call';
  (asked['locations'] as string[]).push('changed');
  tryTo(() => ((version.fields as Record<string, unknown>)['notes'] = 'changed through the returned version'));
  tryTo(() => ((version.fields as Record<string, unknown>)['locations'] as string[]).push('changed through the returned version'));
  const again = yield* settle(r.read(version.id));
  recorder.emit({ kind: 'input-probe', device: device.id, probe: 'all-types', input, ok: true, asked: written, returned, readBack: again ? copy(again.fields) : null });
  yield* host.pump(device);
  return undefined;
}

/** The write as the host records a user's (`local-write`, then the read-back of commit-immediate), with copies of the fields: the app may change the objects later. */
function* recordWrite(ctx: SimContext, device: SimDevice, r: GuardedEngine, op: 'create' | 'edit' | 'delete', version: RecordVersion, wallMs: number, base: string | null): Step<void> {
  ctx.lastChangeUs = ctx.nowUs;
  ctx.recorder.emit({ kind: 'local-write', device: device.id, op, recordId: version.id, ok: true, version: toTraceVersion({ ...version, fields: copy(version.fields) as Fields }), wallMs, base });
  const seen = yield* settle(r.read(version.id));
  ctx.recorder.emit({ kind: 'local-read', device: device.id, recordId: version.id, version: seen ? toTraceVersion({ ...seen, fields: copy(seen.fields) as Fields }) : null, ok: true });
}

/** A frozen version refuses the change by throwing (modules are strict): that is the engine protecting its state. */
function tryTo(change: () => unknown): void {
  try {
    change();
  } catch {
    // refused: nothing changed
  }
}
