/**
 * The Yjs relay: the server side of the adapter's own protocol, written the way a y-websocket style
 * relay works (a client says what it has with its state vector and sends its new updates; the
 * server keeps every update and answers with what the client lacks) but end-to-end encrypted: each
 * update arrives sealed with the account key, labelled in clear with the Yjs client id and the range
 * of that client's clock it covers. The server cannot merge sealed updates (`Y.mergeUpdates` needs
 * the plaintext), so it keeps them side by side, indexed by those ranges, and answers a state vector
 * with every update that goes beyond it: the same diff `Y.diffUpdate` would compute, at the
 * granularity of whole updates. Deduplication is by range, so a repeated push stores nothing new.
 *
 * Sans-IO: `handle` reads no clock but `nowMs` and returns at once.
 */
// @ts-nocheck


/**
 * The writes a sealed update carries, labelled in clear as sync-lab's own protocol labels its ops
 * (op id, record id, stamp: documented metadata there too), so the server can say which writes it
 * holds (`storedVersions`) without the key. The label is bound to the box (AEAD associated data).
 */
export interface WriteLabel {
  readonly opId: string;
  readonly recordId: string;
  readonly stamp: string;
}

/** One sealed Yjs update: `box` is base64 AEAD of the update, bound to `client:from:to` and its labels. */
export interface SealedUpdate {
  readonly client: number;
  readonly from: number;
  readonly to: number;
  readonly writes: readonly WriteLabel[];
  readonly box: string;
}

/** The associated data a box is sealed with: its range and labels, so the server cannot relabel it. */
export function boxBinding(u: Omit<SealedUpdate, 'box'>): string {
  return JSON.stringify([u.client, u.from, u.to, u.writes.map((w) => [w.opId, w.recordId, w.stamp])]);
}

export interface SyncMessage {
  readonly type: 'sync';
  readonly requestId: string;
  readonly deviceId: string;
  /** The sender's own Yjs client id. */
  readonly client: number;
  /** The sender's state vector, [client id, clock] pairs. */
  readonly sv: readonly (readonly [number, number])[];
  /** The sender's updates the server has not acknowledged yet, oldest first. */
  readonly updates: readonly SealedUpdate[];
}

export type SyncAnswer =
  | {
      readonly type: 'sync';
      readonly requestId: string;
      readonly ok: true;
      /** How far the server holds the sender's own clock without a gap: updates up to it are stored. */
      readonly ackedTo: number;
      /** Every stored update beyond the sender's state vector. */
      readonly updates: readonly SealedUpdate[];
    }
  | { readonly type: 'sync'; readonly requestId: string; readonly ok: false; readonly error: string };

/** The documented metadata of a request (exposure E2): everything but the sealed boxes is routing. */
export const YJS_METADATA: readonly string[] = ['type', 'requestId', 'deviceId', 'client', 'sv', 'updates[].client', 'updates[].from', 'updates[].to', 'updates[].writes', 'updates[].box'];

interface Stored extends SealedUpdate {
  readonly device: string;
  readonly receivedAtMs: number;
}

function isUint(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
}

/** Why a message is not a sync message, or null when it is one. */
export function invalidSync(m: unknown): string | null {
  if (m === null || typeof m !== 'object') return 'not an object';
  const s = m as Record<string, unknown>;
  if (s['type'] !== 'sync') return 'type must be "sync"';
  if (typeof s['requestId'] !== 'string' || s['requestId'] === '') return 'requestId must be a non-empty string';
  if (typeof s['deviceId'] !== 'string') return 'deviceId must be a string';
  if (!isUint(s['client'])) return 'client must be a uint32';
  const sv = s['sv'];
  if (!Array.isArray(sv) || !sv.every((p) => Array.isArray(p) && p.length === 2 && isUint(p[0]) && isUint(p[1]))) return 'sv must be [client, clock] pairs';
  const ups = s['updates'];
  if (!Array.isArray(ups)) return 'updates must be a list';
  for (const u of ups as unknown[]) {
    const x = u as Record<string, unknown> | null;
    if (!x || !isUint(x['client']) || !isUint(x['from']) || !isUint(x['to']) || typeof x['box'] !== 'string') return 'each update needs client, from, to, writes and box';
    const writes = x['writes'];
    if (!Array.isArray(writes) || !writes.every((w) => w && typeof w.opId === 'string' && typeof w.recordId === 'string' && typeof w.stamp === 'string')) return 'writes must be {opId, recordId, stamp} labels';
    if ((x['from'] as number) >= (x['to'] as number)) return 'an update must cover at least one clock tick (from < to)';
    if (x['client'] !== s['client']) return 'a device pushes only its own client id';
  }
  return null;
}

export class YjsRelay {
  /** Per client id: its updates, kept sorted by `from`. */
  private readonly byClient = new Map<number, Stored[]>();

  /** `stored`/`deduplicated`: the op ids of the writes this message stored anew, or that were there already. */
  handle(message: unknown, nowMs: number, deviceId: string): { response: SyncAnswer; stored: string[]; deduplicated: string[] } {
    const why = invalidSync(message);
    if (why !== null) {
      const requestId = typeof (message as { requestId?: unknown } | null)?.requestId === 'string' ? (message as { requestId: string }).requestId : '';
      return { response: { type: 'sync', requestId, ok: false, error: `bad-request: ${why}` }, stored: [], deduplicated: [] };
    }
    const m = message as SyncMessage;
    const stored: string[] = [];
    const deduplicated: string[] = [];
    for (const u of m.updates) {
      const list = this.byClient.get(u.client) ?? [];
      if (list.some((s) => s.from === u.from && s.to === u.to)) {
        deduplicated.push(...u.writes.map((w) => w.opId));
        continue;
      }
      list.push({ client: u.client, from: u.from, to: u.to, writes: u.writes.map((w) => ({ ...w })), box: u.box, device: deviceId, receivedAtMs: nowMs });
      list.sort((x, y) => x.from - y.from || x.to - y.to);
      this.byClient.set(u.client, list);
      stored.push(...u.writes.map((w) => w.opId));
    }
    const known = new Map(m.sv.map(([c, clock]) => [c, clock]));
    const updates: SealedUpdate[] = [];
    for (const client of [...this.byClient.keys()].sort((x, y) => x - y)) {
      const has = known.get(client) ?? 0;
      for (const s of this.byClient.get(client)!) if (s.to > has) updates.push({ client: s.client, from: s.from, to: s.to, writes: s.writes, box: s.box });
    }
    return { response: { type: 'sync', requestId: m.requestId, ok: true, ackedTo: this.contiguous(m.client), updates }, stored, deduplicated };
  }

  /** How far a client's clock is covered from 0 without a gap. */
  contiguous(client: number): number {
    let covered = 0;
    for (const s of this.byClient.get(client) ?? []) {
      if (s.from > covered) break;
      covered = Math.max(covered, s.to);
    }
    return covered;
  }

  /** The writes the server holds, by their labels (for the lab's convergence and durability checks). */
  storedVersions(): WriteLabel[] {
    return this.state().updates.flatMap((u) => u.writes.map((w) => ({ ...w })));
  }

  /** Everything the server stores, as JSON (the plaintext scan reads all of it). */
  state(): { updates: Stored[] } {
    const updates: Stored[] = [];
    for (const client of [...this.byClient.keys()].sort((x, y) => x - y)) updates.push(...this.byClient.get(client)!.map((s) => ({ ...s })));
    return { updates };
  }
}
