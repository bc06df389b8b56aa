import { describe, expect, it } from 'vitest';
import { journalRead } from '../../src/check/journal-read.ts';
import type { JournalEntry } from '../../src/trace/journal-read-event.ts';
import hidesPending from '../fixtures/explore-broken/journal-hides-pending.ts';
import { cleanRuns, firstCaught, merge, stamp, trace, version, write } from './_internals/build.ts';

const list = (t: number, device: string, listed: JournalEntry[], held: JournalEntry[] = listed) => ({ t, kind: 'local-list' as const, device, listed, held });
const judge = (...events: Parameters<typeof trace>) => journalRead.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
const r1 = version('a/r1', 'a/o1', stamp(10, 'a'));
const r2 = version('a/r2', 'a/o2', stamp(20, 'a'));

describe('journal-read', () => {
  it('passes a journal that lists every shown record once, sorted, as versions() holds it', () => {
    expect(judge(...write(10_000, 'a', r2, 'create'), ...write(20_000, 'a', r1, 'create'), list(30_000, 'a', [{ id: 'a/r1', opId: 'a/o1' }, { id: 'a/r2', opId: 'a/o2' }]))).toEqual([]);
  });
  it('flags a journal that leaves out a record versions() shows', () => {
    const found = judge(...write(10_000, 'a', r1, 'create'), list(20_000, 'a', [], [{ id: 'a/r1', opId: 'a/o1' }]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ checker: 'journal-read', devices: ['a'], records: ['a/r1'] });
    expect(found[0]!.message).toContain('leaves out record "a/r1", visible in the engine\'s versions()');
  });
  it('flags tombstones, repeats, disorder and another version than versions() holds', () => {
    const tomb = judge(list(1, 'a', [{ id: 'a/r1', opId: 'a/o1', deleted: true }], []));
    expect(tomb[0]!.message).toContain('lists deleted record "a/r1"');
    const twice = judge(list(1, 'a', [{ id: 'a/r1', opId: 'a/o1' }, { id: 'a/r1', opId: 'a/o1' }], [{ id: 'a/r1', opId: 'a/o1' }]));
    expect(twice[0]!.message).toContain('lists "a/r1" twice');
    const unsorted = judge(list(1, 'a', [{ id: 'a/r2', opId: 'a/o2' }, { id: 'a/r1', opId: 'a/o1' }]));
    expect(unsorted[0]!.message).toContain('is not sorted by id ("a/r2" before "a/r1")');
    const other = judge(list(1, 'a', [{ id: 'a/r1', opId: 'a/o9' }], [{ id: 'a/r1', opId: 'a/o1' }]));
    expect(other[0]!.message).toContain('"a/r1" as op a/o9 where versions() holds a/o1');
    const extra = judge(list(1, 'a', [{ id: 'a/r1', opId: 'a/o1' }], []));
    expect(extra[0]!.message).toContain('which the engine\'s versions() of the same instant does not show');
  });
  it('flags a shown record that both the journal and versions() lost without a delete, and follows merges and restarts', () => {
    const lost = judge(...write(10_000, 'a', r1, 'create'), list(20_000, 'a', [], []));
    expect(lost[0]!.message).toContain('which the device shows');
    // A merged tombstone hides it; a restart without it forgets it; another device's writes are not this one's.
    const gone = version('a/r1', 'b/o3', stamp(15, 'b'), {}, true);
    expect(judge(...write(10_000, 'a', r1, 'create'), merge(15_000, 'a', 'b/o3', gone), list(20_000, 'a', [], []))).toEqual([]);
    expect(judge(...write(10_000, 'a', r1, 'create'), { t: 15_000, kind: 'restart', device: 'a', versions: [], pendingOps: 0 }, list(20_000, 'a', [], []))).toEqual([]);
    expect(judge(...write(10_000, 'b', r1, 'create'), list(20_000, 'a', [], []))).toEqual([]);
  });
  it('catches an engine whose journal shows only acknowledged records', () => {
    expect(firstCaught('journal-read', hidesPending, { journalReadPercent: 50 })).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('journal-read', { journalReadPercent: 50 })).toEqual([]);
  });
});
