/**
 * The Yjs engine behind the lab's `Reconciler` seam: local CRUD on the device's `JournalDoc`, sync
 * through the relay's protocol (`relay-server.ts`), updates sealed with the account key before they
 * leave the device.
 *
 * How the seam maps onto Yjs, honestly:
 *   - a record is an entry map; its visible version is whatever Yjs shows, with the op id of the
 *     write Yjs kept for the `_w` key;
 *   - Yjs stamps nothing, so the adapter does: a hybrid logical clock (wall ms, counter, device: the
 *     lab's built-in stamp order), ticked on each local write and moved past every remote write an
 *     update brings, because "timestamp-ordered last-write-wins" is what the lab judges. Yjs does not
 *     order by it: concurrent writes of one key go to the higher client id, whatever their stamps (a
 *     write made after seeing another always wins over it, and its stamp is higher too);
 *   - the outbox is the list of local updates the relay has not acknowledged; a sync message pushes
 *     them with the state vector, and the answer carries everything beyond it;
 *   - Yjs logs no conflicts, so the adapter does: when an update replaces what the device shows with
 *     a write that had not seen it (`remote-won`) or brings a concurrent write that Yjs put below the
 *     shown one (`local-kept`). Concurrency is read from each write's `base` (the op it edited).
 */
// @ts-nocheck

// The public API (the adapter kit and the seam's types), as a user imports it from 'sync-lab'.
import { encodeStamp, openText, RecordNotFoundError, sealText } from '../../src/api/index.ts';
import type { ConflictEntry, ConnectivityMode, DurableSnapshot, ReconcilerOptions, RecordVersion, Stamp, SyncStatus } from '../../src/api/index.ts';
import { clientIdOf, JournalDoc, writesIn } from './journal-doc.ts';
import type { EntryView, Fields, LocalUpdate, WriteMeta } from './journal-doc.ts';
import { boxBinding } from './relay-server.ts';
import type { SealedUpdate, SyncAnswer, SyncMessage } from './relay-server.ts';

const PULL_INTERVAL_MS = 5_000;
const BACKOFF_INITIAL_MS = 500;
const BACKOFF_MAX_MS = 30_000;
const MAX_PUSH = 16;
/** The conflict rule the adapter names: Yjs's, not last-write-wins. */
const RULE = 'yjs-client-order';

export const SNAPSHOT_FORMAT = 'yjs-journal/1';

interface YjsSnapshot extends DurableSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly state: string;
  readonly outbox: SealedUpdate[];
  readonly records: number;
  readonly ops: number;
  readonly requests: number;
  readonly lineage: [string, string | null][];
  readonly hlc: [number, number];
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function unb64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** A write's stamp as the lab reads it. */
export function stampOf(meta: WriteMeta): Stamp {
  return { wallMs: meta.at, counter: meta.n, deviceId: meta.dev };
}

function versionOf(view: EntryView): RecordVersion {
  return { id: view.meta.rec, fields: view.fields, stamp: stampOf(view.meta), deleted: view.meta.deleted, opId: view.meta.op };
}

export class YjsEngine {
  readonly deviceId: string;
  private readonly key: Uint8Array;
  private readonly nonces: ReconcilerOptions['nonces'];
  private doc: JournalDoc;
  private outbox: SealedUpdate[] = [];
  private records = 0;
  private ops = 0;
  private requests = 0;
  /** op id → the op its writer was editing: what tells an update from a conflict. */
  private readonly lineage = new Map<string, string | null>();
  private readonly log: ConflictEntry[] = [];
  private mode: ConnectivityMode = 'online';
  private inFlight: string | null = null;
  private lastOkAtMs: number | null = null;
  private lastError: SyncStatus['lastError'] = null;
  private failures = 0;
  private retryAtMs: number | null = null;
  private pullDueAtMs = 0;
  /** The hybrid logical clock: the highest stamp written or seen (wall ms, counter). */
  private hlc: [number, number] = [0, 0];

  constructor(options: ReconcilerOptions, snapshot?: YjsSnapshot) {
    this.deviceId = options.deviceId;
    this.key = options.accountKey;
    this.nonces = options.nonces;
    const client = clientIdOf(options.deviceId);
    this.doc = new JournalDoc(client);
    if (snapshot) {
      this.doc = JournalDoc.fromState(client, unb64(snapshot.state));
      this.outbox = [...snapshot.outbox];
      this.records = snapshot.records;
      this.ops = snapshot.ops;
      this.requests = snapshot.requests;
      for (const [op, base] of snapshot.lineage) this.lineage.set(op, base);
      this.hlc = [...snapshot.hlc];
    }
  }

  // ---- local CRUD --------------------------------------------------------------------------------

  private commit(rec: string, base: string | null, fields: Fields, deleted: boolean, wallMs: number): RecordVersion {
    const op = `${this.deviceId}/o${++this.ops}`;
    const wall = Math.max(0, Math.floor(wallMs));
    this.hlc = wall > this.hlc[0] ? [wall, 0] : [this.hlc[0], this.hlc[1] + 1];
    const { meta, update } = this.doc.write({ op, rec, base, at: this.hlc[0], n: this.hlc[1], dev: this.deviceId, deleted }, fields);
    this.lineage.set(op, base);
    this.outbox.push(this.seal(update, meta));
    return versionOf(this.doc.view(rec)!);
  }

  private seal(u: LocalUpdate, meta: WriteMeta): SealedUpdate {
    const label = { client: u.client, from: u.from, to: u.to, writes: [{ opId: meta.op, recordId: meta.rec, stamp: encodeStamp(stampOf(meta)) }] };
    return { ...label, box: sealText(this.key, this.nonces, b64(u.update), boxBinding(label)) };
  }

  create(fields: Fields, wallMs: number): RecordVersion {
    return this.commit(`${this.deviceId}/r${++this.records}`, null, fields, false, wallMs);
  }

  read(id: string): RecordVersion | undefined {
    const v = this.doc.view(id);
    return v && !v.meta.deleted ? versionOf(v) : undefined;
  }

  list(): RecordVersion[] {
    return this.versions().filter((v) => !v.deleted);
  }

  edit(id: string, fields: Fields, wallMs: number): RecordVersion {
    const shown = this.read(id);
    if (!shown) throw new RecordNotFoundError(id);
    return this.commit(id, shown.opId, fields, false, wallMs);
  }

  delete(id: string, wallMs: number): RecordVersion {
    const shown = this.read(id);
    if (!shown) throw new RecordNotFoundError(id);
    return this.commit(id, shown.opId, {}, true, wallMs);
  }

  versions(): RecordVersion[] {
    const out: RecordVersion[] = [];
    for (const id of this.doc.ids()) {
      const v = this.doc.view(id);
      if (v) out.push(versionOf(v));
    }
    return out;
  }

  // ---- sync --------------------------------------------------------------------------------------

  poll(nowMs: number): SyncMessage | undefined {
    if (this.mode === 'offline' || this.inFlight !== null) return undefined;
    if (this.retryAtMs !== null && nowMs < this.retryAtMs) return undefined;
    if (this.outbox.length === 0 && nowMs < this.pullDueAtMs) return undefined;
    const requestId = `${this.deviceId}/q${++this.requests}`;
    this.inFlight = requestId;
    return { type: 'sync', requestId, deviceId: this.deviceId, client: this.doc.client, sv: this.doc.stateVector(), updates: this.outbox.slice(0, MAX_PUSH) };
  }

  receive(answer: SyncAnswer, nowMs: number): void {
    const awaited = answer.requestId === this.inFlight;
    if (awaited) this.inFlight = null;
    if (!answer.ok) {
      if (awaited) this.failed('unavailable', answer.error, nowMs);
      return;
    }
    // A late or repeated answer still carries stored updates: applying them again changes nothing.
    this.outbox = this.outbox.filter((u) => u.to > answer.ackedTo);
    for (const u of answer.updates) this.applySealed(u, nowMs);
    if (awaited) {
      this.lastOkAtMs = nowMs;
      this.failures = 0;
      this.retryAtMs = null;
      this.pullDueAtMs = nowMs + PULL_INTERVAL_MS;
    }
  }

  private applySealed(u: SealedUpdate, nowMs: number): void {
    // Its own updates come back in answers; the doc has them (its saved state holds every local write).
    if (u.client === this.doc.client) return;
    const update = unb64(openText(this.key, u.box, boxBinding(u)));
    const writes = writesIn(update);
    for (const w of writes) {
      this.lineage.set(w.op, w.base);
      if (w.at > this.hlc[0] || (w.at === this.hlc[0] && w.n > this.hlc[1])) this.hlc = [w.at, w.n];
    }
    // Every entry, not only those this update writes: an update Yjs held back for a missing earlier
    // one integrates when that one arrives, and the write it carries replaces a value then.
    const before = new Map<string, WriteMeta>();
    for (const id of this.doc.ids()) {
      const meta = this.doc.view(id)?.meta;
      if (meta) before.set(id, meta);
    }
    this.doc.applyRemote(update);
    for (const [rec, was] of before) {
      const now = this.doc.view(rec)?.meta;
      if (!now) continue;
      if (now.op !== was.op && !this.descends(now.op, was.op)) this.conflict(rec, now, was, 'remote-won', nowMs);
      if (now.op !== was.op) continue;
      for (const w of writes) {
        if (w.rec !== rec || w.op === now.op) continue;
        if (!this.descends(now.op, w.op) && !this.descends(w.op, now.op)) this.conflict(rec, now, w, 'local-kept', nowMs);
      }
    }
  }

  /** True when `later` was written after seeing `earlier` (directly or through a chain of edits). */
  private descends(later: string, earlier: string): boolean {
    let at: string | null | undefined = later;
    for (let hops = 0; at != null && hops < 100_000; hops++) {
      if (at === earlier) return true;
      at = this.lineage.get(at);
    }
    return false;
  }

  private conflict(recordId: string, winner: WriteMeta, loser: WriteMeta, outcome: ConflictEntry['outcome'], atMs: number): void {
    this.log.push({ recordId, winner: stampOf(winner), loser: stampOf(loser), rule: RULE as ConflictEntry['rule'], outcome, atMs });
  }

  private failed(code: 'unavailable' | 'transport', message: string, nowMs: number): void {
    this.failures++;
    this.lastError = { code, atMs: nowMs, message };
    this.retryAtMs = nowMs + Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** (this.failures - 1));
  }

  fail(requestId: string, reason: string, nowMs: number): void {
    if (requestId !== this.inFlight) return;
    this.inFlight = null;
    this.failed('transport', reason, nowMs);
  }

  nextWakeMs(nowMs: number): number | null {
    if (this.mode === 'offline' || this.inFlight !== null) return null;
    const due = this.outbox.length > 0 ? nowMs : this.pullDueAtMs;
    return Math.max(due, this.retryAtMs ?? due);
  }

  setConnectivity(mode: ConnectivityMode, _nowMs: number): void {
    this.mode = mode;
    if (mode === 'offline') this.inFlight = null;
  }

  setToken(_token: string, _nowMs: number): void {
    // The relay has no sessions (like y-websocket without an auth layer): nothing to renew.
  }

  requestBackup(_nowMs: number): string {
    throw new Error('yjs adapter: no backups (capabilities.remoteActions is empty)');
  }

  requestAdmin(_action: string, _nowMs: number): string {
    throw new Error('yjs adapter: no admin actions (capabilities.remoteActions is empty)');
  }

  syncNow(nowMs: number): void {
    this.pullDueAtMs = nowMs;
    this.retryAtMs = null;
  }

  status(): SyncStatus {
    return {
      connectivity: this.mode,
      pendingOps: this.outbox.length,
      inFlight: this.inFlight !== null,
      lastSyncOkAtMs: this.lastOkAtMs,
      lastError: this.lastError,
      authExpired: false,
      retryAtMs: this.retryAtMs,
      remoteActions: [],
    };
  }

  conflicts(): readonly ConflictEntry[] {
    return this.log;
  }

  save(): YjsSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      deviceId: this.deviceId,
      state: b64(this.doc.encodeState()),
      outbox: [...this.outbox],
      records: this.records,
      ops: this.ops,
      requests: this.requests,
      lineage: [...this.lineage.entries()],
      hlc: [...this.hlc],
    };
  }
}

export function isYjsSnapshot(s: DurableSnapshot): s is YjsSnapshot {
  return s.format === SNAPSHOT_FORMAT && typeof s['state'] === 'string' && Array.isArray(s['outbox']) && Array.isArray(s['lineage']) && Array.isArray(s['hlc']);
}
