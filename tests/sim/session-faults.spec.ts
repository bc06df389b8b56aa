// One-session token faults: a `token-expire` with `scope: 'session'` ends only the session of the token
// the device was last given (the seam's optional expireToken), a `token-renew` with `rotate` ends it as
// it gives the new one, and the swarm draws both (sessionRevokePercent, relativeRenewalsPerHour) from
// streams of their own: at 0 nothing is drawn and no trace changes.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { simulate } from '../../src/sim/run.ts';
import { generateSchedule } from '../../src/sim/workload.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import { ledgerModule } from '../fixtures/own-protocol/ledger.ts';

const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
const s = loadScenario('simulations/reviewer/essential-online.yaml');
const withEvents = (...events: object[]) => ({ ...s.schedule, events: [...s.schedule.events.filter((e) => e.action !== 'token-expire' && e.action !== 'token-renew'), ...events].sort((x, y) => (x as { atMs: number }).atMs - (y as { atMs: number }).atMs) }) as typeof s.schedule;

describe('one-session token faults', () => {
  it('a one-session revoke is in the trace with its scope; the device re-authenticates and every checker holds', () => {
    const run = runChecked({ options: s.options, schedule: withEvents({ atMs: 1500, device: 'a', action: 'token-expire', scope: 'session' }, { atMs: 9000, device: 'a', action: 'token-renew' }) });
    expect(of(run.trace, 'token').slice(0, 2)).toEqual([expect.objectContaining({ device: 'a', state: 'expired', scope: 'session' }), expect.objectContaining({ device: 'a', state: 'renewed' })]);
    expect(of(run.trace, 'server-apply').some((e) => e.device === 'a' && e.error === 'token-expired')).toBe(true);
    expect(run.violations).toEqual([]);
  });

  it('a rotation placed while the next request is in flight: the old token refused after the renewal, the device goes on syncing', () => {
    const run = runChecked({ options: s.options, schedule: withEvents({ atMs: 1000, device: 'a', action: 'on', when: 'request-in-flight', then: { device: 'a', action: 'token-renew', rotate: true } }) });
    const fired = of(run.trace, 'targeted').find((e) => e.state === 'fired');
    expect(fired?.detail).toMatch(/^on request-in-flight: token-renew on a/);
    const tokens = of(run.trace, 'token');
    expect(tokens.slice(0, 2).map((e) => [e.state, e.scope])).toEqual([['expired', 'session'], ['renewed', undefined]]);
    const refused = of(run.trace, 'server-apply').find((e) => e.requestId === fired!.requestId);
    expect(refused).toMatchObject({ error: 'token-expired' });
    expect(run.violations).toEqual([]);
  });

  it('a sign-out placed as the next request reaches the server comes first, in the same instant: that request is refused', () => {
    const run = runChecked({ options: s.options, schedule: withEvents({ atMs: 1000, device: 'a', action: 'on', when: 'request-at-server', then: { device: 'a', action: 'token-expire' } }) });
    const fired = of(run.trace, 'targeted').find((e) => e.state === 'fired');
    expect(fired?.detail).toMatch(/^on request-at-server: token-expire on a/);
    const signOut = of(run.trace, 'token')[0]!;
    const apply = of(run.trace, 'server-apply').find((e) => e.requestId === fired!.requestId)!;
    expect(signOut).toMatchObject({ state: 'expired' });
    expect(apply).toMatchObject({ error: 'token-expired' });
    expect(apply.t).toBe(signOut.t);
    expect(apply.i).toBeGreaterThan(signOut.i);
    expect(of(run.trace, 'msg-deliver').filter((e) => e.to === 'server' && run.trace.some((m) => m.kind === 'msg-send' && m.msgId === e.msgId && m.requestId === fired!.requestId))).toHaveLength(1);
    expect(run.violations).toEqual([]);
  });

  it('a server without expireToken gets a skip, never a sign-out in its place', () => {
    const run = runChecked({ options: s.options, schedule: withEvents({ atMs: 1500, device: 'a', action: 'token-expire', scope: 'session' }), reconciler: ledgerModule() as unknown as ReconcilerModule });
    expect(of(run.trace, 'schedule-skip').find((e) => e.action === 'token-expire')).toMatchObject({ code: 'unsupported-by-server', reason: expect.stringMatching(/expireToken/) });
    expect(of(run.trace, 'token').filter((e) => e.state === 'expired')).toEqual([]);
  });

  it('at 0 the knobs draw nothing: the schedule and trace are those of a run without them', () => {
    const base = resolveSimOptions({ seed: 7, tokenExpiriesPerHour: 720, relativeFaultsPerHour: 360 }, 'test');
    const on = resolveSimOptions({ seed: 7, tokenExpiriesPerHour: 720, relativeFaultsPerHour: 360, sessionRevokePercent: 100, relativeRenewalsPerHour: 720, relativeSignOutsPerHour: 720 }, 'test');
    const plain = generateSchedule(base);
    const drawn = generateSchedule(on);
    expect(drawn.events.filter((e) => e.action === 'token-expire').map((e) => e.atMs)).toEqual(plain.events.filter((e) => e.action === 'token-expire').map((e) => e.atMs));
    expect(drawn.events.some((e) => e.action === 'token-expire' && e.scope === 'session')).toBe(true);
    expect(drawn.events.some((e) => e.action === 'on' && e.when === 'request-in-flight')).toBe(true);
    expect(drawn.events.some((e) => e.action === 'on' && e.when === 'request-at-server')).toBe(true);
    expect(simulate({ options: resolveSimOptions({ ...base, sessionRevokePercent: 0, relativeRenewalsPerHour: 0, relativeSignOutsPerHour: 0 }, 'test') }).traceHash).toBe(simulate({ options: base }).traceHash);
  });
});
