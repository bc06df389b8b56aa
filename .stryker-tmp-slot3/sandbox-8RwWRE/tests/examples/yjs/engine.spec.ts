// @ts-nocheck
// The Yjs adapter's library-facing parts driven by plain function calls (no simulator): the journal
// doc and its update encoding, the sealed relay, and the engine's outbox, acks and conflict log.
import { describe, expect, it } from 'vitest';
import { YjsEngine } from '../../../examples/yjs/engine.ts';
import { clientIdOf, JournalDoc, writesIn } from '../../../examples/yjs/journal-doc.ts';
import { YjsRelay } from '../../../examples/yjs/relay-server.ts';
import type { ReconcilerOptions } from '../../../src/reconciler/types.ts';

const key = new Uint8Array(32).fill(7);
function options(deviceId: string): ReconcilerOptions {
  let n = 0;
  return { deviceId, accountId: 'acct', stampMode: 'hlc', accountKey: key, token: '', nonces: (len) => new Uint8Array(len).fill(++n % 256) };
}

function sync(e: YjsEngine, relay: YjsRelay, nowMs: number): void {
  e.syncNow(nowMs);
  const m = e.poll(nowMs);
  if (!m) throw new Error('nothing to send');
  e.receive(relay.handle(m, nowMs, e.deviceId).response, nowMs);
}

const entry = (notes: string, painLevel = 3) => ({ date: '2026-01-01', painLevel, locations: ['knee'], medications: [], notes });

describe('JournalDoc', () => {
  it('gives each device a stable client id and reads back what it wrote', () => {
    expect(clientIdOf('a')).toBe(clientIdOf('a'));
    expect(clientIdOf('a')).not.toBe(clientIdOf('b'));
    const d = new JournalDoc(clientIdOf('a'));
    const { update } = d.write({ op: 'a/o1', rec: 'a/r1', base: null, at: 5, n: 0, dev: 'a', deleted: false }, { notes: 'hi', painLevel: 2 });
    expect(update).toMatchObject({ client: clientIdOf('a'), from: 0 });
    expect(update.to).toBeGreaterThan(0);
    expect(d.view('a/r1')?.fields).toEqual({ notes: 'hi', painLevel: 2 });
    expect(writesIn(update.update).map((w) => w.op)).toEqual(['a/o1']);
  });

  it('resolves concurrent writes of one entry by client id, field by field, whatever their time', () => {
    const a = new JournalDoc(clientIdOf('a'));
    const b = new JournalDoc(clientIdOf('b'));
    const c = a.write({ op: 'a/o1', rec: 'r', base: null, at: 1, n: 0, dev: 'a', deleted: false }, { notes: 'x', painLevel: 1 });
    b.applyRemote(c.update.update);
    const late = a.write({ op: 'a/o2', rec: 'r', base: 'a/o1', at: 9_000, n: 0, dev: 'a', deleted: false }, { notes: 'A', painLevel: 1 });
    const early = b.write({ op: 'b/o1', rec: 'r', base: 'a/o1', at: 2, n: 0, dev: 'b', deleted: false }, { notes: 'x', painLevel: 9 });
    a.applyRemote(early.update.update);
    b.applyRemote(late.update.update);
    expect(a.view('r')).toEqual(b.view('r'));
    // b's client id is the higher: its write is the one shown, though a's is 9 s later...
    expect(clientIdOf('b')).toBeGreaterThan(clientIdOf('a'));
    expect(a.view('r')?.meta.op).toBe('b/o1');
    // ...and the fields merge: a's notes with b's pain level, a version no single write made.
    expect(a.view('r')?.fields).toMatchObject({ notes: 'A', painLevel: 9 });
  });
});

describe('YjsRelay', () => {
  it('stores each sealed update once and answers a state vector with what lies beyond it', () => {
    const relay = new YjsRelay();
    const writes = [{ opId: 'a/o1', recordId: 'a/r1', stamp: '000000000000005.00000000.a' }];
    const push = { type: 'sync', requestId: 'q1', deviceId: 'a', client: 1, sv: [], updates: [{ client: 1, from: 0, to: 3, writes, box: 'AAAA' }] } as const;
    expect(relay.handle(push, 0, 'a')).toMatchObject({ stored: ['a/o1'], deduplicated: [], response: { ok: true, ackedTo: 3 } });
    expect(relay.handle(push, 1, 'a')).toMatchObject({ stored: [], deduplicated: ['a/o1'] });
    expect(relay.storedVersions()).toEqual(writes);
    const pull = { type: 'sync', requestId: 'q2', deviceId: 'b', client: 2, sv: [[1, 3]], updates: [] };
    expect(relay.handle(pull, 2, 'b').response).toMatchObject({ ok: true, updates: [] });
    expect(relay.handle({ ...pull, sv: [] }, 2, 'b').response).toMatchObject({ ok: true, updates: [{ client: 1, from: 0, to: 3 }] });
    expect(relay.state().updates).toHaveLength(1);
  });

  it('refuses what is not a sync message, saying why, and a push of another client id', () => {
    const relay = new YjsRelay();
    expect(relay.handle({ type: 'nope' }, 0, 'a').response).toMatchObject({ ok: false, error: expect.stringContaining('type') });
    const foreign = { type: 'sync', requestId: 'q', deviceId: 'a', client: 1, sv: [], updates: [{ client: 2, from: 0, to: 1, writes: [], box: '' }] };
    expect(relay.handle(foreign, 0, 'a').response).toMatchObject({ ok: false, error: expect.stringContaining('own client id') });
  });
});

describe('YjsEngine', () => {
  it('commits locally, pushes sealed updates (no plaintext on the server) and converges', () => {
    const relay = new YjsRelay();
    const a = new YjsEngine(options('a'));
    const b = new YjsEngine(options('b'));
    const v = a.create(entry('secret-note-a'), 1000);
    expect(a.read(v.id)?.fields['notes']).toBe('secret-note-a');
    expect(a.status().pendingOps).toBe(1);
    sync(a, relay, 1001);
    expect(a.status().pendingOps).toBe(0);
    expect(JSON.stringify(relay.state())).not.toContain('secret-note-a');
    sync(b, relay, 1002);
    expect(b.versions()).toEqual(a.versions());
  });

  it('logs a conflict on both sides of concurrent edits, and none for an update', () => {
    const relay = new YjsRelay();
    const a = new YjsEngine(options('a'));
    const b = new YjsEngine(options('b'));
    const v = a.create(entry('one'), 1000);
    sync(a, relay, 1001);
    sync(b, relay, 1002);
    b.edit(v.id, entry('two'), 1003); // b saw a's create: an update
    sync(b, relay, 1004);
    sync(a, relay, 1005);
    expect(a.conflicts()).toEqual([]);
    a.edit(v.id, entry('a-late', 1), 9000);
    b.edit(v.id, entry('b-early', 2), 2000);
    sync(a, relay, 9001);
    sync(b, relay, 9002);
    sync(a, relay, 9003);
    expect(a.versions()).toEqual(b.versions());
    expect(a.read(v.id)?.opId.startsWith('b/')).toBe(true);
    expect(a.conflicts()).toMatchObject([{ recordId: v.id, outcome: 'remote-won', rule: 'yjs-client-order' }]);
    expect(b.conflicts()).toMatchObject([{ recordId: v.id, outcome: 'local-kept' }]);
  });

  it('stamps with a hybrid logical clock: an edit made after seeing a write stamps above it, whatever the clock says', () => {
    const relay = new YjsRelay();
    const a = new YjsEngine(options('a'));
    const b = new YjsEngine(options('b'));
    const v = a.create(entry('ahead'), 9_000);
    sync(a, relay, 9_001);
    sync(b, relay, 2_000); // b's clock is 7 s behind
    const edited = b.edit(v.id, entry('after seeing it'), 2_001);
    expect(edited.stamp.wallMs).toBe(9_000);
    expect(edited.stamp.counter).toBeGreaterThan(v.stamp.counter);
  });

  it('keeps the outbox across save and restore, and a failed request backs off', () => {
    const relay = new YjsRelay();
    const a = new YjsEngine(options('a'));
    a.create(entry('kept'), 10);
    const m = a.poll(10)!;
    a.fail(m.requestId, 'timeout', 20);
    expect(a.status()).toMatchObject({ inFlight: false, retryAtMs: 520, lastError: { code: 'transport' } });
    expect(a.poll(100)).toBeUndefined();
    const back = new YjsEngine(options('a'), a.save() as never);
    expect(back.versions()).toEqual(a.versions());
    expect(back.status().pendingOps).toBe(1);
    sync(back, relay, 600);
    expect(back.status().pendingOps).toBe(0);
  });
});
