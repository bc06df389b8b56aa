/**
 * input-refusal: what the app hands the engine is honoured exactly or refused out loud. Read from the
 * trace's `input-probe` events alone (userInputProbesPerHour; runs without probes have none, and the
 * checker has nothing to judge):
 * - bad input (every probe but `all-types`: fields that are not an object, a value that is not a
 *   string, finite number, boolean, null or list of strings, an edit or delete of a record that does
 *   not exist) is refused: the call throws, with a message that is not empty, and changes nothing (no
 *   record's version, not the pending count);
 * - good input (`all-types`: a value of every allowed type) is stored as written: the version the
 *   call returned and the record read back after the app changed the object it passed (and tried to
 *   change the version it got back) carry exactly the fields written, no more, no fewer, no other.
 * Values are compared as JSON with keys in order, here, with no code of the engine's.
 */
import { defineChecker } from './_internals/facts.ts';

const sameFields = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

export const inputRefusal = defineChecker({
  id: 'input-refusal',
  title: 'Bad input refused, good input kept as written',
  property: 'input outside the record contract is refused with a reason and changes nothing; a write of every allowed field type is stored exactly as written',
  check({ trace }, found) {
    for (const e of trace) {
      if (found.full) break;
      if (e.kind !== 'input-probe') continue;
      const where = `device ${e.device}: input probe ${e.probe}, ${e.input}`;
      if (e.probe === 'all-types') {
        if (!e.ok) continue; // a refused good write is a blocked user: its failed local-write is non-blocking's finding
        if (!sameFields(e.returned, e.asked)) {
          found.add(`${where}: the engine returned fields ${canonical(e.returned)}; expected exactly the fields written`, e, [e.device], []);
        } else if (!sameFields(e.readBack, e.asked)) {
          found.add(`${where}: after the app changed the object it passed and the version it got back, the device reads ${canonical(e.readBack)}; expected the fields written, unchanged`, e, [e.device], []);
        }
        continue;
      }
      if (e.ok) {
        found.add(`${where}: the engine accepted it; expected a refusal (the call throws, saying why) for input outside the record contract`, e, [e.device], []);
        continue;
      }
      if ((e.reason ?? '').trim() === '') found.add(`${where}: the engine refused it without saying why (${e.error ?? 'no error text'}); expected a message naming the problem`, e, [e.device], []);
      const changed = e.changed ?? [];
      if (changed.length > 0) found.add(`${where}: refused, but the call changed record(s) ${changed.join(', ')}; expected a refusal to change nothing`, e, [e.device], changed);
      else if (e.pending && e.pending.before !== e.pending.after) {
        found.add(`${where}: refused, but the pending count went from ${e.pending.before} to ${e.pending.after}; expected a refusal to change nothing`, e, [e.device], []);
      }
    }
    return found.list;
  },
});
