import { describe, expect, it } from 'vitest';
import { checkDisclosure, DisclosureJudge, syncStateDisclosure } from '../../../src/check/parity/disclosure.ts';
import type { TraceEvent } from '../../../src/trace/events.ts';
import { PARITY_MATRIX, findCell } from '../../../src/spec/matrix.ts';
import { cellScenario } from '../../../src/lab/parity/cell-scenarios.ts';
import { runChecked } from '../../../src/lab/run-checked.ts';
import { drawOptions, loadProfile } from '../../../src/explore/profile.ts';
import { loadScenarioDir } from '../../../src/explore/scenario-file.ts';
import type { ReconcilerModule, SyncStatus } from '../../../src/reconciler/types.ts';
import { brokenModule, Delegating } from '../../fixtures/broken-reconcilers/_delegate.ts';
import lyingStatus from '../../fixtures/parity-broken/lying-status.ts';

const REVIEWER_DIR = new URL('../../../simulations/reviewer/', import.meta.url).pathname;

function cellTrace(id: string, reconciler?: ReconcilerModule) {
  const cell = findCell(id)!;
  const scenario = cellScenario(cell, PARITY_MATRIX.indexOf(cell));
  return runChecked({ options: scenario.options, schedule: scenario.schedule, ...(reconciler ? { reconciler } : {}) }).trace;
}

/** A status() that alters one field of the real one. */
function liar(name: string, alter: (real: SyncStatus) => SyncStatus): ReconcilerModule {
  return brokenModule(
    name,
    class extends Delegating {
      override status(): SyncStatus {
        return alter(super.status());
      }
    },
  );
}

describe('sync-state disclosure (NORM-021)', () => {
  it('passes the real reconciler on every cell and reviewer scenario', () => {
    for (const cell of PARITY_MATRIX) expect(checkDisclosure({ trace: cellTrace(`${cell.capability}/${cell.mode}`) }), `${cell.capability}/${cell.mode}`).toEqual([]);
    for (const scenario of loadScenarioDir(REVIEWER_DIR)) {
      const trace = runChecked({ options: scenario.options, schedule: scenario.schedule }).trace;
      expect(checkDisclosure({ trace }), scenario.name).toEqual([]);
    }
  });

  it('passes the real reconciler under random faults (crashes, loss, token expiry, clock jumps and drift)', () => {
    for (const profileName of ['default', 'all']) {
      const profile = loadProfile(profileName);
      for (let seed = 1; seed <= 15; seed++) {
        const trace = runChecked({ options: drawOptions(profile, seed) }).trace;
        expect(checkDisclosure({ trace }), `${profileName} seed ${seed}`).toEqual([]);
      }
    }
  });

  it('catches a device that claims to be online and fully synced while offline', () => {
    const found = checkDisclosure({ trace: cellTrace('edit/offline', lyingStatus) });
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ checker: 'sync-state-disclosure', devices: ['a'] });
    expect(found.map((v) => v.message).join('\n')).toMatch(/discloses connectivity "online", but the mode in force is offline/);
  });

  it('catches a pending count that hides unsent writes', () => {
    const found = checkDisclosure({ trace: cellTrace('edit/offline', liar('zero-pending', (s) => ({ ...s, pendingOps: 0 }))) });
    expect(found.map((v) => v.message).join('\n')).toMatch(/discloses 0 pending op\(s\), but 1 saved op\(s\) are not on the server yet/);
  });

  it('catches a pending count that overstates what is waiting', () => {
    const found = checkDisclosure({ trace: cellTrace('create/online', liar('plus-one', (s) => ({ ...s, pendingOps: s.pendingOps + 1 }))) });
    expect(found.map((v) => v.message).join('\n')).toMatch(/were never acknowledged/);
  });

  it('catches a last error that is never shown', () => {
    const found = checkDisclosure({ trace: cellTrace('edit/intermittent', liar('no-errors', (s) => ({ ...s, lastError: null }))) });
    expect(found.map((v) => v.message).join('\n')).toMatch(/discloses no error, but its last request failed/);
  });

  it('catches a disclosed error that does not say what went wrong: no known code, no message, no time', () => {
    const blank = liar('blank-errors', (s) => ({ ...s, lastError: s.lastError ? ({ ...s.lastError, code: '', message: '' } as unknown as SyncStatus['lastError']) : null }));
    const found = checkDisclosure({ trace: cellTrace('edit/intermittent', blank) }).map((v) => v.message).join('\n');
    expect(found).toMatch(/discloses lastError \{.*\}: expected code one of token-expired, account-deleted, bad-request, unavailable, transport; expected a message saying what went wrong/);
    const timeless = liar('timeless-errors', (s) => ({ ...s, lastError: s.lastError ? ({ code: s.lastError.code, message: s.lastError.message } as unknown as SyncStatus['lastError']) : null }));
    expect(checkDisclosure({ trace: cellTrace('edit/intermittent', timeless) }).map((v) => v.message).join('\n')).toMatch(/expected atMs, the device-clock ms it happened/);
    // The real engine's errors (transport failures, refusals, a stopped pull) pass: the cell has failures to disclose.
    const real = cellTrace('edit/intermittent');
    expect(real.some((e) => e.kind === 'status' && e.status['lastError'] !== null)).toBe(true);
    expect(checkDisclosure({ trace: real })).toEqual([]);
  });

  it('catches a last successful sync that is invented or stale', () => {
    const invented = checkDisclosure({ trace: cellTrace('read/online', liar('invented-sync', (s) => ({ ...s, lastSyncOkAtMs: s.lastSyncOkAtMs ?? 1_773_705_600_000 }))) });
    expect(invented.map((v) => v.message).join('\n')).toMatch(/no sync of this device has succeeded/);
    let first: number | null = null;
    const stale = checkDisclosure({
      trace: cellTrace('propagation/online', liar('stale-sync', (s) => {
        first ??= s.lastSyncOkAtMs;
        return { ...s, lastSyncOkAtMs: first };
      })),
    });
    expect(stale.map((v) => v.message).join('\n')).toMatch(/last successful sync at device time \d+, but the last one really succeeded at/);
  });

  it('has the checker shape the registry tables use', () => {
    expect(syncStateDisclosure.id).toBe('sync-state-disclosure');
    expect(syncStateDisclosure.check({ trace: cellTrace('create/online'), serverState: {}, stampMode: 'hlc' })).toEqual([]);
  });

  describe('DisclosureJudge (observe each event, then judge)', () => {
    const status = (i: number, t: number, connectivity: string) =>
      ({ i, t, kind: 'status', device: 'a', status: { connectivity, pendingOps: 0, lastSyncOkAtMs: null, lastError: null } }) as unknown as TraceEvent;
    const start = { i: 0, t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'x', options: {} } as unknown as TraceEvent;
    const offline = (i: number, t: number) => ({ i, t, kind: 'connectivity', device: 'a', mode: 'offline' }) as TraceEvent;

    it('checks a changed reality at the end of its instant: a status later in the same instant answers it', () => {
      const judge = new DisclosureJudge();
      for (const e of [start, status(1, 0, 'online'), offline(2, 5), status(3, 5, 'offline')]) judge.observe(e);
      expect(judge.judge()).toEqual([]);
    });

    it('closes the last instant only in judge(), at its last event', () => {
      const judge = new DisclosureJudge();
      for (const e of [start, status(1, 0, 'online'), offline(2, 5)]) judge.observe(e);
      const found = judge.judge();
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ eventIndex: 2, t: 5, devices: ['a'] });
      expect(found[0]!.message).toMatch(/discloses connectivity "online", but the mode in force is offline/);
    });

    it('gives the same verdicts event by event as checkDisclosure on a whole trace', () => {
      const trace = cellTrace('edit/offline', lyingStatus);
      const judge = new DisclosureJudge();
      for (const e of trace) judge.observe(e);
      expect(judge.judge()).toEqual(checkDisclosure({ trace }));
      expect(checkDisclosure({ trace }).length).toBeGreaterThan(0);
    });
  });
});
