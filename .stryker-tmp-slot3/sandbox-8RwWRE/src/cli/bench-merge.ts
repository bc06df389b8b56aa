/**
 * Merge throughput of `sync-lab bench`: the default reconciler's merge against TinyBase's
 * `MergeableStore` and a Yjs `Y.Map`, applying the same workload.
 *
 * The workload: `writers` devices each write journal entries (5 fields: a date, a pain level, two
 * lists, a note) to `records` shared record ids, `ops` writes in all, round-robin over the writers,
 * with wall times rising 1 ms per write (seeded, so every run and every library gets the same ops).
 * No writer sees another's writes, so writes to one record are concurrent and each library settles
 * them by its own last-writer-wins rule. One fresh receiving replica then applies every write, in
 * write order; only that apply phase is timed, and the figure is writes applied per second.
 *
 * How a write maps onto each:
 * - default reconciler: one `RecordVersion` (whole record, HLC stamp {wallMs, 0, writer}) merged
 *   with `mergeVersion` into a Map of visible versions (what `receive` does per pulled op, without
 *   decryption or the outbox).
 * - TinyBase: `setRow('records', id, fields)` on the writer's MergeableStore (lists as JSON text:
 *   cells hold strings, numbers and booleans), its transaction's mergeable changes captured with
 *   `getTransactionMergeableChanges()`, applied with `applyMergeableChanges` (per-cell HLC LWW).
 * - Yjs: `Y.Map.set(id, fields)` (the whole record as one value) in the writer's `Y.Doc`, the update
 *   captured from the doc's `update` event, applied with `Y.applyUpdate` (per-key LWW by client id).
 *
 * TinyBase and Yjs are devDependencies: they are loaded only when this section runs (an installed
 * package has neither, and its CLI must start without them).
 */
// @ts-nocheck

import type { MergeableChanges } from 'tinybase';
import { UsageError } from '../io/usage-error.ts';
import type { RecordVersion } from '../core/record.ts';
import { mergeVersion } from '../reconciler/merge.ts';
import { figure } from './bench-stats.ts';
import type { Figure } from './bench-stats.ts';

export interface MergeWorkload {
  writers: number;
  records: number;
  ops: number;
}

interface Write {
  writer: string;
  record: string;
  wallMs: number;
  fields: { date: string; painLevel: number; locations: string[]; medications: string[]; notes: string };
}

const EPOCH_MS = 1_773_705_600_000;

/** The writes, the same for every library and every run (a small seeded LCG). */
export function mergeWrites(w: MergeWorkload): Write[] {
  let state = 0x2545f491;
  const next = (n: number): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state % n;
  };
  const writes: Write[] = [];
  for (let k = 0; k < w.ops; k++) {
    const writer = `d${k % w.writers}`;
    writes.push({
      writer,
      record: `r${next(w.records)}`,
      wallMs: EPOCH_MS + k,
      fields: { date: '2026-03-17', painLevel: next(11), locations: ['knee', 'lower back'].slice(0, 1 + next(2)), medications: ['ibuprofen 400mg'], notes: `entry ${k} by ${writer}: stiff after the walk` },
    });
  }
  return writes;
}

/** Default reconciler: the versions to merge, then a function that merges them all into a fresh replica. */
function defaultMerge(writes: readonly Write[]): () => number {
  const versions: RecordVersion[] = writes.map((x, k) => ({ id: x.record, fields: x.fields, stamp: { wallMs: x.wallMs, counter: 0, deviceId: x.writer }, deleted: false, opId: `op-${k}` }));
  return () => {
    const visible = new Map<string, RecordVersion>();
    for (const v of versions) {
      const outcome = mergeVersion(visible.get(v.id), v, 'hlc', v.stamp.wallMs);
      if (outcome.kind === 'inserted' || outcome.kind === 'replaced') visible.set(v.id, outcome.next);
    }
    return visible.size;
  };
}

type TinyBase = typeof import('tinybase');
type Yjs = typeof import('yjs');

async function libraries(): Promise<{ tinybase: TinyBase; Y: Yjs }> {
  try {
    return { tinybase: await import('tinybase'), Y: await import('yjs') };
  } catch {
    throw new UsageError('bench: --merge-ops: expected TinyBase and Yjs to be installed (devDependencies of a checkout: npm ci); give --merge-ops 0 to skip this section');
  }
}

function tinybaseMerge({ createMergeableStore }: TinyBase, writes: readonly Write[], writers: number): () => number {
  let now = 0;
  const stores = Array.from({ length: writers }, (_, i) => createMergeableStore(`d${i}`, () => now));
  const changes: MergeableChanges[] = [];
  for (const x of writes) {
    now = x.wallMs;
    const store = stores[Number(x.writer.slice(1))]!;
    const { locations, medications, ...rest } = x.fields;
    store.startTransaction().setRow('records', x.record, { ...rest, locations: JSON.stringify(locations), medications: JSON.stringify(medications) }).finishTransaction(() => {
      changes.push(structuredClone(store.getTransactionMergeableChanges()));
      return false; // keep the transaction
    });
  }
  return () => {
    const target = createMergeableStore('receiver', () => now);
    for (const c of changes) target.applyMergeableChanges(c);
    return target.getRowCount('records');
  };
}

function yjsMerge(Y: Yjs, writes: readonly Write[], writers: number): () => number {
  const updates: Uint8Array[] = [];
  const docs = Array.from({ length: writers }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1; // fixed, so the runs are the same
    doc.on('update', (update: Uint8Array) => updates.push(update));
    return doc;
  });
  for (const x of writes) docs[Number(x.writer.slice(1))]!.getMap('records').set(x.record, x.fields);
  return () => {
    const target = new Y.Doc();
    target.clientID = writers + 1;
    for (const u of updates) Y.applyUpdate(target, u);
    return target.getMap('records').size;
  };
}

export interface MergeBench {
  workload: MergeWorkload;
  /** Writes applied per second by each (one receiving replica, the apply phase only). */
  defaultReconciler: Figure;
  tinybaseMergeableStore: Figure;
  yjsMap: Figure;
  /** Records each receiving replica ended with (all three must agree on the count). */
  records: { defaultReconciler: number; tinybaseMergeableStore: number; yjsMap: number };
}

/** Interleaved: each round runs the three once, so machine load hits them alike; the first round warms up. */
export async function benchMerge(w: MergeWorkload, runs: number, now: () => number): Promise<MergeBench> {
  const writes = mergeWrites(w);
  const { tinybase, Y } = await libraries();
  const contenders = { defaultReconciler: defaultMerge(writes), tinybaseMergeableStore: tinybaseMerge(tinybase, writes, w.writers), yjsMap: yjsMerge(Y, writes, w.writers) };
  const rates: Record<keyof typeof contenders, number[]> = { defaultReconciler: [], tinybaseMergeableStore: [], yjsMap: [] };
  const records = { defaultReconciler: 0, tinybaseMergeableStore: 0, yjsMap: 0 };
  for (let round = 0; round <= runs; round++) {
    for (const name of Object.keys(contenders) as (keyof typeof contenders)[]) {
      const start = now();
      records[name] = contenders[name]();
      const ms = now() - start;
      if (round > 0) rates[name].push((w.ops / ms) * 1000);
    }
  }
  return {
    workload: w,
    defaultReconciler: figure(rates.defaultReconciler, 'writes/s', null, 'higher'),
    tinybaseMergeableStore: figure(rates.tinybaseMergeableStore, 'writes/s', null, 'higher'),
    yjsMap: figure(rates.yjsMap, 'writes/s', null, 'higher'),
    records,
  };
}
