/**
 * The journal as Yjs holds it on one device: one `Y.Doc`, a root `Y.Map` named `entries` with one
 * nested `Y.Map` per journal entry. An entry map holds the entry's fields as keys (an edit sets only
 * the fields that changed, the idiomatic Yjs way, so concurrent edits of different fields both
 * survive) and one meta key, `_w`: who wrote the entry last, as the lab needs it (op id, the op the
 * writer was editing, the writer's wall clock). Every write sets `_w`, so which write a device shows is
 * decided by Yjs's own rule for concurrent `set`s of one key: by client id, not by time.
 *
 * No timers, no randomness: the client id is given (the adapter derives it from the device id), and
 * the doc's guid is fixed.
 */
// @ts-nocheck

import * as Y from 'yjs';

export type FieldValue = string | number | boolean | null | readonly string[];
export type Fields = Readonly<Record<string, FieldValue>>;

/** The meta key every write sets: the lab's view of the write. */
export interface WriteMeta {
  readonly op: string;
  readonly rec: string;
  /** The op the writer showed for this entry when it wrote (null for a create). */
  readonly base: string | null;
  /** The write's stamp (a hybrid logical clock the adapter keeps): wall ms, then a counter. */
  readonly at: number;
  readonly n: number;
  readonly dev: string;
  readonly deleted: boolean;
}

export interface EntryView {
  readonly meta: WriteMeta;
  /** The entry's fields as the device shows them ({} for a tombstone). */
  readonly fields: Fields;
}

/** One local transaction's Yjs update and the range of its client's clock it covers. */
export interface LocalUpdate {
  readonly client: number;
  readonly from: number;
  readonly to: number;
  readonly update: Uint8Array;
}

const META = '_w';
const LOCAL = 'local';

/** A 32-bit client id from a device id (FNV-1a): stable, so a replay gives the same ids. */
export function clientIdOf(deviceId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    h ^= deviceId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class JournalDoc {
  readonly doc: Y.Doc;
  private readonly entries: Y.Map<Y.Map<unknown>>;

  constructor(readonly client: number) {
    this.doc = new Y.Doc({ guid: 'sync-lab-journal', gc: true });
    this.doc.clientID = client;
    this.entries = this.doc.getMap('entries');
  }

  /** Rebuilds a doc from `encodeState()` of an earlier one (same client id). */
  static fromState(client: number, state: Uint8Array): JournalDoc {
    // Applied under another client id, then given its own back: Yjs sees its own id in a remote update
    // as a clash and would switch to a random id (nondeterministic, and a new "writer" after every restart).
    const d = new JournalDoc((client ^ 0x5a5a5a5a) >>> 0);
    Y.applyUpdate(d.doc, state, 'restore');
    d.doc.clientID = client;
    (d as { client: number }).client = client;
    return d;
  }

  /** The client's own clock: how many structs it has written. */
  clock(): number {
    return Y.getState(this.doc.store, this.client);
  }

  /**
   * Writes one entry (create, edit or tombstone) in one Yjs transaction and returns the update it made.
   * A create makes the nested map; an edit sets the changed fields and removes fields no longer there.
   */
  write(meta: WriteMeta, fields: Fields): { meta: WriteMeta; update: LocalUpdate } {
    const from = this.clock();
    const full: WriteMeta = { ...meta };
    let captured: Uint8Array | undefined;
    const onUpdate = (update: Uint8Array, origin: unknown): void => {
      if (origin === LOCAL) captured = update;
    };
    this.doc.on('update', onUpdate);
    try {
      this.doc.transact(() => {
        let entry = this.entries.get(meta.rec);
        if (!entry) {
          entry = new Y.Map<unknown>();
          this.entries.set(meta.rec, entry);
        }
        if (!meta.deleted) {
          for (const [k, v] of Object.entries(fields)) if (!sameValue(entry.get(k), v)) entry.set(k, v);
          for (const k of [...entry.keys()]) if (k !== META && !(k in fields)) entry.delete(k);
        }
        entry.set(META, full);
      }, LOCAL);
    } finally {
      this.doc.off('update', onUpdate);
    }
    if (!captured) throw new Error(`yjs adapter: the write of ${meta.rec} made no Yjs update`);
    return { meta: full, update: { client: this.client, from, to: this.clock(), update: captured } };
  }

  /** The entry as this device shows it, tombstones included; undefined when it has none. */
  view(recordId: string): EntryView | undefined {
    const entry = this.entries.get(recordId);
    const meta = entry?.get(META) as WriteMeta | undefined;
    if (!entry || !meta) return undefined;
    if (meta.deleted) return { meta, fields: {} };
    const fields: Record<string, FieldValue> = {};
    for (const k of [...entry.keys()].sort()) if (k !== META) fields[k] = entry.get(k) as FieldValue;
    return { meta, fields };
  }

  /** Every entry id, sorted. */
  ids(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Applies an update from another device (any order, any number of times: Yjs makes it idempotent). */
  applyRemote(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, 'remote');
  }

  /** The state vector: per client id, how much of its history this doc has integrated. */
  stateVector(): [number, number][] {
    return [...Y.decodeStateVector(Y.encodeStateVector(this.doc)).entries()].sort((a, b) => a[0] - b[0]);
  }

  encodeState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }
}

/**
 * The writes an update carries (its `_w` values), read from Yjs's own update encoding. An item that
 * follows an earlier one of the same key carries no key name in the encoding, so `_w` values are
 * known by their shape: the only object values an entry holds (fields are scalars or string lists).
 */
export function writesIn(update: Uint8Array): WriteMeta[] {
  const found: WriteMeta[] = [];
  for (const s of Y.decodeUpdate(update).structs) {
    if (!(s instanceof Y.Item)) continue;
    for (const c of s.content.getContent()) {
      if (c !== null && typeof c === 'object' && !Array.isArray(c) && 'op' in c && 'rec' in c) found.push(c as WriteMeta);
    }
  }
  return found;
}
