// The server seam in the simulator: an engine's own server and protocol cross the simulated network as
// opaque messages with the same faults; the built-in server is the same path (its hashes are pinned in
// trace-hash-pins.spec.ts); what cannot apply to a foreign protocol is refused or recorded, never dropped.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { checkRun, notJudgedBy } from '../../src/check/index.ts';
import type { ReconcilerModule } from '../../src/reconciler/types.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { unsupportedSyncPolicy, withoutServerFaults } from '../../src/sim/engine-fit.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import { ledgerModule } from '../fixtures/own-protocol/ledger.ts';

const ledger = ledgerModule() as unknown as ReconcilerModule;
const appliesTwice = ledgerModule({ applyTwice: true }) as unknown as ReconcilerModule;
const plaintext = ledgerModule({ plaintext: true }) as unknown as ReconcilerModule;
/** The ledger engine whose protocol declares no kinds: kind-filtered faults cannot be aimed. */
const { kindOf: _kindOf, ...kindless } = ledgerModule().server!;
const ledgerNoKinds = { ...ledgerModule(), name: 'ledger-no-kinds', server: kindless } as unknown as ReconcilerModule;

const scenario = (name: string) => loadScenario(`simulations/reviewer/${name}.yaml`);
const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);

describe('an engine with its own server and protocol', () => {
  it('sends its own messages to its own server, and the trace records them whole, with the protocol named', () => {
    const run = runChecked({ options: resolveSimOptions({ seed: 3, devices: 3 }, 'test'), reconciler: ledger });
    const start = run.trace[0] as Extract<TraceEvent, { kind: 'run-start' }>;
    expect(start.protocol).toMatchObject({ name: 'ledger', kinds: true, storedVersions: true });
    const sends = of(run.trace, 'msg-send').filter((e) => e.from !== 'server');
    expect(sends.length).toBeGreaterThan(10);
    for (const e of sends) {
      expect(e.payload).toHaveProperty('rid', e.requestId);
      expect(e.payload).not.toHaveProperty('type'); // nothing of sync-lab's wire format
      expect(['push', 'pull', 'backup', 'admin']).toContain(e.type);
    }
    expect(of(run.trace, 'server-apply').some((e) => e.type === 'push' && e.appended.length > 0)).toBe(true);
    expect(run.serverState).toHaveProperty('history');
    expect(run.violations).toEqual([]);
    expect(run.converged).toBe(true);
  });

  it('passes every judged checker over many faulty seeds, and says which checkers it cannot be judged by', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const run = runChecked({ options: resolveSimOptions({ seed, devices: 3, lossPercent: 10, duplicatePercent: 5, crashesPerHour: 60 }, 'test'), reconciler: ledger });
      expect(run.violations, `seed ${seed}`).toEqual([]);
      expect(notJudgedBy(run.trace).map((n) => n.checker).sort()).toEqual(['account-deletion', 'backoff-reset', 'cloud-backups', 'damaged-requests', 'redownload', 'remote-actions', 'retry-growth', 'retry-pacing', 'server-tokens', 'sync-state-disclosure']);
    }
  });

  it('a dropped acknowledgement: the correct server deduplicates the retried save, the broken one applies it twice', () => {
    const s = scenario('targeted-dropped-ack');
    const good = runChecked({ options: s.options, schedule: s.schedule, reconciler: ledger });
    expect(good.violations).toEqual([]);
    expect(of(good.trace, 'targeted').find((e) => e.state === 'fired')).toMatchObject({ action: 'drop-next', device: 'a' });
    expect(of(good.trace, 'server-apply').some((e) => e.deduplicated.length > 0)).toBe(true);
    const bad = runChecked({ options: s.options, schedule: s.schedule, reconciler: appliesTwice });
    expect(bad.violations.map((v) => v.checker)).toContain('no-duplicates');
    // The built-in server deduplicates by op id whatever the engine does: the same schedule is clean there.
    expect(runChecked({ options: s.options, schedule: s.schedule }).violations).toEqual([]);
  });

  it('content in clear is found in its messages and in its server state (E3), whatever the protocol', () => {
    const run = runChecked({ options: resolveSimOptions({ seed: 1, devices: 2 }, 'test'), reconciler: plaintext });
    const e3 = run.violations.filter((v) => v.checker === 'exposure-content').map((v) => v.message);
    expect(e3.some((m) => /^device \w+ sent a push request containing record content in clear/.test(m))).toBe(true);
    // The server's state alone (the messages left out, so the checker's cap on findings cannot hide it).
    const stateOnly = checkRun({ trace: run.trace.filter((e) => e.kind !== 'msg-send'), serverState: run.serverState, stampMode: 'hlc' }, ['exposure-content']);
    expect(stateOnly.map((v) => v.message)).toEqual([expect.stringMatching(/^the server stores record content in clear/)]);
    expect(checkRun({ trace: run.trace.filter((e) => e.kind !== 'msg-send'), serverState: {}, stampMode: 'hlc' }, ['exposure-content'])).toEqual([]);
  });

  it('a fault aimed at a kind its protocol cannot name is recorded unsupported, never silently not fired', () => {
    const s = scenario('targeted-dropped-ack');
    const run = runChecked({ options: s.options, schedule: s.schedule, reconciler: ledgerNoKinds });
    const aimed = of(run.trace, 'targeted').filter((e) => e.action === 'drop-next');
    expect(aimed.map((e) => e.state)).toEqual(['unsupported']);
    expect(aimed[0]!.detail).toMatch(/declares no kindOf/);
    expect(of(run.trace, 'msg-send').filter((e) => e.from !== 'server').every((e) => e.type === 'message')).toBe(true);
    expect((run.trace[0] as Extract<TraceEvent, { kind: 'run-start' }>).protocol?.kinds).toBe(false);
  });

  it('a crash armed for a push or pull moment on a protocol without kinds is a skip at arm time, not a crash that never struck', () => {
    const s = scenario('crash-mid-sync-offline-edits');
    const run = runChecked({ options: s.options, schedule: s.schedule, reconciler: ledgerNoKinds });
    const crashSkips = of(run.trace, 'schedule-skip').filter((e) => e.action === 'crash');
    expect(crashSkips).toEqual([expect.objectContaining({ device: 'a', atMs: 6000, code: 'unsupported-by-server' })]);
    expect(crashSkips[0]!.reason).toMatch(/own protocol ledger declares no kindOf, so a push cannot be told apart/);
    expect(of(run.trace, 'crash')).toEqual([]);
    // With kinds the same crash is armed and strikes after the push leaves.
    const kinded = runChecked({ options: s.options, schedule: s.schedule, reconciler: ledger });
    expect(of(kinded.trace, 'crash')).toEqual([expect.objectContaining({ device: 'a', point: 'after-push-sent' })]);
    expect(of(kinded.trace, 'schedule-skip').filter((e) => e.action === 'crash')).toEqual([]);
  });

  it('wire-format triggers (after an ack) are unsupported for a foreign protocol', () => {
    const s = scenario('targeted-dropped-ack');
    const schedule = { ...s.schedule, events: [...s.schedule.events, { atMs: 1000, device: 'a', action: 'on' as const, when: 'after-ack' as const, then: { device: 'b', action: 'crash' as const, point: 'now' as const } }].sort((x, y) => x.atMs - y.atMs) };
    const run = runChecked({ options: s.options, schedule: schedule as typeof s.schedule, reconciler: ledger });
    expect(of(run.trace, 'targeted').find((e) => e.action === 'on')).toMatchObject({ state: 'unsupported' });
  });

  it('a token expiry on a server without sessions is a skip naming the server', () => {
    const sessionless = {
      ...ledgerModule(),
      name: 'ledger-no-sessions',
      server: { ...ledgerModule().server!, create: (o: Parameters<NonNullable<ReconcilerModule['server']>['create']>[0]) => {
        const made = ledgerModule().server!.create(o);
        return { handle: made.handle.bind(made), state: made.state.bind(made), storedVersions: made.storedVersions!.bind(made) };
      } },
    } as unknown as ReconcilerModule;
    const s = scenario('essential-online');
    const run = runChecked({ options: s.options, schedule: s.schedule, reconciler: sessionless });
    expect(of(run.trace, 'schedule-skip').find((e) => e.action === 'token-expire')).toMatchObject({ code: 'unsupported-by-server' });
  });

  it("a session call its own server throws from is the engine's fault (an engine-error naming the call), not the lab's", () => {
    /** The ledger with one session method replaced by one that throws. */
    const throwing = (method: 'issueToken' | 'expireTokensOf', afterCalls: number) =>
      ({
        ...ledgerModule(),
        name: `ledger-${method}-throws`,
        server: { ...ledgerModule().server!, create: (o: Parameters<NonNullable<ReconcilerModule['server']>['create']>[0]) => {
          const made = ledgerModule().server!.create(o) as unknown as Record<string, (...args: unknown[]) => unknown>;
          let calls = 0;
          const original = made[method]!.bind(made);
          made[method] = (...args: unknown[]) => {
            if (++calls > afterCalls) throw new Error(`ledger: ${method} is down`);
            return original(...args);
          };
          return made;
        } },
      }) as unknown as ReconcilerModule;
    const s = scenario('essential-online');
    // Every device gets its boot token; the next issue (a renewal) throws.
    const devices = s.schedule.devices.length;
    for (const [method, afterCalls] of [['issueToken', devices], ['expireTokensOf', 0]] as const) {
      const run = runChecked({ options: s.options, schedule: s.schedule, reconciler: throwing(method, afterCalls) });
      const errors = of(run.trace, 'engine-error');
      expect(errors, method).toHaveLength(1);
      expect(errors[0]).toMatchObject({ call: `server.${method}`, message: `threw Error: ledger: ${method} is down` });
      expect(run.violations.map((v) => v.checker), method).toContain('engine-error');
    }
  });

  it('a server whose final state() gives nothing or throws is an engine-error (server.state), not a silently thinner verdict', () => {
    const withState = (name: string, state: () => unknown) =>
      ({
        ...ledgerModule(),
        name,
        server: { ...ledgerModule().server!, create: (o: Parameters<NonNullable<ReconcilerModule['server']>['create']>[0]) => Object.assign(ledgerModule().server!.create(o), { state }) },
      }) as unknown as ReconcilerModule;
    const s = scenario('essential-online');
    const cases = [
      [withState('ledger-state-undefined', () => undefined), 'returned undefined; expected a JSON value (the final server state the checkers read)'],
      [withState('ledger-state-throws', () => { throw new Error('ledger: no state'); }), 'threw Error: ledger: no state'],
    ] as const;
    for (const [engine, message] of cases) {
      const run = runChecked({ options: s.options, schedule: s.schedule, reconciler: engine });
      expect(of(run.trace, 'engine-error'), engine.name).toEqual([expect.objectContaining({ device: 'server', call: 'server.state', message })]);
      // Recorded just before run-end, so the trace still ends with it.
      expect(run.trace.at(-1)?.kind).toBe('run-end');
      expect(run.violations.map((v) => v.checker), engine.name).toContain('engine-error');
    }
    // A server with a state (the ledger's own, the built-in one's) is no finding.
    for (const engine of [{ reconciler: ledger }, {}]) expect(of(runChecked({ options: s.options, schedule: s.schedule, ...engine }).trace, 'engine-error')).toEqual([]);
  });

  it('server faults only the built-in server can take are refused at the edge, and not drawn by swarms', () => {
    const options = resolveSimOptions({ seed: 1, partialApplyPercent: 20, slowAckPercent: 10 }, 'test');
    expect(unsupportedSyncPolicy(options, ledger)).toMatch(/^field "partialApplyPercent": engine ledger brings its own server/);
    expect(unsupportedSyncPolicy({ ...options, partialApplyPercent: 0 }, ledger)).toBeNull(); // slow acks: its kindOf names pushes
    expect(unsupportedSyncPolicy({ ...options, partialApplyPercent: 0 }, ledgerNoKinds)).toMatch(/^field "slowAckPercent"/);
    expect(unsupportedSyncPolicy(options, { name: 'default' })).toBeNull();
    expect(withoutServerFaults(options, ledgerNoKinds)).toMatchObject({ partialApplyPercent: 0, slowAckPercent: 0 });
    const quota = resolveSimOptions({ seed: 1, backupQuotaRefusalPercent: 10 }, 'test');
    expect(unsupportedSyncPolicy(quota, ledger)).toMatch(/^field "backupQuotaRefusalPercent": engine ledger brings its own server .* expected 0/);
    expect(withoutServerFaults(quota, ledger)).toMatchObject({ backupQuotaRefusalPercent: 0 });
    // A busy refusal, like a partial push, is injected inside the built-in server: refused for any own server, never drawn for one.
    const busy = resolveSimOptions({ seed: 1, serverBusyPercent: 10 }, 'test');
    expect(unsupportedSyncPolicy(busy, ledger)).toMatch(/^field "serverBusyPercent": engine ledger brings its own server \(.*\); expected 0 \(a busy refusal is injected inside the built-in server's request handling\)/);
    expect(unsupportedSyncPolicy(busy, { name: 'default' })).toBeNull();
    expect(withoutServerFaults(busy, ledger)).toMatchObject({ serverBusyPercent: 0 });
    expect(withoutServerFaults(options, { name: 'default' })).toBe(options);
  });
});
