/**
 * Properties of the default reconciler against the real server, driven by fast-check: any
 * interleaving of writes, syncs, lost/duplicated/held messages, restarts, offline spells, token
 * expiry and clock jumps ends, after heal, in identical replicas equal to the LWW fold of every
 * committed write, with each op exactly once on the server and no acked op ever pushed again.
 */
// @ts-nocheck

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson } from '../../src/core/canonical.ts';
import { compareStamps, encodeStamp } from '../../src/core/stamp.ts';
import type { RecordVersion } from '../../src/core/record.ts';
import type { SyncRequest } from '../../src/core/wire.ts';
import { ACCOUNT, World } from './_internals/world.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';

const RUNS = 1000;

type Fate = 'deliver' | 'lose-request' | 'lose-response' | 'duplicate' | 'hold';
type Action =
  | { k: 'write'; dev: number; pick: number; kind: 'create' | 'edit' | 'delete'; value: number }
  | { k: 'step'; dev: number; fate: Fate }
  | { k: 'offline' | 'online' | 'restart' | 'expire'; dev: number }
  | { k: 'clock'; dev: number; deltaMs: number };

const action = (devices: number): fc.Arbitrary<Action> => {
  const dev = fc.nat({ max: devices - 1 });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ k: fc.constant('write' as const), dev, pick: fc.nat({ max: 3 }), kind: fc.constantFrom('create' as const, 'edit' as const, 'delete' as const), value: fc.nat({ max: 9 }) }) },
    { weight: 5, arbitrary: fc.record({ k: fc.constant('step' as const), dev, fate: fc.constantFrom<Fate>('deliver', 'deliver', 'lose-request', 'lose-response', 'duplicate', 'hold') }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constantFrom('offline' as const, 'online' as const, 'restart' as const, 'expire' as const), dev }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('clock' as const), dev, deltaMs: fc.integer({ min: -20_000, max: 20_000 }) }) },
  );
};

const scenario = fc.integer({ min: 2, max: 3 }).chain((devices) =>
  fc.record({
    devices: fc.constant(devices),
    stampMode: fc.constantFrom('hlc' as const, 'wall' as const),
    serverPush: fc.integer({ min: 1, max: 4 }),
    serverPull: fc.integer({ min: 1, max: 4 }),
    clientPush: fc.integer({ min: 1, max: 5 }),
    clientPull: fc.integer({ min: 1, max: 5 }),
    actions: fc.array(action(devices), { maxLength: 30 }),
  }),
);

const text = (vs: readonly RecordVersion[]) => canonicalJson(vs.map((v) => ({ ...v, stamp: encodeStamp(v.stamp) })));

describe('reconciler properties', () => {
  it(`converges to the LWW fold with exactly-once ops on the server (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const ids = ['a', 'b', 'c'].slice(0, s.devices);
        const w = new World(ids, {
          stampMode: s.stampMode,
          server: { maxPushBatch: s.serverPush, maxPullBatch: s.serverPull },
          policy: { maxPushBatch: s.clientPush, pullLimit: s.clientPull, backoffInitialMs: 50, backoffMaxMs: 400, pullIntervalMs: 1000 },
        });
        const offset = new Map(ids.map((id) => [id, 0]));
        const held = new Map<string, SyncRequest>();
        const committed: RecordVersion[] = [];
        const ackedBy = new Map(ids.map((id) => [id, new Set<string>()]));
        let t = 1_000_000;
        const now = (id: string) => t + (offset.get(id) ?? 0);
        const answer = (id: string, request: SyncRequest, at: number) => {
          const d = w.device(id);
          const response = w.deliver(id, request, at);
          const matched = d.status().inFlight;
          d.receive(response, at);
          if (matched && response.ok && response.type === 'push') for (const op of response.acked) ackedBy.get(id)?.add(op);
        };

        for (const a of s.actions) {
          t += 137;
          const id = ids[a.dev] as string;
          const d = w.device(id);
          switch (a.k) {
            case 'write': {
              const visible = d.list();
              const target = visible[a.pick % Math.max(visible.length, 1)];
              let v: RecordVersion;
              if (a.kind === 'create' || !target) v = d.create({ n: a.value, by: id }, now(id));
              else if (a.kind === 'edit') v = d.edit(target.id, { n: a.value, by: id }, now(id));
              else v = d.delete(target.id, now(id));
              committed.push(v);
              expect(d.read(v.id)).toEqual(v.deleted ? undefined : v);
              break;
            }
            case 'step': {
              const pending = held.get(id);
              if (pending) {
                held.delete(id);
                answer(id, pending, now(id));
                break;
              }
              const request = w.poll(id, now(id));
              if (!request) break;
              for (const op of request.type === 'push' ? request.ops : []) {
                expect(ackedBy.get(id)?.has(op.opId), `acked op ${op.opId} pushed again`).toBe(false);
              }
              if (a.fate === 'deliver') answer(id, request, now(id));
              else if (a.fate === 'lose-request') d.fail(request.requestId, 'lost', now(id));
              else if (a.fate === 'lose-response') {
                w.deliver(id, request, now(id));
                d.fail(request.requestId, 'timeout', now(id));
              } else if (a.fate === 'duplicate') {
                w.deliver(id, request, now(id));
                answer(id, request, now(id));
                answer(id, request, now(id));
              } else held.set(id, request);
              break;
            }
            case 'offline':
              held.delete(id);
              d.setConnectivity('offline', now(id));
              break;
            case 'online':
              d.setConnectivity('online', now(id));
              break;
            case 'restart': {
              held.delete(id);
              const before = canonicalJson(d.save());
              const wasOnline = d.status().connectivity !== 'offline';
              const r = w.restart(id, now(id), wasOnline ? 'online' : 'offline');
              expect(canonicalJson(r.save())).toBe(before);
              break;
            }
            case 'expire':
              w.server.expireTokensOf(ACCOUNT, id, t);
              break;
            case 'clock':
              offset.set(id, (offset.get(id) ?? 0) + a.deltaMs);
              break;
          }
        }

        // Heal: every device online with a fresh token, held answers lost, then quiesce.
        for (const id of ids) {
          const d = w.device(id);
          if (held.has(id)) d.fail(held.get(id)?.requestId ?? '', 'lost', now(id));
          d.setConnectivity('online', now(id));
          d.setToken(w.server.issueToken(ACCOUNT, id, t), now(id));
        }
        for (let round = 0; round < 3; round++) {
          for (const id of ids) {
            t += 10_000;
            for (let r = w.poll(id, now(id)); r; r = w.poll(id, now(id))) answer(id, r, now(id));
          }
        }

        // Every replica equal, and equal to the LWW maximum of every committed write.
        const oracle = new Map<string, RecordVersion>();
        for (const v of committed) {
          const cur = oracle.get(v.id);
          if (!cur || compareStamps(v.stamp, cur.stamp) > 0) oracle.set(v.id, v);
        }
        const expected = text([...oracle.values()].sort((x, y) => (x.id < y.id ? -1 : 1)));
        for (const id of ids) {
          expect(w.device(id).status().pendingOps).toBe(0);
          expect(text(w.device(id).versions())).toBe(expected);
        }
        // Exactly once on the server.
        const log = w.server.log(ACCOUNT).map((op) => op.opId);
        expect(new Set(log).size).toBe(log.length);
        expect([...log].sort()).toEqual(committed.map((v) => v.opId).sort());
      }),
      { numRuns: RUNS },
    );
  });

  it(`replicas pulling the same log in different batches, with duplicated and lost answers, end identical (${RUNS} runs)`, () => {
    const write = fc.record({ dev: fc.nat({ max: 1 }), pick: fc.nat({ max: 3 }), kind: fc.constantFrom('create' as const, 'edit' as const, 'delete' as const), skewMs: fc.integer({ min: -3000, max: 3000 }) });
    const reader = fc.record({ pullLimit: fc.integer({ min: 1, max: 6 }), fates: fc.array(fc.constantFrom('deliver', 'duplicate', 'lose'), { maxLength: 5 }).map((f) => [...f, 'deliver']) });
    fc.assert(
      fc.property(fc.array(write, { maxLength: 16 }), fc.array(reader, { minLength: 2, maxLength: 3 }), fc.constantFrom('hlc' as const, 'wall' as const), (writes, readers, stampMode) => {
        const writers = ['a', 'b'];
        const readerIds = readers.map((_, i) => `r${i}`);
        const w = new World([...writers, ...readerIds], { stampMode, policy: { backoffInitialMs: 10, backoffMaxMs: 10 } });
        let t = 10_000;
        for (const x of writes) {
          const id = writers[x.dev] as string;
          const d = w.device(id);
          const target = d.list()[x.pick];
          if (x.kind === 'create' || !target) d.create({ v: t }, t + x.skewMs);
          else if (x.kind === 'edit') d.edit(target.id, { v: t }, t + x.skewMs);
          else d.delete(target.id, t + x.skewMs);
          t += 100;
          if (x.pick === 0) w.sync(id, t + x.skewMs);
        }
        w.settle(t);
        const expected = text(w.device('a').versions());
        expect(text(w.device('b').versions())).toBe(expected);
        readers.forEach((r, i) => {
          const rid = readerIds[i] as string;
          const rd = defaultReconcilerWithLimit(w, rid, r.pullLimit);
          let now = t;
          for (let step = 0; step < 500; step++) {
            now += 1000;
            const req = rd.poll(now);
            if (!req) {
              if (rd.status().retryAtMs === null && rd.nextWakeMs(now) !== now) break;
              continue;
            }
            const fate = r.fates[step % r.fates.length];
            const res = w.deliver(rid, req, now);
            if (fate === 'lose') rd.fail(req.requestId, 'lost', now);
            else {
              rd.receive(res, now);
              if (fate === 'duplicate') rd.receive(res, now);
            }
          }
          expect(text(rd.versions())).toBe(expected);
        });
      }),
      { numRuns: RUNS },
    );
  });
});

/** Replaces a device of the world with one using the given pull limit (fresh state). */
function defaultReconcilerWithLimit(w: World, id: string, pullLimit: number) {
  const options = { ...(w.options.get(id) as NonNullable<ReturnType<typeof w.options.get>>), policy: { pullLimit, backoffInitialMs: 10, backoffMaxMs: 10 } };
  const d = defaultReconciler.create(options);
  d.setConnectivity('online', 0);
  w.devices.set(id, d);
  return d;
}
