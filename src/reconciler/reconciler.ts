/**
 * The default reconciler: local-first CRUD over a replica store and an outbox, synced by pushing
 * encrypted ops and pulling the account log, merged by last-write-wins on stamps. Sans-IO: every
 * method takes the device clock reading and returns what to send; nothing here waits for the network.
 * Input checks are in inputs.ts, applying a pulled batch in apply-pull.ts.
 */
import { canonicalJson } from '../core/canonical.ts';
import { opIdFor, recordIdFor } from '../core/ids.ts';
import type { DeviceId, RecordId } from '../core/ids.ts';
import { versionOf } from '../core/record.ts';
import type { Fields, Op, OpKind, RecordVersion } from '../core/record.ts';
import { compareStamps, createStampClock, decodeStamp, encodeStamp } from '../core/stamp.ts';
import type { Stamp, StampClock, StampMode } from '../core/stamp.ts';
import type { AdminAction, SyncErrorCode, SyncRequest, SyncResponse, WireOp } from '../core/wire.ts';
import { encryptPayload, opBinding, sealText } from '../channel/payload.ts';
import { applyPull, mergeRemote, type PullTarget } from './apply-pull.ts';
import { ConflictLog } from './conflict-log.ts';
import { Lineage } from './lineage.ts';
import { rememberShadow, stampForWrite } from './local-write.ts';
import { copyFields, resolvePolicy } from './inputs.ts';
import { Outbox } from './outbox.ts';
import { RemoteActionQueue } from './remote-actions.ts';
import { ReplicaStore } from './replica.ts';
import {
  SNAPSHOT_FORMAT,
  SnapshotError,
  actionToJson,
  conflictFromJson,
  conflictToJson,
  opFromJson,
  opToJson,
  parseSnapshot,
  versionFromJson,
  versionToJson,
} from './snapshot.ts';
import type { SnapshotData } from './snapshot.ts';
import { SyncClient } from './sync-client.ts';
import { RecordNotFoundError } from './types.ts';
import type { ConflictEntry, ConnectivityMode, DurableSnapshot, ReconcilerOptions, SyncReconciler, SyncStatus } from './types.ts';

type LastError = SyncStatus['lastError'];

export class DefaultReconciler implements SyncReconciler {
  readonly deviceId: DeviceId;
  private readonly accountId: string;
  private readonly key: Uint8Array;
  private readonly nonces: ReconcilerOptions['nonces'];
  private readonly clock: StampClock;
  private readonly store = new ReplicaStore();
  private readonly outbox = new Outbox();
  private readonly conflictLog: ConflictLog;
  private readonly lineage: Lineage; // what each known op's writer was editing: updates vs concurrent writes
  /** The stamp order its decisions are made by (merges, shadows, the clock-lead floor); a test engine declaring its own order sets it. */
  private compare: (a: Stamp, b: Stamp) => number = compareStamps;
  private readonly actions: RemoteActionQueue;
  private readonly sync: SyncClient;
  private token: string;
  /** The token of the request in flight: a refusal of an older token says nothing about the current one. */
  private inFlightToken: string | null = null;
  private counters = { record: 0, op: 0, request: 0, action: 0 };
  private lastSyncOkAtMs: number | null = null;
  private lastError: LastError = null;
  /** The clock-lead policy's log, volatile (see SyncPolicy.maxClockLeadMs). */
  private clockLead: { count: number; lastRemoteWallMs: number; atMs: number } | null = null;
  /**
   * `wall` mode only: a local write stamped below the version it replaced (clock behind) is shown at
   * once, but the higher version still wins LWW everywhere else. It is kept here and restored, with a
   * conflict entry, at the next pull, so this replica converges with the others.
   */
  private readonly shadows = new Map<RecordId, RecordVersion>();
  // Volatile: an op is sealed once per process so retries resend the same bytes.
  private readonly sealed = new Map<string, WireOp>();

  constructor(options: ReconcilerOptions, snapshot?: SnapshotData) {
    this.deviceId = options.deviceId;
    this.accountId = options.accountId;
    this.key = options.accountKey;
    this.nonces = options.nonces;
    this.token = options.token;
    this.sync = new SyncClient(resolvePolicy(options.policy));
    this.clock = createStampClock(options.stampMode, options.deviceId);
    if (options.accountKey.length !== 32) throw new RangeError(`reconciler: accountKey must be 32 bytes, got ${options.accountKey.length}`);
    this.lineage = Lineage.from(snapshot?.lineage);
    if (!snapshot) {
      this.conflictLog = new ConflictLog();
      this.actions = new RemoteActionQueue();
      return;
    }
    if (snapshot.deviceId !== options.deviceId) throw new SnapshotError(`field deviceId is ${snapshot.deviceId}, options say ${options.deviceId}`);
    if (snapshot.accountId !== options.accountId) throw new SnapshotError(`field accountId is ${snapshot.accountId}, options say ${options.accountId}`);
    if (snapshot.stampMode !== options.stampMode) throw new SnapshotError(`field stampMode is ${snapshot.stampMode}, options say ${options.stampMode}`);
    const last = decodeStamp(snapshot.clock);
    this.clock.last = { ...last, deviceId: options.deviceId };
    this.counters = { ...snapshot.counters };
    for (const v of snapshot.records) this.store.put(versionFromJson(v));
    for (const op of snapshot.outbox) this.outbox.append(opFromJson(op));
    for (const v of snapshot.shadows) this.shadows.set(v.id, versionFromJson(v));
    this.sync.cursor = snapshot.cursor;
    this.sync.authExpired = snapshot.authExpired;
    this.sync.accountDeleted = snapshot.accountDeleted;
    this.token = snapshot.token;
    this.conflictLog = ConflictLog.from(snapshot.conflicts.map(conflictFromJson), snapshot.conflictsTotal);
    this.actions = RemoteActionQueue.from(snapshot.remoteActions);
  }

  /** What pulling touches: the replica, its clock and conflict log, the shadows, the cursor. */
  private pullTarget(): PullTarget {
    const { deviceId, key, clock, store, conflictLog, lineage, shadows, sync } = this;
    const clockLeadRefused: PullTarget['clockLeadRefused'] = (remote, nowMs) => (this.clockLead = { count: (this.clockLead?.count ?? 0) + 1, lastRemoteWallMs: remote.wallMs, atMs: nowMs });
    return { deviceId, key, clock, store, conflictLog, lineage, shadows, sync, compare: this.compare, merge: (incoming, nowMs) => this.mergeRemote(incoming, nowMs), clockLeadRefused };
  }

  /** One pulled version merged into the replica (a method of its own: broken test engines replace it). */
  private mergeRemote(incoming: RecordVersion, nowMs: number): void {
    mergeRemote({ store: this.store, conflictLog: this.conflictLog, clock: this.clock, lineage: this.lineage, compare: this.compare }, incoming, nowMs);
  }

  get stampMode(): StampMode {
    return this.clock.mode;
  }

  // ---- local CRUD: commits and queues in the same call, never waits on the network ----

  create(fields: Fields, wallMs: number): RecordVersion {
    const copy = copyFields(fields);
    this.outbox.assertRoom();
    const recordId = recordIdFor(this.deviceId, this.counters.record + 1);
    const version = this.commit(recordId, 'create', copy, wallMs);
    this.counters.record++;
    return version;
  }

  read(id: RecordId): RecordVersion | undefined {
    return this.store.visible(id);
  }

  list(): RecordVersion[] {
    return this.store.list();
  }

  edit(id: RecordId, fields: Fields, wallMs: number): RecordVersion {
    if (!this.store.visible(id)) throw new RecordNotFoundError(id);
    const copy = copyFields(fields);
    this.outbox.assertRoom();
    return this.commit(id, 'edit', copy, wallMs);
  }

  delete(id: RecordId, wallMs: number): RecordVersion {
    if (!this.store.visible(id)) throw new RecordNotFoundError(id);
    this.outbox.assertRoom();
    return this.commit(id, 'delete', {}, wallMs);
  }

  versions(): RecordVersion[] {
    return this.store.versions();
  }

  private commit(recordId: RecordId, kind: OpKind, fields: Fields, wallMs: number): RecordVersion {
    const held = this.store.get(recordId);
    const stamp = stampForWrite(this.clock, held, wallMs, this.deviceId, this.shadows.get(recordId), this.compare);
    this.counters.op++;
    const op: Op = { opId: opIdFor(this.deviceId, this.counters.op), recordId, deviceId: this.deviceId, kind, fields, stamp };
    const version = versionOf(op);
    this.lineage.record(op.opId, kind === 'create' ? null : (this.store.visible(recordId)?.opId ?? null));
    rememberShadow(this.shadows, recordId, held, stamp, this.compare);
    this.store.put(version);
    this.outbox.append(op);
    return version;
  }

  // ---- sync ----

  poll(nowMs: number): SyncRequest | undefined {
    if (!this.sync.canSend(nowMs)) return undefined;
    const base = { accountId: this.accountId, deviceId: this.deviceId, token: this.token };
    this.inFlightToken = this.token;
    if (this.outbox.size > 0) {
      const ops = this.outbox.head(this.sync.policy.maxPushBatch).map((op) => this.seal(op));
      const requestId = this.nextRequestId();
      this.sync.inFlight = { requestId, type: 'push', opIds: ops.map((o) => o.opId) };
      return { type: 'push', requestId, ...base, ops };
    }
    if (this.sync.pullWanted(nowMs)) {
      const requestId = this.nextRequestId();
      this.sync.inFlight = { requestId, type: 'pull' };
      return { type: 'pull', requestId, ...base, cursor: this.sync.cursor, limit: this.sync.policy.pullLimit };
    }
    const action = this.actions.nextPending();
    if (action) {
      const requestId = this.nextRequestId();
      this.actions.start(action.id);
      if (action.kind === 'backup') {
        this.sync.inFlight = { requestId, type: 'backup', actionId: action.id };
        return { type: 'backup', requestId, ...base, ciphertext: this.sealBackup() };
      }
      this.sync.inFlight = { requestId, type: 'admin', actionId: action.id };
      return { type: 'admin', requestId, ...base, action: action.kind };
    }
    return undefined;
  }

  receive(response: SyncResponse, nowMs: number): void {
    const inFlight = this.sync.inFlight;
    // Duplicated, late or foreign responses change nothing: only the request in flight is answered.
    if (!inFlight || response.requestId !== inFlight.requestId || response.type !== inFlight.type) return;
    this.sync.inFlight = null;
    if (!response.ok) {
      this.refused(inFlight, response.error, response.message, nowMs);
      return;
    }
    switch (response.type) {
      case 'push':
        this.outbox.ack(response.acked);
        for (const id of response.acked) this.sealed.delete(id);
        this.sync.pullDue = true;
        break;
      case 'pull': {
        const stopped = applyPull(this.pullTarget(), response, nowMs);
        if (stopped) {
          this.lastError = stopped;
          return;
        }
        break;
      }
      case 'backup':
      case 'admin':
        if (inFlight.type === 'backup' || inFlight.type === 'admin') this.actions.done(inFlight.actionId);
        break;
    }
    this.sync.succeeded();
    this.lastSyncOkAtMs = nowMs;
    this.lastError = null;
  }

  fail(requestId: string, reason: string, nowMs: number): void {
    const inFlight = this.sync.inFlight;
    if (!inFlight || inFlight.requestId !== requestId) return;
    this.sync.inFlight = null;
    this.lastError = { code: 'transport', atMs: nowMs, message: reason };
    if (inFlight.type === 'backup' || inFlight.type === 'admin') this.actions.failed(inFlight.actionId, 'transport', true);
    this.sync.failed(nowMs);
  }

  private refused(inFlight: NonNullable<SyncClient['inFlight']>, code: SyncErrorCode, message: string, nowMs: number): void {
    this.lastError = { code, atMs: nowMs, message };
    const actionId = inFlight.type === 'backup' || inFlight.type === 'admin' ? inFlight.actionId : null;
    switch (code) {
      case 'token-expired':
        // The session was renewed while this request was on the wire: retry with the new token.
        if (this.inFlightToken !== this.token) {
          this.lastError = null;
          if (actionId) this.actions.failed(actionId, 'transport', true);
          return;
        }
        // Sync waits for setToken; local use and the outbox are untouched.
        this.sync.authExpired = true;
        if (actionId) this.actions.failed(actionId, code, true);
        return;
      case 'account-deleted': {
        this.sync.accountDeleted = true;
        const action = actionId ? this.actions.get(actionId) : undefined;
        // A retried deletion whose first attempt already landed is a success.
        if (action && action.kind === 'delete-account') this.actions.done(action.id);
        else if (actionId) this.actions.failed(actionId, code, false);
        for (const a of this.actions.unfinished()) this.actions.failed(a.id, code, false);
        return;
      }
      case 'bad-request':
        if (actionId) this.actions.failed(actionId, code, false);
        this.sync.failed(nowMs);
        return;
      case 'unavailable':
        if (actionId) this.actions.failed(actionId, code, true);
        this.sync.failed(nowMs);
        return;
    }
  }

  syncNow(_nowMs: number): void {
    this.sync.pullDue = true;
    this.sync.succeeded();
  }

  nextWakeMs(nowMs: number): number | null {
    const work = this.outbox.size > 0 || this.actions.nextPending() !== undefined;
    return this.sync.nextWakeMs(nowMs, work);
  }

  setConnectivity(mode: ConnectivityMode, nowMs: number): void {
    this.sync.setConnectivity(mode);
    if (mode === 'offline' && this.sync.inFlight) {
      // The link is gone: the answer cannot arrive. Nothing is lost; the outbox still holds the ops.
      const inFlight = this.sync.inFlight;
      this.sync.inFlight = null;
      if (inFlight.type === 'backup' || inFlight.type === 'admin') this.actions.failed(inFlight.actionId, 'transport', true);
      this.lastError = { code: 'transport', atMs: nowMs, message: 'reconciler: went offline with a request in flight' };
    }
  }

  setToken(token: string, _nowMs: number): void {
    this.token = token;
    this.sync.authExpired = false;
    this.sync.pullDue = true;
    this.sync.succeeded();
    if (this.lastError?.code === 'token-expired') this.lastError = null;
  }

  requestBackup(_nowMs: number): string {
    return this.queueAction('backup');
  }

  requestAdmin(action: AdminAction, _nowMs: number): string {
    return this.queueAction(action);
  }

  private queueAction(kind: 'backup' | AdminAction): string {
    const id = `${this.deviceId}/x${this.counters.action + 1}`;
    this.actions.add(id, kind);
    this.counters.action++;
    return id;
  }

  status(): SyncStatus {
    return {
      connectivity: this.sync.connectivity,
      pendingOps: this.outbox.size,
      inFlight: this.sync.inFlight !== null,
      lastSyncOkAtMs: this.lastSyncOkAtMs,
      lastError: this.lastError,
      authExpired: this.sync.authExpired,
      retryAtMs: this.sync.backoff.pendingRetryAtMs,
      remoteActions: this.actions.status(),
      ...(this.clockLead ? { clockLeadRefused: { ...this.clockLead } } : {}),
    };
  }

  conflicts(): readonly ConflictEntry[] {
    return this.conflictLog.list();
  }

  /** Conflict entries ever recorded (the retained list is bounded). */
  conflictsTotal(): number {
    return this.conflictLog.total;
  }

  /** The pull cursor (highest server seq applied). */
  cursor(): number {
    return this.sync.cursor;
  }

  /** Ops still waiting for an ack, oldest first. */
  pendingOps(): Op[] {
    return this.outbox.all();
  }

  save(): DurableSnapshot & SnapshotData {
    return {
      format: SNAPSHOT_FORMAT,
      deviceId: this.deviceId,
      accountId: this.accountId,
      stampMode: this.clock.mode,
      clock: encodeStamp(this.clock.last),
      counters: { ...this.counters },
      records: this.store.versions().map(versionToJson),
      outbox: this.outbox.all().map(opToJson),
      cursor: this.sync.cursor,
      conflicts: this.conflictLog.list().map(conflictToJson),
      conflictsTotal: this.conflictLog.total,
      remoteActions: this.actions.unfinished().map(actionToJson),
      token: this.token,
      authExpired: this.sync.authExpired,
      accountDeleted: this.sync.accountDeleted,
      shadows: [...this.shadows.values()].map(versionToJson),
      lineage: this.lineage.toJson(),
    };
  }

  private nextRequestId(): string {
    this.counters.request++;
    return `${this.deviceId}/q${this.counters.request}`;
  }

  private seal(op: Op): WireOp {
    const cached = this.sealed.get(op.opId);
    if (cached) return cached;
    const meta = { opId: op.opId, recordId: op.recordId, deviceId: op.deviceId, stamp: encodeStamp(op.stamp) };
    const wire: WireOp = { ...meta, ciphertext: encryptPayload(this.key, this.nonces, { kind: op.kind, fields: op.fields, base: this.lineage.baseOf(op.opId) }, opBinding(meta)) };
    this.sealed.set(op.opId, wire);
    return wire;
  }

  private sealBackup(): string {
    const versions = this.store.versions().map(versionToJson);
    return sealText(this.key, this.nonces, canonicalJson({ format: 'sync-lab/backup/v1', deviceId: this.deviceId, versions }), `backup:${this.accountId}`);
  }
}

export function restoreReconciler(snapshot: DurableSnapshot, options: ReconcilerOptions): DefaultReconciler {
  return new DefaultReconciler(options, parseSnapshot(snapshot));
}
