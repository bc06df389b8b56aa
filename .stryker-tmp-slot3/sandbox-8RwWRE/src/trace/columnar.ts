/**
 * The columnar form of a trace (`sync-lab-columnar/1`), the way `sync-lab viz` embeds a trace in the
 * page: instead of one JSON object per event, one column per field. Events are grouped by *shape*
 * (their kind and the list of their other keys, in order); each shape's field is one column, typed by
 * what it holds: a constant, string-table ids, numbers, booleans, or plain JSON values (versions,
 * payloads, replicas), which the page parses only when something reads them. `kind`, `t` and the
 * shape of every event are typed arrays (base64 in the page), so the visualizer derives its first
 * screen (arrows, writes, outbox, lanes) from typed arrays without building an object per event.
 *
 * Exact: `materialize` gives back every event as it was (keys with `undefined` dropped, as JSON does).
 * Imports types only: it is bundled into the browser app.
 */
// @ts-nocheck

import type { TraceEvent, TraceKind } from './events.ts';

export const COLUMNAR_FORMAT = 'sync-lab-columnar/1';

export type Column =
  | { c: 'const'; v: unknown }
  | { c: 'str'; ids: Int32Array }
  | { c: 'num'; v: Float64Array }
  | { c: 'bool'; v: Uint8Array }
  /** Plain JSON values, read on first use (`load`); the page keeps them in their own script element. */
  | { c: 'json'; load: () => unknown[] };

export interface Shape {
  kind: number;
  keys: string[];
  cols: Column[];
  /** How many events have this shape. */
  count: number;
}

/** A trace as columns, in memory (what the encoder builds and the page decodes into). */
export interface Columns {
  n: number;
  strings: string[];
  kinds: string[];
  /** Per event: kind code, time (µs), shape id, and its row among the events of that shape. */
  kind: Uint8Array;
  t: Float64Array;
  shape: Uint16Array;
  row: Uint32Array;
  /** Each event's `i` (null: every event's `i` is its position). */
  i: Float64Array | null;
  shapes: Shape[];
}

const HEAD = new Set(['i', 't', 'kind']);

/** Builds the columns of a trace (one pass, plus one per field to type its column). */
export function toColumns(events: readonly TraceEvent[]): Columns {
  const n = events.length;
  const strings: string[] = [];
  const stringId = new Map<string, number>();
  const sid = (s: string) => {
    let id = stringId.get(s);
    if (id === undefined) stringId.set(s, (id = strings.push(s) - 1));
    return id;
  };
  const kinds: string[] = [];
  const kindId = new Map<string, number>();
  const kind = new Uint8Array(n);
  const t = new Float64Array(n);
  const shape = new Uint16Array(n);
  const row = new Uint32Array(n);
  let iCol: Float64Array | null = null;
  const shapeId = new Map<string, number>();
  const building: { kind: number; keys: string[]; values: unknown[][]; count: number }[] = [];
  for (let k = 0; k < n; k++) {
    const e = events[k] as unknown as Record<string, unknown>;
    const name = String(e['kind']);
    let kc = kindId.get(name);
    if (kc === undefined) {
      kc = kinds.push(name) - 1;
      if (kc > 255) throw new Error('columnar: more than 256 event kinds');
      kindId.set(name, kc);
    }
    kind[k] = kc;
    t[k] = e['t'] as number;
    if (e['i'] !== k) {
      iCol ??= Float64Array.from({ length: n }, (_, j) => j);
      iCol[k] = e['i'] as number;
    }
    const keys: string[] = [];
    for (const key in e) if (!HEAD.has(key) && e[key] !== undefined) keys.push(key);
    const signature = `${kc}\u0000${keys.join('\u0000')}`;
    let s = shapeId.get(signature);
    if (s === undefined) {
      s = building.push({ kind: kc, keys, values: keys.map(() => []), count: 0 }) - 1;
      if (s > 65535) throw new Error('columnar: more than 65,536 event shapes');
      shapeId.set(signature, s);
    }
    const b = building[s]!;
    shape[k] = s;
    row[k] = b.count++;
    for (let f = 0; f < b.keys.length; f++) b.values[f]!.push(e[b.keys[f]!]);
  }
  const shapes = building.map((b): Shape => ({ kind: b.kind, keys: b.keys, cols: b.values.map((values) => column(values, sid)), count: b.count }));
  return { n, strings, kinds, kind, t, shape, row, i: iCol, shapes };
}

function column(values: unknown[], sid: (s: string) => number): Column {
  const first = values[0];
  if ((first === null || typeof first !== 'object') && values.every((v) => v === first)) return { c: 'const', v: first };
  if (values.every((v) => typeof v === 'string')) return { c: 'str', ids: Int32Array.from(values as string[], sid) };
  if (values.every((v) => typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0))) return { c: 'num', v: Float64Array.from(values as number[]) };
  if (values.every((v) => typeof v === 'boolean')) return { c: 'bool', v: Uint8Array.from(values as boolean[], (b) => (b ? 1 : 0)) };
  return { c: 'json', load: () => values };
}

/** One field's value in one event's column (undefined: the event's shape has no such key). */
export function cell(col: Column, strings: readonly string[], r: number): unknown {
  switch (col.c) {
    case 'const': return col.v;
    case 'str': return strings[col.ids[r]!];
    case 'num': return col.v[r];
    case 'bool': return col.v[r] === 1;
    case 'json': return col.load()[r];
  }
}

/** Event k rebuilt as an object, exactly as it was written. */
export function materialize(cols: Columns, k: number): TraceEvent {
  const s = cols.shapes[cols.shape[k]!]!;
  const r = cols.row[k]!;
  const e: Record<string, unknown> = { i: cols.i ? cols.i[k] : k, t: cols.t[k], kind: cols.kinds[cols.kind[k]!] as TraceKind };
  for (let f = 0; f < s.keys.length; f++) e[s.keys[f]!] = cell(s.cols[f]!, cols.strings, r);
  return e as unknown as TraceEvent;
}

