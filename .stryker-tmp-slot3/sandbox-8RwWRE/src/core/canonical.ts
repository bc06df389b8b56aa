/**
 * Canonical JSON (sorted object keys, no whitespace) and sha256 over it. Canonical text is what the
 * trace hash, the replica digests and the determinism checks compare, so it must not depend on
 * property insertion order.
 *
 * `sha256Hex` uses @noble/hashes (it runs anywhere). The trace hasher runs once per simulated event,
 * so it uses Node's native sha256 instead: same digest, about ten times faster on the hot path.
 */
// @ts-nocheck

import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export function canonicalJson(value: unknown): string {
  return write(value);
}

/**
 * `canonicalJson(value).length` (UTF-16 code units) without building the text: the size the trace
 * gives a message. Refuses what canonicalJson refuses.
 */
export function canonicalLength(value: unknown): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`core/canonical: non-finite number ${value}`);
      return numberLength(value);
    case 'string':
      return stringLength(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (Array.isArray(value)) {
        let n = value.length > 0 ? value.length + 1 : 2;
        for (let i = 0; i < value.length; i++) n += canonicalLength(value[i]);
        return n;
      }
      if (value instanceof Uint8Array) throw new TypeError('core/canonical: encode bytes (base64) before hashing');
      const obj = value as Record<string, unknown>;
      const keys = sortedKeys(obj);
      let n = 1;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const v = obj[key[0]];
        if (v === undefined) continue;
        n += 1 + key[1].length + canonicalLength(v);
      }
      return n === 1 ? 2 : n;
    }
    default:
      throw new TypeError(`core/canonical: cannot encode ${typeof value}`);
  }
}

/**
 * What `JSON.parse(canonicalJson(value))` gives, without the text: a deep copy with sorted keys,
 * `undefined` keys dropped and -0 as 0. Refuses what canonicalJson refuses.
 */
export function canonicalCopy(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`core/canonical: non-finite number ${value}`);
      return value === 0 ? 0 : value;
    case 'string':
    case 'boolean':
      return value;
    case 'object': {
      if (Array.isArray(value)) return value.map(canonicalCopy);
      if (value instanceof Uint8Array) throw new TypeError('core/canonical: encode bytes (base64) before hashing');
      const obj = value as Record<string, unknown>;
      const keys = sortedKeys(obj);
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++) {
        const v = obj[keys[i]![0]];
        if (v !== undefined) out[keys[i]![0]] = canonicalCopy(v);
      }
      return out;
    }
    default:
      throw new TypeError(`core/canonical: cannot encode ${typeof value}`);
  }
}

/**
 * Whether `value` has the canonical text of `copy`, a value canonicalCopy returned, without building
 * either text. False for anything canonicalJson would refuse (a copy never holds it).
 */
export function sameCanonical(copy: unknown, value: unknown): boolean {
  if (copy === value) return true;
  if (typeof copy !== 'object' || copy === null || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(copy)) {
    if (!Array.isArray(value) || value.length !== copy.length) return false;
    for (let i = 0; i < copy.length; i++) if (!sameCanonical(copy[i], value[i])) return false;
    return true;
  }
  if (Array.isArray(value) || value instanceof Uint8Array) return false;
  const a = copy as Record<string, unknown>;
  const b = value as Record<string, unknown>;
  const keys = Object.keys(b);
  let defined = 0;
  for (let i = 0; i < keys.length; i++) {
    const v = b[keys[i]!];
    if (v === undefined) continue;
    defined++;
    if (!Object.hasOwn(a, keys[i]!) || !sameCanonical(a[keys[i]!], v)) return false;
  }
  return defined === Object.keys(a).length;
}

function numberLength(n: number): number {
  if (Number.isSafeInteger(n)) {
    if (n < 0) return 1 + numberLength(-n);
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    return digits;
  }
  return JSON.stringify(n).length;
}

/** Characters JSON.stringify escapes: quote, backslash, controls, and surrogates (lone ones are escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function stringLength(s: string): number {
  if (!NEEDS_ESCAPE.test(s)) return s.length + 2;
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) n += 2;
    else if (c < 0x20) n += 6;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) < 0xe000) {
      n += 2;
      i++;
    } else if (c >= 0xd800 && c < 0xe000) n += 6;
    else n += 1;
  }
  return n;
}


// Hot path (every trace event): plain loops and string concatenation, no intermediate arrays.
function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`core/canonical: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i]);
        return out + ']';
      }
      if (value instanceof Uint8Array) throw new TypeError('core/canonical: encode bytes (base64) before hashing');
      const obj = value as Record<string, unknown>;
      const keys = sortedKeys(obj);
      let out = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const v = obj[key[0]];
        if (v === undefined) continue;
        out += (first ? '' : ',') + key[1] + write(v);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new TypeError(`core/canonical: cannot encode ${typeof value}`);
  }
}

/**
 * Trace events come in a few dozen shapes, so the sorted key list (with each key already quoted) is
 * cached per shape. A shape is found by its last key and key count, then confirmed key by key, so two
 * shapes can never be confused and the lookup builds no string. Bounded so arbitrary user objects
 * cannot grow it without limit.
 */
interface Shape {
  readonly own: readonly string[];
  readonly sorted: readonly (readonly [string, string])[];
}
const shapeCache = new Map<string, Shape[]>();
const SHAPE_CACHE_LIMIT = 4096;
let shapesCached = 0;

function sortedKeys(obj: Record<string, unknown>): readonly (readonly [string, string])[] {
  const own = Object.keys(obj);
  const last = own.length > 0 ? own[own.length - 1]! : '';
  const bucket = shapeCache.get(last);
  if (bucket !== undefined) {
    for (let b = 0; b < bucket.length; b++) {
      const shape = bucket[b]!;
      if (sameKeys(shape.own, own)) return shape.sorted;
    }
  }
  const sorted = [...own].sort().map((k) => [k, JSON.stringify(k) + ':'] as const);
  if (shapesCached < SHAPE_CACHE_LIMIT) {
    shapesCached++;
    if (bucket === undefined) shapeCache.set(last, [{ own, sorted }]);
    else bucket.push({ own, sorted });
  }
  return sorted;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sha256Hex(text: string | Uint8Array): string {
  return bytesToHex(sha256(typeof text === 'string' ? utf8ToBytes(text) : text));
}

export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * Incremental sha256 over canonical JSON lines, so a trace can be hashed as it is produced. Lines are
 * handed to the native hash in chunks: one native call per line cost more than the hashing itself.
 */
export class CanonicalHasher {
  private readonly state = createHash('sha256');
  private pending = '';
  private lines = 0;
  update(value: unknown): string {
    const line = write(value);
    this.pending += line + '\n';
    if (this.pending.length >= HASH_CHUNK_CHARS) this.flush();
    this.lines++;
    return line;
  }
  get count(): number {
    return this.lines;
  }
  digest(): string {
    this.flush();
    return this.state.digest('hex');
  }
  private flush(): void {
    if (this.pending.length === 0) return;
    this.state.update(this.pending, 'utf8');
    this.pending = '';
  }
}

const HASH_CHUNK_CHARS = 64 * 1024;
