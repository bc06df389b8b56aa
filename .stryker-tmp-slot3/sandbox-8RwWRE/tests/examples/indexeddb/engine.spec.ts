// @ts-nocheck
// The IndexedDB engine driven by plain awaited calls against the built-in server (no simulator):
// every operation a promise, nothing left on Node's event loop, the outbox retried after a failure.
import { describe, expect, it } from 'vitest';
import { DeterministicTasks } from '../../../examples/indexeddb/deterministic-tasks.ts';
import { IndexedDbEngine } from '../../../examples/indexeddb/engine.ts';
import type { ReconcilerOptions } from '../../../src/reconciler/types.ts';
import { SyncServer } from '../../../src/server/index.ts';

const key = new Uint8Array(32).fill(9);
function setup(server: SyncServer, deviceId: string): ReconcilerOptions {
  let n = 0;
  return { deviceId, accountId: 'acct', stampMode: 'hlc', accountKey: key, token: server.issueToken('acct', deviceId, 0), nonces: (len) => new Uint8Array(len).fill(++n % 256) };
}

async function sync(e: IndexedDbEngine, server: SyncServer, nowMs: number): Promise<void> {
  e.syncNow(nowMs);
  for (let i = 0; i < 8; i++) {
    const request = await e.poll(nowMs);
    if (!request) return;
    await e.receive(server.handle(request, nowMs, '10.0.0.1'), nowMs);
  }
}

const entry = (notes: string) => ({ date: '2026-01-01', painLevel: 3, locations: ['knee'], medications: [], notes });

/** Real timers and immediates Node holds right now (what the async driver would report); vitest holds its own test timeout. */
function timers(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate');
}
const baseline = (): string[] => timers();

describe('DeterministicTasks', () => {
  it('runs setImmediate callbacks on microtasks in order, and puts the real one back', async () => {
    const tasks = new DeterministicTasks();
    const real = globalThis.setImmediate;
    const seen: number[] = [];
    await tasks.during(async () => {
      setImmediate(() => seen.push(1));
      setImmediate(() => seen.push(2));
      expect(globalThis.setImmediate).not.toBe(real);
    });
    expect(seen).toEqual([1, 2]);
    expect(globalThis.setImmediate).toBe(real);
  });

  it('lets calls overlap: one queue, the real setImmediate back only after the last one ends', async () => {
    const tasks = new DeterministicTasks();
    const real = globalThis.setImmediate;
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = tasks.during(async () => {
      setImmediate(() => seen.push('first'));
      await gate;
    });
    const second = tasks.during(async () => {
      setImmediate(() => seen.push('second'));
    });
    await second;
    expect(globalThis.setImmediate).not.toBe(real);
    release();
    await first;
    expect(seen).toEqual(['first', 'second']);
    expect(globalThis.setImmediate).toBe(real);
    await expect(tasks.during(async () => Promise.reject(new Error('engine failed')))).rejects.toThrow('engine failed');
    expect(globalThis.setImmediate).toBe(real);
  });
});

describe('IndexedDbEngine', () => {
  it('commits in IndexedDB, syncs through the built-in server and converges, with no real timer', async () => {
    const server = new SyncServer();
    const before = baseline();
    const a = await IndexedDbEngine.create(setup(server, 'a'));
    const b = await IndexedDbEngine.create(setup(server, 'b'));
    const v = await a.create(entry('first'), 1000);
    expect((await a.read(v.id))?.fields['notes']).toBe('first');
    expect(a.status().pendingOps).toBe(1);
    expect(timers()).toEqual(before);
    await sync(a, server, 1001);
    expect(a.status().pendingOps).toBe(0);
    await sync(b, server, 1002);
    expect(await b.versions()).toEqual(await a.versions());
    expect(timers()).toEqual(before);
  });

  it('keeps the queue after a failure, backs off, and sends it again', async () => {
    const server = new SyncServer();
    const a = await IndexedDbEngine.create(setup(server, 'a'));
    await a.create(entry('queued'), 10);
    const lost = await a.poll(10);
    expect(lost?.type).toBe('push');
    a.fail(lost!.requestId, 'timeout', 20);
    expect(a.status()).toMatchObject({ pendingOps: 1, retryAtMs: 520 });
    expect(await a.poll(100)).toBeUndefined();
    const again = await a.poll(520);
    expect(again).toMatchObject({ type: 'push', ops: lost!.type === 'push' ? lost!.ops : [] });
    await a.receive(server.handle(again, 530, '10.0.0.1'), 530);
    expect(a.status().pendingOps).toBe(0);
  });

  it('restores the database from its snapshot, outbox included', async () => {
    const server = new SyncServer();
    const opts = setup(server, 'a');
    const a = await IndexedDbEngine.create(opts);
    await a.create(entry('durable'), 10);
    const back = await IndexedDbEngine.restore(await a.save(), opts);
    expect(await back.versions()).toEqual(await a.versions());
    expect(back.status().pendingOps).toBe(1);
  });

  it('logs concurrent edits as a conflict on the device whose write lost, and an update as none', async () => {
    const server = new SyncServer();
    const a = await IndexedDbEngine.create(setup(server, 'a'));
    const b = await IndexedDbEngine.create(setup(server, 'b'));
    const v = await a.create(entry('one'), 1000);
    await sync(a, server, 1001);
    await sync(b, server, 1002);
    await b.edit(v.id, entry('two'), 1003);
    await sync(b, server, 1004);
    await sync(a, server, 1005);
    expect(a.conflicts()).toEqual([]);
    await a.edit(v.id, entry('a-late'), 9000);
    await b.edit(v.id, entry('b-early'), 2000);
    await sync(b, server, 9001);
    await sync(a, server, 9002);
    await sync(b, server, 9003);
    expect((await b.read(v.id))?.fields['notes']).toBe('a-late');
    expect(await a.versions()).toEqual(await b.versions());
    expect(a.conflicts()).toMatchObject([{ recordId: v.id, outcome: 'local-kept' }]);
    expect(b.conflicts()).toMatchObject([{ recordId: v.id, outcome: 'remote-won' }]);
  });
});
