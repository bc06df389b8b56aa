// @ts-nocheck
// The recorder kit outside the simulator: an app drives an engine and a server with plain function
// calls, the wrapper logs the traffic in the trace format, and `sync-lab check` judges the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import defaultReconciler from '../../src/reconciler/index.ts';
import { recordReconciler } from '../../src/api/record-reconciler.ts';
import type { SyncReconciler, SyncReconcilerModule } from '../../src/reconciler/types.ts';
import { SyncServer } from '../../src/server/sync-server.ts';
import { TraceKitError, TraceRecorderKit } from '../../src/trace/recorder-kit.ts';
import { checkTrace } from '../../src/cli/check.ts';
import lastArrivalWins from '../fixtures/broken-reconcilers/last-arrival-wins.ts';
import { cli } from '../cli/_internals/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-lab-recording-'));
const EPOCH = 1_773_705_600_000;
const ACCOUNT = 'acct-1';

/** One session of a tiny "app": two devices edit one entry concurrently, then sync in turn. */
function session(engine: SyncReconcilerModule, name: string): string {
  const kit = new TraceRecorderKit({ devices: ['a', 'b'], stampMode: 'hlc', engine: engine.name, logs: ['conflict', 'token', 'restart'] });
  const server = new SyncServer();
  let tUs = 0;
  const now = (): number => tUs;
  const ms = (): number => EPOCH + tUs / 1000;
  const key = new Uint8Array(32).fill(7);
  let nonce = 0;
  const device = (id: string): SyncReconciler =>
    recordReconciler(
      engine.create({ deviceId: id, accountId: ACCOUNT, stampMode: 'hlc', accountKey: key, nonces: (n) => new Uint8Array(n).fill(++nonce % 251), token: server.issueToken(ACCOUNT, id, ms()) }),
      kit,
      now,
    );
  const a = device('a');
  const b = device('b');
  a.setConnectivity('online', ms());
  b.setConnectivity('online', ms());
  const sync = (d: SyncReconciler): void => {
    for (let n = 0; n < 20; n++) {
      tUs += 1000;
      const request = d.poll(ms());
      if (request === undefined) return;
      const handled = server.handleDetailed(request, ms(), d.deviceId);
      kit.record(tUs, { kind: 'server-apply', requestId: request.requestId, device: d.deviceId, type: request.type, appended: handled.appended, deduplicated: handled.deduplicated });
      tUs += 1000;
      d.receive(handled.response, ms());
    }
  };
  const entry = a.create({ date: '2026-03-16', painLevel: 6, notes: 'Monday' }, ms());
  sync(a);
  tUs += 6_000_000; // past the pull interval
  sync(b);
  tUs += 1_000_000;
  b.edit(entry.id, { date: '2026-03-16', painLevel: 5, notes: 'b: earlier edit' }, ms());
  tUs += 1_000_000;
  a.edit(entry.id, { date: '2026-03-16', painLevel: 3, notes: 'a: later edit' }, ms());
  sync(b); // b pushes its (older) edit first
  sync(a); // a pushes its newer one, and pulls b's older one: a correct engine keeps its own
  tUs += 6_000_000;
  sync(b);
  tUs += 6_000_000;
  sync(a);
  // The stamps come back through the trace; a pulled version's stamp is in its merge event.
  const stampOf = (opId: string): string => {
    for (const e of kit.events) {
      if ((e.kind === 'local-write' && e.version?.opId === opId) || (e.kind === 'merge' && e.version?.opId === opId)) return e.version!.stamp;
    }
    throw new Error(`no stamp for ${opId}`);
  };
  const replica = (r: SyncReconciler) => r.versions().map((v) => ({ id: v.id, stamp: stampOf(v.opId), deleted: v.deleted, fields: v.fields as Record<string, string>, opId: v.opId }));
  kit.end(tUs + 1000, {
    replicas: { a: replica(a), b: replica(b) },
    serverLog: server.log(ACCOUNT).map((op) => ({ seq: op.seq, opId: op.opId, recordId: op.recordId, stamp: op.stamp, ciphertextLength: op.ciphertextLength })),
  });
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, kit.toJsonLines());
  return path;
}

describe('recorder kit around an engine outside the simulator', () => {
  it('a correct engine: check judges the recorded trace and every judged checker holds', () => {
    const report = checkTrace(session(defaultReconciler, 'correct'));
    expect(report.violations).toEqual([]);
    expect(report.complete).toBe(true);
    expect(report.judged).toEqual(expect.arrayContaining(['commit-immediate', 'lww-winner', 'convergence', 'no-duplicates', 'durability', 'exposure-content', 'no-silent-rollback']));
    // No status events were logged: disclosure is not judged, and says why.
    expect(report.notJudged.map((n) => n.checker)).toContain('sync-state-disclosure');
  });

  it('a broken engine (last arrival wins): check catches it, exit 1 from the CLI', () => {
    const path = session(lastArrivalWins, 'broken');
    const report = checkTrace(path);
    expect(report.violations.map((v) => v.checker)).toEqual(expect.arrayContaining(['lww-winner']));
    const out = cli(['check', path]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/VIOLATION lww-winner/);
    expect(out.stdout).toMatch(/NOT judged/);
  });

  it('the kit refuses time going backwards and an event that breaks the schema, at the call', () => {
    const kit = new TraceRecorderKit({ devices: ['a'], stampMode: 'hlc' });
    kit.record(10, { kind: 'outbox', device: 'a', depth: 1 });
    expect(() => kit.record(5, { kind: 'outbox', device: 'a', depth: 0 })).toThrow(TraceKitError);
    expect(() => kit.record(20, { kind: 'outbox', device: 'a', depth: -1 })).toThrow(/depth/);
  });

  it('check: a trace with nothing any checker can judge is exit 2, a broken line names line and field', () => {
    const kit = new TraceRecorderKit({ devices: ['a'], stampMode: 'hlc' });
    const empty = join(dir, 'empty.jsonl');
    // engine-error needs only run-start, so strip it to a bare header plus an outbox event: engine-error still judges.
    writeFileSync(empty, kit.toJsonLines());
    expect(cli(['check', empty]).code).toBe(0);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, kit.toJsonLines() + '{"i":1,"t":5,"kind":"outbox","device":"a"}\n');
    const out = cli(['check', bad]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/depth/);
  });
});
