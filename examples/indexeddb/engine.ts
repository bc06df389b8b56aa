/**
 * An async engine the way an offline-first web app writes one: every record, the outbox and the pull
 * cursor live in IndexedDB (fake-indexeddb), every operation is a promise, and a queue (the outbox
 * store) is pushed to the lab's built-in sync server and retried with exponential backoff when a
 * request fails. Last-write-wins by a hybrid logical clock; content sealed with the account key
 * (sync-lab's channel); each op carries the op its writer was editing, so concurrent writes are logged
 * as conflicts and updates are not.
 *
 * Every method that touches the database returns a promise and runs inside
 * `DeterministicTasks.during` (see deterministic-tasks.ts: fake-indexeddb's tasks on microtasks, not
 * on the event loop). `status()` and `conflicts()` answer from memory, as an app's view model would.
 */
// The public API (the adapter kit and the seam's types), as a user imports it from 'sync-lab'.
import { ChannelError, decodeStamp, decryptPayload, encodeStamp, encryptPayload, opBinding, RecordNotFoundError } from '../../src/api/index.ts';
import type { ConflictEntry, ConnectivityMode, DurableSnapshot, Fields, PulledOp, ReconcilerOptions, RecordVersion, Stamp, SyncRequest, SyncResponse, SyncStatus, WireOp } from '../../src/api/index.ts';
import { SHARED_TASKS } from './deterministic-tasks.ts';
import { JournalStore, STORES } from './store.ts';
import type { Change, Dump } from './store.ts';

const MAX_PUSH = 16;
const PULL_LIMIT = 64;
const PULL_INTERVAL_MS = 5_000;
const BACKOFF_INITIAL_MS = 500;
const BACKOFF_MAX_MS = 30_000;
export const SNAPSHOT_FORMAT = 'indexeddb-journal/1';

interface Row {
  readonly id: string;
  readonly fields: Fields;
  readonly stamp: string;
  readonly deleted: boolean;
  readonly opId: string;
}
interface OutboxRow {
  readonly seq: number;
  readonly op: WireOp;
}
interface State {
  readonly key: 'state';
  records: number;
  ops: number;
  requests: number;
  outboxSeq: number;
  cursor: number;
  hlcWall: number;
  hlcCounter: number;
}
const FRESH: State = { key: 'state', records: 0, ops: 0, requests: 0, outboxSeq: 0, cursor: 0, hlcWall: 0, hlcCounter: 0 };

function compare(a: Stamp, b: Stamp): number {
  return a.wallMs - b.wallMs || a.counter - b.counter || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0);
}

function versionOf(row: Row): RecordVersion {
  return { id: row.id, fields: row.fields, stamp: decodeStamp(row.stamp), deleted: row.deleted, opId: row.opId };
}

export class IndexedDbEngine {
  readonly deviceId: string;
  private readonly tasks = SHARED_TASKS;
  private mode: ConnectivityMode = 'online';
  private token: string;
  private authExpired = false;
  private inFlight: { requestId: string; type: SyncRequest['type'] } | null = null;
  private pending = 0;
  private lastOkAtMs: number | null = null;
  private lastError: SyncStatus['lastError'] = null;
  private failures = 0;
  private retryAtMs: number | null = null;
  private pullDueAtMs = 0;
  private readonly log: ConflictEntry[] = [];

  private constructor(
    private readonly options: ReconcilerOptions,
    private readonly db: JournalStore,
  ) {
    this.deviceId = options.deviceId;
    this.token = options.token;
  }

  static create(options: ReconcilerOptions): Promise<IndexedDbEngine> {
    return SHARED_TASKS.during(async () => new IndexedDbEngine(options, await JournalStore.open(`journal-${options.deviceId}`)));
  }

  static restore(snapshot: DurableSnapshot, options: ReconcilerOptions): Promise<IndexedDbEngine> {
    if (snapshot.format !== SNAPSHOT_FORMAT || typeof snapshot['stores'] !== 'object' || snapshot['stores'] === null) {
      throw new Error(`indexeddb adapter: not a ${SNAPSHOT_FORMAT} snapshot (format ${String(snapshot.format)})`);
    }
    // A store missing or not a list of rows is a damaged snapshot, not an empty store (nothing read as empty unsaid).
    const stores = snapshot['stores'] as Record<string, unknown>;
    const bad = STORES.find((s) => !Array.isArray(stores[s]) || !(stores[s] as unknown[]).every((row) => typeof row === 'object' && row !== null && !Array.isArray(row)));
    if (Array.isArray(stores) || bad !== undefined) throw new Error(`indexeddb adapter: damaged snapshot: stores.${bad ?? '(all)'} is not a list of rows`);
    // Another device's snapshot (storage restored from its backup) is not this device's state.
    if (snapshot.deviceId !== options.deviceId) throw new Error(`indexeddb adapter: the snapshot is device ${String(snapshot.deviceId)}'s, not ${options.deviceId}'s`);
    return SHARED_TASKS.during(async () => {
      const engine = new IndexedDbEngine(options, await JournalStore.load(`journal-${options.deviceId}`, snapshot['stores'] as Dump));
      engine.pending = await engine.db.count('outbox');
      return engine;
    });
  }

  private async state(): Promise<State> {
    return { ...((await this.db.get<State>('meta', 'state')) ?? FRESH) };
  }

  /** The hybrid logical clock's next stamp (the state is saved by the caller's transaction). */
  private tick(s: State, wallMs: number): Stamp {
    const wall = Math.max(0, Math.floor(wallMs));
    if (wall > s.hlcWall) {
      s.hlcWall = wall;
      s.hlcCounter = 0;
    } else s.hlcCounter++;
    return { wallMs: s.hlcWall, counter: s.hlcCounter, deviceId: this.deviceId };
  }

  private observe(s: State, remote: Stamp): void {
    if (remote.wallMs > s.hlcWall) {
      s.hlcWall = remote.wallMs;
      s.hlcCounter = remote.counter;
    } else if (remote.wallMs === s.hlcWall) s.hlcCounter = Math.max(s.hlcCounter, remote.counter);
  }

  // ---- local CRUD --------------------------------------------------------------------------------

  private async write(kind: 'create' | 'edit' | 'delete', id: string | null, fields: Fields, wallMs: number): Promise<RecordVersion> {
    const s = await this.state();
    let recordId = id;
    let base: string | null = null;
    if (recordId === null) recordId = `${this.deviceId}/r${++s.records}`;
    else {
      const shown = await this.db.get<Row>('records', recordId);
      if (!shown || shown.deleted) throw new RecordNotFoundError(recordId);
      base = shown.opId;
    }
    const opId = `${this.deviceId}/o${++s.ops}`;
    const stamp = encodeStamp(this.tick(s, wallMs));
    const row: Row = { id: recordId, fields: kind === 'delete' ? {} : fields, stamp, deleted: kind === 'delete', opId };
    const bare = { opId, recordId, deviceId: this.deviceId, stamp };
    const ciphertext = encryptPayload(this.options.accountKey, this.options.nonces, { kind, fields: row.fields, base }, opBinding(bare));
    await this.db.commit([
      { store: 'records', put: row },
      { store: 'outbox', put: { seq: ++s.outboxSeq, op: { ...bare, ciphertext } } },
      { store: 'lineage', put: { opId, base } },
      { store: 'meta', put: s },
    ]);
    this.pending++;
    return versionOf(row);
  }

  create(fields: Fields, wallMs: number): Promise<RecordVersion> {
    return this.tasks.during(() => this.write('create', null, fields, wallMs));
  }

  edit(id: string, fields: Fields, wallMs: number): Promise<RecordVersion> {
    return this.tasks.during(() => this.write('edit', id, fields, wallMs));
  }

  delete(id: string, wallMs: number): Promise<RecordVersion> {
    return this.tasks.during(() => this.write('delete', id, {}, wallMs));
  }

  read(id: string): Promise<RecordVersion | undefined> {
    return this.tasks.during(async () => {
      const row = await this.db.get<Row>('records', id);
      return row && !row.deleted ? versionOf(row) : undefined;
    });
  }

  versions(): Promise<RecordVersion[]> {
    return this.tasks.during(async () => (await this.db.all<Row>('records')).map(versionOf));
  }

  async list(): Promise<RecordVersion[]> {
    return (await this.versions()).filter((v) => !v.deleted);
  }

  // ---- sync --------------------------------------------------------------------------------------

  poll(nowMs: number): Promise<SyncRequest | undefined> {
    return this.tasks.during(async () => {
      if (this.mode === 'offline' || this.inFlight !== null || this.authExpired) return undefined;
      if (this.retryAtMs !== null && nowMs < this.retryAtMs) return undefined;
      const s = await this.state();
      const queued = await this.db.all<OutboxRow>('outbox', MAX_PUSH);
      const head = { requestId: `${this.deviceId}/q${++s.requests}`, accountId: this.options.accountId, deviceId: this.deviceId, token: this.token };
      let request: SyncRequest;
      if (queued.length > 0) request = { ...head, type: 'push', ops: queued.map((q) => q.op) };
      else if (nowMs >= this.pullDueAtMs) request = { ...head, type: 'pull', cursor: s.cursor, limit: PULL_LIMIT };
      else return undefined;
      await this.db.commit([{ store: 'meta', put: s }]);
      this.inFlight = { requestId: request.requestId, type: request.type };
      return request;
    });
  }

  receive(response: SyncResponse, nowMs: number): Promise<void> {
    return this.tasks.during(async () => {
      const awaited = this.inFlight?.requestId === response.requestId;
      if (awaited) this.inFlight = null;
      if (!response.ok) {
        if (!awaited) return;
        if (response.error === 'token-expired') this.authExpired = true;
        this.backoff(response.error, response.message, nowMs);
        return;
      }
      if (response.type === 'push') {
        // Acked ops are on the server whether or not this answer was awaited: drop them from the queue.
        const acked = new Set(response.acked);
        const rows = await this.db.all<OutboxRow>('outbox');
        const gone = rows.filter((r) => acked.has(r.op.opId));
        await this.db.commit(gone.map((r): Change => ({ store: 'outbox', del: r.seq })));
        this.pending = rows.length - gone.length;
      } else if (response.type === 'pull' && awaited) {
        const s = await this.state();
        for (const op of response.ops) {
          try {
            await this.merge(s, op, nowMs);
          } catch (error) {
            // An op it cannot open (damaged in transit): stop before it, keep the clock it observed, say
            // why and retry with backoff; the cursor stays, so the next pull brings the op again.
            if (!(error instanceof ChannelError)) throw error;
            await this.db.commit([{ store: 'meta', put: s }]);
            this.backoff('bad-request', `pulled op ${op.opId} (seq ${op.seq}) rejected: ${error.message}`, nowMs);
            return;
          }
        }
        s.cursor = Math.max(s.cursor, response.cursor);
        await this.db.commit([{ store: 'meta', put: s }]);
        this.pullDueAtMs = response.more ? nowMs : nowMs + PULL_INTERVAL_MS;
      }
      if (awaited) {
        this.lastOkAtMs = nowMs;
        this.failures = 0;
        this.retryAtMs = null;
      }
    });
  }

  private async merge(s: State, op: PulledOp, nowMs: number): Promise<void> {
    const payload = decryptPayload(this.options.accountKey, op.ciphertext, opBinding(op));
    const remote = decodeStamp(op.stamp);
    this.observe(s, remote);
    const changes: Change[] = [{ store: 'lineage', put: { opId: op.opId, base: payload.base ?? null } }];
    const shown = await this.db.get<Row>('records', op.recordId);
    if (shown?.opId === op.opId) return;
    if (!shown || compare(remote, decodeStamp(shown.stamp)) > 0) {
      changes.push({ store: 'records', put: { id: op.recordId, fields: payload.kind === 'delete' ? {} : payload.fields, stamp: op.stamp, deleted: payload.kind === 'delete', opId: op.opId } });
      await this.db.commit(changes);
      if (shown && !(await this.descends(op.opId, shown.opId, payload.base ?? null))) this.conflict(op.recordId, remote, decodeStamp(shown.stamp), 'remote-won', nowMs);
      return;
    }
    await this.db.commit(changes);
    if (!(await this.descends(shown.opId, op.opId, null))) this.conflict(op.recordId, decodeStamp(shown.stamp), remote, 'local-kept', nowMs);
  }

  /** True when `later` was written after seeing `earlier`, walking the lineage store. */
  private async descends(later: string, earlier: string, knownBase: string | null): Promise<boolean> {
    let at: string | null = knownBase ?? (await this.db.get<{ base: string | null }>('lineage', later))?.base ?? null;
    for (let hops = 0; at !== null && hops < 10_000; hops++) {
      if (at === earlier) return true;
      at = (await this.db.get<{ base: string | null }>('lineage', at))?.base ?? null;
    }
    return false;
  }

  private conflict(recordId: string, winner: Stamp, loser: Stamp, outcome: ConflictEntry['outcome'], atMs: number): void {
    this.log.push({ recordId, winner, loser, rule: 'lww-hlc', outcome, atMs });
  }

  private backoff(code: NonNullable<SyncStatus['lastError']>['code'], message: string, nowMs: number): void {
    this.failures++;
    this.lastError = { code, atMs: nowMs, message };
    this.retryAtMs = nowMs + Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** (this.failures - 1));
  }

  fail(requestId: string, reason: string, nowMs: number): void {
    if (this.inFlight?.requestId !== requestId) return;
    this.inFlight = null;
    this.backoff('transport', reason, nowMs);
  }

  nextWakeMs(nowMs: number): number | null {
    if (this.mode === 'offline' || this.inFlight !== null || this.authExpired) return null;
    const due = this.pending > 0 ? nowMs : this.pullDueAtMs;
    return Math.max(due, this.retryAtMs ?? due);
  }

  setConnectivity(mode: ConnectivityMode, _nowMs: number): void {
    this.mode = mode;
    if (mode === 'offline') this.inFlight = null;
  }

  setToken(token: string, _nowMs: number): void {
    this.token = token;
    this.authExpired = false;
    this.retryAtMs = null;
  }

  requestBackup(_nowMs: number): string {
    throw new Error('indexeddb adapter: no backups (capabilities.remoteActions is empty)');
  }

  requestAdmin(_action: string, _nowMs: number): string {
    throw new Error('indexeddb adapter: no admin actions (capabilities.remoteActions is empty)');
  }

  syncNow(nowMs: number): void {
    this.pullDueAtMs = nowMs;
    this.retryAtMs = null;
  }

  status(): SyncStatus {
    return {
      connectivity: this.mode,
      pendingOps: this.pending,
      inFlight: this.inFlight !== null,
      lastSyncOkAtMs: this.lastOkAtMs,
      lastError: this.lastError,
      authExpired: this.authExpired,
      retryAtMs: this.retryAtMs,
      remoteActions: [],
    };
  }

  conflicts(): readonly ConflictEntry[] {
    return this.log;
  }

  save(): Promise<DurableSnapshot> {
    return this.tasks.during(async () => ({ format: SNAPSHOT_FORMAT, deviceId: this.deviceId, stores: await this.db.dump() }));
  }
}
