/**
 * The columnar trace as JSON, the form `sync-lab viz` embeds (docs/trace-format.md, "Columnar
 * embedding"): a head with the string table, the kind names, the shapes and every typed column as
 * base64 (little-endian), and the JSON-valued columns as separate blocks the page parses only when
 * something reads them. `columnsFromJson` checks the head's structure and every field each kind
 * requires, per shape, before anything is drawn (the per-event checks of nested values, such as
 * versions, run when the events are materialized). Bundled into the browser app.
 */
// @ts-nocheck

import { COLUMNAR_FORMAT, type Column, type Columns, type Shape } from './columnar.ts';
import { fitsMask, requiredFields, TraceParseError, TYPE_BIT } from './parse.ts';

/**
 * A column in the head. `str` ids and `num` values are stored in the narrowest width that holds them
 * (`w`: bytes per value; a `num` of width 4 holds only integers that fit an Int32, width 8 is Float64).
 */
type HeadCol = { c: 'const'; v: unknown } | { c: 'str' | 'num'; w: 1 | 2 | 4 | 8; b64: string } | { c: 'bool'; b64: string } | { c: 'json'; block: number };

export interface ColumnarJson {
  format: typeof COLUMNAR_FORMAT;
  n: number;
  strings: string[];
  kinds: string[];
  kind: string;
  /** `t` as Uint32 deltas from the previous event (tDeltas: true), or as Float64 values. */
  t: string;
  tDeltas: boolean;
  shape: string;
  i: string | null;
  shapes: { kind: number; keys: string[]; count: number; cols: HeadCol[] }[];
}

interface Base64Host {
  Buffer?: { from(data: ArrayBufferView | string, encoding?: string): Uint8Array & { toString(encoding: string): string } };
}
interface FromBase64 {
  fromBase64?: (s: string) => Uint8Array;
}

function toBase64(bytes: Uint8Array): string {
  const B = (globalThis as Base64Host).Buffer;
  if (B) return B.from(bytes).toString('base64');
  let text = '';
  for (let k = 0; k < bytes.length; k += 0x8000) text += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as FromBase64).fromBase64;
  if (native) return native(text);
  const B = (globalThis as Base64Host).Buffer;
  if (B) return new Uint8Array(B.from(text, 'base64'));
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let k = 0; k < raw.length; k++) out[k] = raw.charCodeAt(k);
  return out;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The JSON head and the JSON blocks (each an array of values, one per event of its shape). */
export function columnsToJson(cols: Columns): { head: ColumnarJson; blocks: unknown[][] } {
  const blocks: unknown[][] = [];
  const col = (c: Column): HeadCol => {
    switch (c.c) {
      case 'const': return { c: 'const', v: c.v };
      case 'str': {
        const max = c.ids.reduce((m, id) => Math.max(m, id), 0);
        const w = max < 256 ? 1 : max < 65536 ? 2 : 4;
        return { c: 'str', w, b64: toBase64(bytesOf(w === 1 ? Uint8Array.from(c.ids) : w === 2 ? Uint16Array.from(c.ids) : c.ids)) };
      }
      case 'num': {
        const int = c.v.every((v) => Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff);
        return int ? { c: 'num', w: 4, b64: toBase64(bytesOf(Int32Array.from(c.v))) } : { c: 'num', w: 8, b64: toBase64(bytesOf(c.v)) };
      }
      case 'bool': return { c: 'bool', b64: toBase64(c.v) };
      case 'json': return { c: 'json', block: blocks.push(c.load()) - 1 };
    }
  };
  const head: ColumnarJson = {
    format: COLUMNAR_FORMAT,
    n: cols.n,
    strings: cols.strings,
    kinds: cols.kinds,
    kind: toBase64(cols.kind),
    ...timeColumn(cols.t),
    shape: toBase64(bytesOf(cols.shape)),
    i: cols.i ? toBase64(bytesOf(cols.i)) : null,
    shapes: cols.shapes.map((s) => ({ kind: s.kind, keys: s.keys, count: s.count, cols: s.cols.map(col) })),
  };
  return { head, blocks };
}

/** Times as Uint32 deltas when every one is a whole µs and no step exceeds 2^32 - 1 (about 71 min), else Float64. */
function timeColumn(t: Float64Array): { t: string; tDeltas: boolean } {
  const deltas = new Uint32Array(t.length);
  let previous = 0;
  for (let k = 0; k < t.length; k++) {
    const d = t[k]! - previous;
    if (!Number.isInteger(t[k]!) || d < 0 || d > 0xffffffff) return { t: toBase64(bytesOf(t)), tDeltas: false };
    deltas[k] = d;
    previous = t[k]!;
  }
  return { t: toBase64(bytesOf(deltas)), tDeltas: true };
}

/** A typed array over decoded bytes (copied when the bytes are not aligned for it). */
function typed<T>(bytes: Uint8Array, width: number, make: (buffer: ArrayBuffer, offset: number, length: number) => T): T | null {
  if (bytes.byteLength % width !== 0) return null;
  const aligned = bytes.byteOffset % width === 0 ? bytes : bytes.slice();
  return make(aligned.buffer as ArrayBuffer, aligned.byteOffset, aligned.byteLength / width);
}

/**
 * Decodes and checks the embedded head. `loadBlock(n)` returns JSON block n, parsed (called on first
 * read of a JSON column). Throws TraceParseError naming the part that is wrong.
 */
export function columnsFromJson(value: unknown, source: string, loadBlock: (block: number) => unknown): Columns {
  const fail = (field: string, detail: string): never => {
    throw new TraceParseError(source, null, `columns.${field}`, detail);
  };
  const h = value as Partial<ColumnarJson> | null;
  if (typeof h !== 'object' || h === null || h.format !== COLUMNAR_FORMAT) fail('format', `expected "${COLUMNAR_FORMAT}"`);
  const head = h as ColumnarJson;
  const n = head.n;
  if (!Number.isInteger(n) || n < 1) fail('n', 'expected the number of events (a positive integer)');
  if (!Array.isArray(head.strings) || !head.strings.every((s) => typeof s === 'string')) fail('strings', 'expected an array of strings');
  if (!Array.isArray(head.kinds) || head.kinds.length > 256) fail('kinds', 'expected an array of at most 256 event kinds');
  head.kinds.forEach((k, c) => {
    if (typeof k !== 'string' || requiredFields(k) === undefined) fail(`kinds[${c}]`, `unknown event kind ${JSON.stringify(k)}`);
  });
  const b64 = (field: string, text: unknown, width: number, count: number): Uint8Array => {
    if (typeof text !== 'string') return fail(field, 'expected base64 text');
    const bytes = fromBase64(text);
    if (bytes.byteLength !== width * count) fail(field, `expected ${count} values of ${width} bytes, got ${bytes.byteLength} bytes`);
    return bytes;
  };
  const kind = b64('kind', head.kind, 1, n);
  let t: Float64Array;
  if (head.tDeltas === true) {
    const deltas = typed(b64('t', head.t, 4, n), 4, (b, o, l) => new Uint32Array(b, o, l))!;
    t = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) t[k] = sum += deltas[k]!;
  } else t = typed(b64('t', head.t, 8, n), 8, (b, o, l) => new Float64Array(b, o, l))!;
  const shape = typed(b64('shape', head.shape, 2, n), 2, (b, o, l) => new Uint16Array(b, o, l))!;
  const iCol = head.i === null ? null : typed(b64('i', head.i, 8, n), 8, (b, o, l) => new Float64Array(b, o, l))!;
  if (!Array.isArray(head.shapes)) fail('shapes', 'expected an array of shapes');
  const nk = head.kinds.length;
  const ns = head.shapes.length;
  const row = new Uint32Array(n);
  const seen = new Uint32Array(ns);
  let previous = 0;
  for (let k = 0; k < n; k++) {
    if (kind[k]! >= nk) fail(`kind[${k}]`, `kind code ${kind[k]} beyond the ${nk} kinds`);
    const tk = t[k]!;
    if (!(tk >= previous) || !Number.isFinite(tk)) fail(`t[${k}]`, `expected non-negative µs in trace order, got ${tk} after ${previous}`);
    previous = tk;
    const s = shape[k]!;
    if (s >= ns) fail(`shape[${k}]`, `shape ${s} beyond the ${ns} shapes`);
    row[k] = seen[s]!++;
  }
  /** The position of the r-th event of a shape (for error messages only: a scan). */
  const eventOf = (id: number, r: number): number => {
    for (let k = 0, seenOfShape = 0; k < n; k++) if (shape[k] === id && seenOfShape++ === r) return k;
    return -1;
  };
  const shapes = head.shapes.map((s, id): Shape => {
    const where = `shapes[${id}]`;
    if (typeof s !== 'object' || s === null || !Array.isArray(s.keys) || !Array.isArray(s.cols) || s.cols.length !== s.keys.length) fail(where, 'expected { kind, keys, count, cols } with one column per key');
    if (s.count !== seen[id]) fail(`${where}.count`, `says ${s.count} events, ${seen[id]} have this shape`);
    const kindName = head.kinds[s.kind];
    if (kindName === undefined) fail(`${where}.kind`, `kind code ${s.kind} beyond the ${nk} kinds`);
    const cols = s.cols.map((c, f): Column => decodeCol(c, `${where}.${String(s.keys[f])}`, s.count, head.strings.length, loadBlock, fail));
    for (const req of requiredFields(kindName!) ?? []) {
      const f = s.keys.indexOf(req.field);
      const c = cols[f];
      const ok =
        c === undefined ? false : c.c === 'const' ? fitsMask(c.v, req.mask) : c.c === 'str' ? (req.mask & TYPE_BIT.string) !== 0 : c.c === 'num' ? (req.mask & TYPE_BIT.number) !== 0 : c.c === 'bool' ? (req.mask & TYPE_BIT.boolean) !== 0 : true;
      if (!ok) throw new TraceParseError(source, null, `trace[${eventOf(id, 0)}].${req.field}`, `expected ${req.type} in a ${kindName} event (and in every event of its shape)`);
      if (c?.c === 'json') {
        const load = c.load;
        let checked: unknown[] | null = null;
        c.load = () => {
          if (checked) return checked;
          const values = load();
          values.forEach((v, r) => {
            if (!fitsMask(v, req.mask)) throw new TraceParseError(source, null, `trace[${eventOf(id, r)}].${req.field}`, `expected ${req.type} in a ${kindName} event`);
          });
          return (checked = values);
        };
      }
    }
    return { kind: s.kind, keys: s.keys, cols, count: s.count };
  });
  return { n, strings: head.strings, kinds: head.kinds, kind, t, shape, row, i: iCol, shapes };
}

function decodeCol(c: HeadCol, where: string, count: number, nStrings: number, loadBlock: (block: number) => unknown, fail: (field: string, detail: string) => never): Column {
  switch (c?.c) {
    case 'const':
      return { c: 'const', v: c.v };
    case 'str': {
      const w = c.w;
      const bytes = fromBase64(String(c.b64));
      const raw = w === 1 ? bytes : w === 2 ? typed(bytes, 2, (b, o, l) => new Uint16Array(b, o, l)) : w === 4 ? typed(bytes, 4, (b, o, l) => new Int32Array(b, o, l)) : null;
      if (raw?.length !== count) return fail(where, `expected ${count} string ids of width 1, 2 or 4`);
      const ids = raw instanceof Int32Array ? raw : Int32Array.from(raw);
      for (const id of ids) if (id < 0 || id >= nStrings) fail(where, `string id ${id} beyond the ${nStrings} strings`);
      return { c: 'str', ids };
    }
    case 'num': {
      const bytes = fromBase64(String(c.b64));
      const raw = c.w === 4 ? typed(bytes, 4, (b, o, l) => new Int32Array(b, o, l)) : c.w === 8 ? typed(bytes, 8, (b, o, l) => new Float64Array(b, o, l)) : null;
      if (raw?.length !== count) return fail(where, `expected ${count} numbers of width 4 or 8`);
      return { c: 'num', v: raw instanceof Float64Array ? raw : Float64Array.from(raw) };
    }
    case 'bool': {
      const v = fromBase64(String(c.b64));
      if (v.length !== count) return fail(where, `expected ${count} booleans`);
      return { c: 'bool', v };
    }
    case 'json': {
      let values: unknown[] | null = null;
      return {
        c: 'json',
        load: () => {
          if (values) return values;
          const loaded = loadBlock(c.block);
          if (!Array.isArray(loaded) || loaded.length !== count) fail(where, `expected block ${c.block} to hold ${count} values`);
          return (values = loaded as unknown[]);
        },
      };
    }
    default:
      return fail(where, 'expected a column of kind const, str, num, bool or json');
  }
}
