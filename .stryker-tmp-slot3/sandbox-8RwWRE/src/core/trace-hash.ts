/**
 * The trace hash, version 2: `v2:` + the hex sha256 of a compact binary encoding of the events, one
 * after the other. The encoding is a pure function of each event's JSON value (what
 * `JSON.parse(JSON.stringify(event))` gives back hashes the same), so a trace read back from its
 * JSONL file hashes like the live one. docs/design.md ("The trace hash v2") gives it byte by byte.
 *
 * Each value is a tag byte and what follows it:
 *   0x00 null · 0x01 false · 0x02 true
 *   0x03 integer ≥ 0, as an unsigned LEB128 varint (safe integers only; -0 is 0)
 *   0x04 integer < 0, its magnitude as a varint
 *   0x05 any other finite number: IEEE-754 binary64, big-endian (8 bytes)
 *   0x06 string: varint count of UTF-16 code units, then those units as WTF-8 (UTF-8; a lone surrogate
 *        as its own 3-byte sequence)
 *   0x07 array: varint length, then each item (an `undefined` item is null, as in JSON)
 *   0x08 object of a new shape: varint key count, the keys as strings without tag (varint + WTF-8)
 *        in code-unit order, then the values in that order. The shape (its sorted key list) gets the
 *        next shape number of the stream, counted from 0.
 *   0x09 object of a shape seen before: varint shape number, then the values in the shape's order.
 * Keys whose value is `undefined` are not part of the object, as in JSON. Non-finite numbers, bytes,
 * functions, symbols, bigints and objects with `toJSON` are refused, as canonical JSON refuses them.
 *
 * Hot path (every trace event): bytes are written into one growing buffer and handed to sha256 in
 * chunks of at least FLUSH_BYTES, between events. Node's native sha256 when the platform has one
 * (about 13× @noble/hashes' here), @noble/hashes otherwise: the same digest.
 */
// @ts-nocheck

import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CanonicalHasher } from './canonical.ts';

export const TRACE_HASH_VERSION = 'v2';
/** A trace hash of this version: `v2:` and 64 lower-case hex digits. */
export const TRACE_HASH_PATTERN = /^v2:[0-9a-f]{64}$/;
/** A bare 64-hex-digit hash: version 1 (sha256 over the canonical JSON lines), recorded before v2. */
export const TRACE_HASH_V1_PATTERN = /^[0-9a-f]{64}$/;
/** What a file may carry as a trace hash: v2, or v1 in files recorded before v2. */
export const TRACE_HASH_ANY_PATTERN = /^(v2:)?[0-9a-f]{64}$/;

const T_NULL = 0x00;
const T_FALSE = 0x01;
const T_TRUE = 0x02;
const T_UINT = 0x03;
const T_NEG = 0x04;
const T_FLOAT = 0x05;
const T_STRING = 0x06;
const T_ARRAY = 0x07;
const T_NEW_SHAPE = 0x08;
const T_SHAPE = 0x09;

const FLUSH_BYTES = 64 * 1024;
const SHORT_STRING = 48;

/**
 * An object's own key order, once seen, maps to its sorted keys and the permutation that reads its
 * `Object.values` in sorted order. Keyed (like canonical.ts) by last key, then confirmed key by key.
 * `id` numbers sorted key lists process-wide; each encoder maps it to its own shape number.
 */
interface OwnShape {
  readonly own: readonly string[];
  readonly order: Int32Array;
  readonly sorted: SortedShape;
}
interface SortedShape {
  readonly id: number;
  readonly keys: readonly string[];
  readonly signature: string;
}
const ownShapes = new Map<string, OwnShape[]>();
const sortedShapes = new Map<string, SortedShape>();
const SHAPE_CACHE_LIMIT = 4096;
let ownShapesCached = 0;

function sortedShapeOf(keys: readonly string[]): SortedShape {
  const signature = JSON.stringify(keys);
  let shape = sortedShapes.get(signature);
  if (shape === undefined) {
    shape = { id: sortedShapes.size < SHAPE_CACHE_LIMIT ? sortedShapes.size : -1, keys, signature };
    if (shape.id >= 0) sortedShapes.set(signature, shape);
  }
  return shape;
}

function ownShapeOf(own: string[]): OwnShape {
  const last = own.length > 0 ? own[own.length - 1]! : '';
  const bucket = ownShapes.get(last);
  if (bucket !== undefined) {
    for (let b = 0; b < bucket.length; b++) {
      const shape = bucket[b]!;
      if (sameKeys(shape.own, own)) return shape;
    }
  }
  const order = Int32Array.from(own.keys()).sort((x, y) => (own[x]! < own[y]! ? -1 : own[x]! > own[y]! ? 1 : 0));
  const shape: OwnShape = { own, order, sorted: sortedShapeOf(Array.from(order, (k) => own[k]!)) };
  if (ownShapesCached < SHAPE_CACHE_LIMIT) {
    ownShapesCached++;
    if (bucket === undefined) ownShapes.set(last, [shape]);
    else bucket.push(shape);
  }
  return shape;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const utf8 = new TextEncoder();
/** `String.prototype.isWellFormed` (Node 20, ES2024; the project's lib is older). */
type WellFormedString = string & { isWellFormed(): boolean };

/** Writes values in the v2 encoding into a growing buffer; `take` hands over the bytes written so far. */
export class TraceEncoder {
  private buf = new Uint8Array(FLUSH_BYTES * 2);
  private view = new DataView(this.buf.buffer);
  pos = 0;
  /** Shape number + 1 by process-wide sorted-shape id (0: not seen in this stream). */
  private readonly shapeById: number[] = [];
  /** Shape numbers by signature, for shapes without a process-wide id or with dropped keys. */
  private readonly shapeBySignature = new Map<string, number>();
  private shapes = 0;

  /** The bytes written since the last `reset`, as a view (valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
  reset(): void {
    this.pos = 0;
  }

  value(v: unknown): void {
    if (this.buf.length - this.pos < 16) this.grow(16);
    if (v === null) {
      this.buf[this.pos++] = T_NULL;
      return;
    }
    switch (typeof v) {
      case 'string':
        this.buf[this.pos++] = T_STRING;
        this.string(v);
        return;
      case 'number':
        this.number(v);
        return;
      case 'boolean':
        this.buf[this.pos++] = v ? T_TRUE : T_FALSE;
        return;
      case 'object':
        if (Array.isArray(v)) this.array(v);
        else this.object(v as Record<string, unknown>);
        return;
      default:
        throw new TypeError(`core/trace-hash: cannot encode ${typeof v}`);
    }
  }

  private number(n: number): void {
    if (Number.isInteger(n) && n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER) {
      if (n >= 0) {
        this.buf[this.pos++] = T_UINT;
        this.varint(n);
      } else {
        this.buf[this.pos++] = T_NEG;
        this.varint(-n);
      }
      return;
    }
    if (!Number.isFinite(n)) throw new TypeError(`core/trace-hash: non-finite number ${n}`);
    this.buf[this.pos++] = T_FLOAT;
    this.view.setFloat64(this.pos, n, false);
    this.pos += 8;
  }

  /** Unsigned LEB128 of a safe integer (the caller leaves room for 8 bytes). */
  private varint(n: number): void {
    const buf = this.buf;
    let p = this.pos;
    // Above 2^31 - 1 bit operations would wrap: peel 7 bits at a time by arithmetic first.
    while (n > 0x7fffffff) {
      buf[p++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    while (n >= 0x80) {
      buf[p++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[p++] = n;
    this.pos = p;
  }

  private string(s: string): void {
    const n = s.length;
    if (this.buf.length - this.pos < n * 3 + 16) this.grow(n * 3 + 16);
    this.varint(n);
    const buf = this.buf;
    if (n <= SHORT_STRING) {
      let p = this.pos;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          this.pos = wtf8(s, i, buf, p);
          return;
        }
        buf[p++] = c;
      }
      this.pos = p;
      return;
    }
    if ((s as WellFormedString).isWellFormed()) this.pos += utf8.encodeInto(s, buf.subarray(this.pos)).written;
    else this.pos = wtf8(s, 0, buf, this.pos);
  }

  private array(a: readonly unknown[]): void {
    this.buf[this.pos++] = T_ARRAY;
    this.varint(a.length);
    for (let i = 0; i < a.length; i++) {
      const item = a[i];
      if (item === undefined) {
        if (this.buf.length - this.pos < 1) this.grow(1);
        this.buf[this.pos++] = T_NULL;
      } else this.value(item);
    }
  }

  private object(obj: Record<string, unknown>): void {
    if (obj instanceof Uint8Array) throw new TypeError('core/trace-hash: encode bytes (base64) before hashing');
    if (typeof obj['toJSON'] === 'function') throw new TypeError('core/trace-hash: cannot encode an object with toJSON');
    const own = ownShapeOf(Object.keys(obj));
    const values = Object.values(obj);
    const order = own.order;
    if (values.includes(undefined)) {
      this.objectWithout(own, values);
      return;
    }
    this.shapeHeader(own.sorted);
    for (let j = 0; j < order.length; j++) this.value(values[order[j]!]);
  }

  /** An object with `undefined` values: those keys are left out, so its shape is the rest. */
  private objectWithout(own: OwnShape, values: unknown[]): void {
    const keys: string[] = [];
    const kept: unknown[] = [];
    for (let j = 0; j < own.order.length; j++) {
      const v = values[own.order[j]!];
      if (v === undefined) continue;
      keys.push(own.sorted.keys[j]!);
      kept.push(v);
    }
    this.shapeHeader(sortedShapeOf(keys));
    for (let j = 0; j < kept.length; j++) this.value(kept[j]);
  }

  private shapeHeader(shape: SortedShape): void {
    let number = shape.id >= 0 ? (this.shapeById[shape.id] ?? 0) - 1 : -1;
    if (number < 0) {
      const known = this.shapeBySignature.get(shape.signature);
      if (known !== undefined) number = known;
    }
    if (number >= 0) {
      this.buf[this.pos++] = T_SHAPE;
      this.varint(number);
      return;
    }
    number = this.shapes++;
    this.shapeBySignature.set(shape.signature, number);
    if (shape.id >= 0) this.shapeById[shape.id] = number + 1;
    this.buf[this.pos++] = T_NEW_SHAPE;
    this.varint(shape.keys.length);
    for (const key of shape.keys) this.string(key);
  }

  private grow(need: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + need));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}

/** WTF-8 of `s` from code unit `from`, written at `p`; returns the position after it. */
function wtf8(s: string, from: number, buf: Uint8Array, p: number): number {
  const n = s.length;
  for (let i = from; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) buf[p++] = c;
    else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[p++] = 0xf0 | (c >> 18);
          buf[p++] = 0x80 | ((c >> 12) & 0x3f);
          buf[p++] = 0x80 | ((c >> 6) & 0x3f);
          buf[p++] = 0x80 | (c & 0x3f);
          i++;
          continue;
        }
      }
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

interface Sha256State {
  update(bytes: Uint8Array): void;
  digestHex(): string;
}

function nativeSha256(): Sha256State | null {
  if (typeof createHash !== 'function') return null;
  const h = createHash('sha256');
  return { update: (bytes) => void h.update(bytes), digestHex: () => h.digest('hex') };
}

function nobleSha256(): Sha256State {
  const h = sha256.create();
  return { update: (bytes) => void h.update(bytes), digestHex: () => bytesToHex(h.digest()) };
}

/** The running v2 trace hash: `update` each event in trace order, then `digest`. */
export class TraceHasher {
  private readonly encoder = new TraceEncoder();
  private readonly state: Sha256State;
  private events = 0;
  /** `portable`: @noble/hashes' sha256 even where a native one exists (the same digest; for tests). */
  constructor(options: { portable?: boolean } = {}) {
    this.state = (options.portable ? null : nativeSha256()) ?? nobleSha256();
  }
  update(event: unknown): void {
    this.encoder.value(event);
    this.events++;
    if (this.encoder.pos >= FLUSH_BYTES) this.flush();
  }
  get count(): number {
    return this.events;
  }
  /** `v2:` + hex sha256 of the encoding of every event so far. */
  digest(): string {
    this.flush();
    return `${TRACE_HASH_VERSION}:${this.state.digestHex()}`;
  }
  private flush(): void {
    if (this.encoder.pos === 0) return;
    this.state.update(this.encoder.bytes());
    this.encoder.reset();
  }
}

/** The v2 trace hash of a whole trace (e.g. one parsed back from JSONL). */
export function traceHash(events: Iterable<unknown>): string {
  const hasher = new TraceHasher();
  for (const e of events) hasher.update(e);
  return hasher.digest();
}

/** The v2 encoding of a sequence of values, as bytes (for tests and other implementations). */
export function encodeTrace(events: Iterable<unknown>): Uint8Array {
  const encoder = new TraceEncoder();
  for (const e of events) encoder.value(e);
  return encoder.bytes().slice();
}

/** How a recorded trace hash compares with a run's: `version` is the recorded hash's. */
export interface RecordedHashComparison {
  version: 'v1' | 'v2';
  matches: boolean;
}

/**
 * Compares a recorded trace hash with a run: a v2 hash with the run's own, a v1 hash (bare hex,
 * written before v2) with the sha256 of the run's canonical JSONL, recomputed here once (off the hot
 * path). Anything else is not a trace hash (the file schemas refuse it before a run).
 */
export function compareRecordedHash(recorded: string, run: { traceHash: string; trace: readonly unknown[] }): RecordedHashComparison {
  if (TRACE_HASH_V1_PATTERN.test(recorded)) {
    const v1 = new CanonicalHasher();
    for (const e of run.trace) v1.update(e);
    return { version: 'v1', matches: v1.digest() === recorded };
  }
  return { version: 'v2', matches: recorded === run.traceHash };
}
