/**
 * journal-read: reading the whole local journal (the matrix row "Read local journal", the engine's
 * `list()`) shows exactly the records the device shows one by one, in every connectivity mode. For
 * each `local-list` event:
 * - the journal holds no deleted record, and lists each record once, in ascending id order (the
 *   port's contract: "visible (non-deleted) records, sorted by id");
 * - it names the same version of each record as the engine's own `versions()` in the same instant
 *   (`held`), and no record `versions()` does not show: a journal that hides records not yet synced,
 *   or shows a version the replica no longer holds, is caught here;
 * - every record the trace says the device shows (its last committed write, read, merge or restart
 *   of that record) is listed: presence only, as the trace cannot see every way an engine may move a
 *   record to a newer version, but a shown record only leaves by a delete, which the trace records.
 * Judged wherever the trace logs `local-list` events (the simulator's `read-journal` action; a trace
 * without them is "not judged").
 */
import type { JournalEntry } from '../trace/journal-read-event.ts';
import type { TraceEvent } from '../trace/events.ts';
import { defineChecker } from './_internals/facts.ts';

export const journalRead = defineChecker({
  id: 'journal-read',
  title: 'The local journal lists what the device shows',
  property: 'a read of the whole journal lists each visible record once, sorted by id, with the version the device holds, and every record it shows',
  check({ trace }, found) {
    /** Per device: record id -> shown (true) or not (false), from the trace's own events. */
    const shown = new Map<string, Map<string, boolean>>();
    const of = (device: string): Map<string, boolean> => shown.get(device) ?? shown.set(device, new Map()).get(device)!;
    for (const e of trace) {
      if (found.full) break;
      if (e.kind !== 'local-list') {
        track(of, e);
        continue;
      }
      const involved = new Set<string>();
      const problems = [...ownProblems(e.listed, involved), ...againstHeld(e.listed, e.held, involved)];
      // Left out of both the journal and versions(): a record the device shows, gone without a delete.
      const seen = new Set([...e.listed, ...e.held].map((l) => l.id));
      const hidden = [...of(e.device)].filter(([id, visible]) => visible && !seen.has(id)).map(([id]) => id);
      for (const id of hidden) involved.add(id);
      if (hidden.length > 0) problems.push(`leaves out ${names(hidden)}, which the device shows (its last write, read, merge or restart of ${hidden.length === 1 ? 'it' : 'them'} in the trace) and its versions() does not hold either`);
      if (problems.length > 0) {
        found.add(`device ${e.device} read its journal (${e.listed.length} entries): it ${problems.join('; it ')}`, e, [e.device], [...involved].slice(0, 8));
      }
    }
    return found.list;
  },
});

/** What the events before a journal read say the device shows, record by record. */
function track(of: (device: string) => Map<string, boolean>, e: TraceEvent): void {
  switch (e.kind) {
    case 'local-write':
      if (e.ok && e.version) of(e.device).set(e.recordId, !e.version.deleted);
      return;
    case 'local-read':
      if (e.ok) of(e.device).set(e.recordId, e.version !== null && !e.version.deleted);
      return;
    case 'merge':
      of(e.device).set(e.recordId, e.version !== null && !e.version.deleted);
      return;
    case 'restart': {
      const device = of(e.device);
      device.clear();
      for (const v of e.versions) device.set(v.id, !v.deleted);
      return;
    }
  }
}

/** The journal's own form: no tombstone, each id once, ascending. */
function ownProblems(listed: readonly JournalEntry[], involved: Set<string>): string[] {
  const out: string[] = [];
  const tombstones = listed.filter((l) => l.deleted === true).map((l) => l.id);
  for (const id of tombstones) involved.add(id);
  if (tombstones.length > 0) out.push(`lists deleted ${names(tombstones)}`);
  for (let n = 1; n < listed.length; n++) {
    const [before, after] = [listed[n - 1]!.id, listed[n]!.id];
    if (before >= after) involved.add(after);
    if (before === after) {
      out.push(`lists ${JSON.stringify(after)} twice`);
      break;
    }
    if (before > after) {
      out.push(`is not sorted by id (${JSON.stringify(before)} before ${JSON.stringify(after)})`);
      break;
    }
  }
  return out;
}

/** The journal against the replica's visible versions of the same instant. */
function againstHeld(listed: readonly JournalEntry[], held: readonly JournalEntry[], involved: Set<string>): string[] {
  const out: string[] = [];
  const listedOp = new Map(listed.filter((l) => l.deleted !== true).map((l) => [l.id, l.opId]));
  const heldOp = new Map(held.map((h) => [h.id, h.opId]));
  const missing = held.filter((h) => !listedOp.has(h.id)).map((h) => h.id);
  const extra = [...listedOp.keys()].filter((id) => !heldOp.has(id));
  const changed = [...listedOp].filter(([id, op]) => heldOp.has(id) && heldOp.get(id) !== op).map(([id]) => id);
  for (const id of [...missing, ...extra, ...changed]) involved.add(id);
  const other = changed.map((id) => `${JSON.stringify(id)} as op ${listedOp.get(id)} where versions() holds ${heldOp.get(id)}`);
  if (missing.length > 0) out.push(`leaves out ${names(missing)}, visible in the engine's versions() of the same instant`);
  if (extra.length > 0) out.push(`lists ${names(extra)}, which the engine's versions() of the same instant does not show`);
  if (other.length > 0) out.push(`names another version: ${other.slice(0, 3).join(', ')}${other.length > 3 ? `, and ${other.length - 3} more` : ''}`);
  return out;
}

function names(ids: readonly string[]): string {
  const shown = ids.slice(0, 4).map((id) => JSON.stringify(id)).join(', ');
  return `${ids.length === 1 ? 'record' : 'records'} ${shown}${ids.length > 4 ? ` and ${ids.length - 4} more` : ''}`;
}
