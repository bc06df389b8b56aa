/**
 * Test harness: deterministic devices of one account wired by hand to a SyncServer. No simulator:
 * tests decide exactly when each device polls and which responses arrive.
 */
// @ts-nocheck

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { defaultReconciler } from '../../../src/reconciler/index.ts';
import type { NonceSource, SyncReconciler, ReconcilerOptions, SyncPolicy } from '../../../src/reconciler/types.ts';
import type { StampMode } from '../../../src/core/stamp.ts';
import { SyncServer } from '../../../src/server/sync-server.ts';
import type { SyncServerOptions } from '../../../src/server/sync-server.ts';
import type { SyncRequest, SyncResponse } from '../../../src/core/wire.ts';

export const ACCOUNT = 'acct-1';
export const KEY = sha256(utf8ToBytes('test account key'));

export function countingNonces(label: string): NonceSource {
  let n = 0;
  return (length) => {
    const out = new Uint8Array(length);
    out.set(sha256(utf8ToBytes(`${label}/${n++}`)).subarray(0, Math.min(32, length)));
    return out;
  };
}

export function deviceOptions(deviceId: string, token: string, stampMode: StampMode = 'hlc', policy: Partial<SyncPolicy> = {}): ReconcilerOptions {
  return { deviceId, accountId: ACCOUNT, stampMode, accountKey: KEY, nonces: countingNonces(deviceId), token, policy };
}

export class World {
  readonly server: SyncServer;
  readonly devices = new Map<string, SyncReconciler>();
  readonly options = new Map<string, ReconcilerOptions>();
  /** Every request each device transmitted, in order. */
  readonly sent: { device: string; request: SyncRequest }[] = [];

  constructor(ids: string[], opts: { stampMode?: StampMode; policy?: Partial<SyncPolicy>; server?: Partial<SyncServerOptions>; online?: boolean } = {}) {
    this.server = new SyncServer(opts.server ?? {});
    for (const id of ids) {
      const o = deviceOptions(id, this.server.issueToken(ACCOUNT, id, 0), opts.stampMode ?? 'hlc', opts.policy ?? {});
      const d = defaultReconciler.create(o);
      if (opts.online !== false) d.setConnectivity('online', 0);
      this.devices.set(id, d);
      this.options.set(id, o);
    }
  }

  device(id: string): SyncReconciler {
    const d = this.devices.get(id);
    if (!d) throw new Error(`no device ${id}`);
    return d;
  }

  /** Crash and restart: only the durable snapshot survives. */
  restart(id: string, nowMs: number, mode: 'online' | 'offline' = 'online'): SyncReconciler {
    const snapshot = JSON.parse(JSON.stringify(this.device(id).save()));
    const d = defaultReconciler.restore(snapshot, this.options.get(id) as ReconcilerOptions, nowMs);
    d.setConnectivity(mode, nowMs);
    this.devices.set(id, d);
    return d;
  }

  poll(id: string, nowMs: number): SyncRequest | undefined {
    const request = this.device(id).poll(nowMs);
    if (request) this.sent.push({ device: id, request });
    return request;
  }

  deliver(id: string, request: SyncRequest, nowMs: number): SyncResponse {
    return this.server.handle(request, nowMs, `10.0.0.${id}`);
  }

  /** Polls and answers until the device is idle (or `maxRounds`). Returns requests made. */
  sync(id: string, nowMs: number, maxRounds = 1000): number {
    let n = 0;
    for (; n < maxRounds; n++) {
      const request = this.poll(id, nowMs);
      if (!request) break;
      this.device(id).receive(this.deliver(id, request, nowMs), nowMs);
    }
    return n;
  }

  /** Syncs every device (far enough apart in time that interval pulls fire) until nothing changes. */
  settle(startMs: number, rounds = 4): number {
    let t = startMs;
    for (let r = 0; r < rounds; r++) {
      for (const id of [...this.devices.keys()].sort()) {
        t += 100_000;
        this.sync(id, t);
      }
    }
    return t;
  }
}
