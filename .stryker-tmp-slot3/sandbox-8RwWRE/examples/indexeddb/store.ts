/**
 * The device's database: an IndexedDB database (fake-indexeddb, one `IDBFactory` per device, so each
 * device has its own disk) with four object stores, and promise wrappers the engine awaits:
 *   records  the visible version of each record, tombstones included (key: record id)
 *   outbox   local ops not yet acknowledged by the server, in commit order (key: seq)
 *   lineage  op id → the op its writer was editing (tells an update from a conflict)
 *   meta     counters, the pull cursor and the hybrid logical clock (one row, key 'state')
 * Every method must run inside `DeterministicTasks.during` (the engine's calls do).
 */
// @ts-nocheck

import { IDBFactory } from 'fake-indexeddb';

export const STORES = ['records', 'outbox', 'lineage', 'meta'] as const;
export type StoreName = (typeof STORES)[number];

/** One write of a transaction: put a row (in-line key) or delete a key. */
export type Change = { readonly store: StoreName; readonly put: unknown } | { readonly store: StoreName; readonly del: IDBValidKey };

export type Dump = Record<StoreName, unknown[]>;

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexeddb adapter: request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('indexeddb adapter: transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('indexeddb adapter: transaction aborted'));
  });
}

export class JournalStore {
  private constructor(private readonly db: IDBDatabase) {}

  /** Opens (creating on first use) the journal database of a fresh disk. */
  static async open(name: string): Promise<JournalStore> {
    const request = new IDBFactory().open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('records', { keyPath: 'id' });
      db.createObjectStore('outbox', { keyPath: 'seq' });
      db.createObjectStore('lineage', { keyPath: 'opId' });
      db.createObjectStore('meta', { keyPath: 'key' });
    };
    return new JournalStore(await settle(request));
  }

  async get<T>(store: StoreName, key: IDBValidKey): Promise<T | undefined> {
    const tx = this.db.transaction(store, 'readonly');
    return (await settle(tx.objectStore(store).get(key))) as T | undefined;
  }

  /** Rows in key order, at most `limit`. */
  async all<T>(store: StoreName, limit?: number): Promise<T[]> {
    const tx = this.db.transaction(store, 'readonly');
    return (await settle(tx.objectStore(store).getAll(null, limit))) as T[];
  }

  async count(store: StoreName): Promise<number> {
    const tx = this.db.transaction(store, 'readonly');
    return settle(tx.objectStore(store).count());
  }

  /** Applies every change in one readwrite transaction: all of them or none. */
  async commit(changes: readonly Change[]): Promise<void> {
    const names = [...new Set(changes.map((c) => c.store))];
    if (names.length === 0) return;
    const tx = this.db.transaction(names, 'readwrite');
    for (const c of changes) {
      const s = tx.objectStore(c.store);
      if ('put' in c) s.put(c.put);
      else s.delete(c.del);
    }
    await done(tx);
  }

  /** Every row of every store: what survives a crash, as JSON. */
  async dump(): Promise<Dump> {
    const out = {} as Dump;
    for (const s of STORES) out[s] = await this.all(s);
    return out;
  }

  /** A fresh disk holding `dump` (a device restarting from its durable state). */
  static async load(name: string, dump: Dump): Promise<JournalStore> {
    const store = await JournalStore.open(name);
    await store.commit(STORES.flatMap((s) => (dump[s] ?? []).map((row) => ({ store: s, put: row }))));
    return store;
  }
}
