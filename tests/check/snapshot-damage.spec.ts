// snapshot-damage (src/check/snapshot-damage.ts): an accepted damaged snapshot must restore what the
// intact one restores; a refusal is fine. Hand-made traces for the judgement, then the broken engines
// it catches and the correct runs it passes, with the fault drawn at every restart.
import { describe, expect, it } from 'vitest';
import { snapshotDamage } from '../../src/check/snapshot-damage.ts';
import type { TraceVersion } from '../../src/trace/events.ts';
import lax from '../fixtures/broken-reconcilers/restore-defaults-missing.ts';
import adopts from '../fixtures/broken-reconcilers/restore-adopts-foreign.ts';
import { cleanRuns, firstCaught, HARSH, stamp, trace, version } from './_internals/build.ts';

const v1 = version('a/r1', 'a/o1', stamp(10, 'a'));
const v2 = version('a/r2', 'a/o2', stamp(20, 'a'));
const check = (...events: Parameters<typeof trace>) => snapshotDamage.check({ trace: trace(...events), serverState: {}, stampMode: 'hlc' });
const damaged = (accepted: boolean, versions: TraceVersion[] = [v1, v2], pendingOps = 1, reason = 'no outbox') =>
  ({ t: 5, kind: 'snapshot-damage' as const, device: 'a', damage: 'missing', path: 'outbox', accepted, ...(accepted ? { intact: { versions, pendingOps } } : { error: `threw Error: ${reason}`, reason }) });
const restart = (versions: TraceVersion[], pendingOps = 1, device = 'a') => ({ t: 5, kind: 'restart' as const, device, versions, pendingOps });
const ON = { ...HARSH, crashesPerHour: 360, userStorageDamagePercent: 100 };

describe('snapshot-damage', () => {
  it('passes a refusal, and an accepted damage that restores the same versions and pending ops', () => {
    expect(check(damaged(false), restart([v1]))).toEqual([]);
    expect(check(damaged(true), restart([v2, v1]))).toEqual([]);
  });
  it('flags an accepted damage that lost a record, changed one, or held one the intact snapshot does not', () => {
    expect(check(damaged(true), restart([v1]))[0]).toMatchObject({ eventIndex: 2, devices: ['a'], records: ['a/r2'] });
    expect(check(damaged(true), restart([v1]))[0]!.message).toMatch(/accepted a damaged snapshot \(missing at outbox\) and restarted with no version of a\/r2; the intact snapshot restores version a\/o2/);
    const edited = { ...v2, fields: { notes: 'other' } };
    expect(check(damaged(true), restart([v1, edited]))[0]!.message).toMatch(/field notes is "other"/);
    expect(check(damaged(true, [v1]), restart([v1, v2]))[0]!.records).toEqual(['a/r2']);
  });
  it('flags a refusal that does not say why', () => {
    expect(check(damaged(false, [], 0, ' '), restart([v1]))[0]!.message).toMatch(/refused a damaged snapshot \(missing at outbox\) without saying why/);
  });
  it('flags an accepted damage that changed the pending count', () => {
    expect(check(damaged(true), restart([v1, v2], 0))[0]!.message).toMatch(/restarted with 0 pending op\(s\); the intact snapshot restores 1/);
  });
  it('judges only the next restart of the same device', () => {
    expect(check(damaged(true), restart([], 0, 'b'), restart([v1, v2]))).toEqual([]);
    expect(check(damaged(true), restart([v1, v2]), restart([], 0))).toEqual([]);
  });
  it('catches a restore that reads missing or ill-typed fields as empty', () => {
    expect(firstCaught('snapshot-damage', lax, ON)).toBeDefined();
  });
  it("catches a restore that adopts another device's snapshot", () => {
    expect(firstCaught('snapshot-damage', adopts, ON)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('snapshot-damage', ON)).toEqual([]);
  });
});
