/**
 * Canonical JSON (sorted object keys, no whitespace) and sha256 over it. Canonical text is what the
 * trace hash, the replica digests and the determinism checks compare, so it must not depend on
 * property insertion order.
 *
 * `sha256Hex` uses @noble/hashes (it runs anywhere). The trace hasher runs once per simulated event,
 * so it uses Node's native sha256 instead: same digest, about ten times faster on the hot path.
 */
import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** `known`: objects whose canonical text was already computed (see CanonicalMemo) are not walked again. */
export function canonicalJson(value: unknown, known?: CanonicalMemo): string {
  return write(value, known);
}

/**
 * Remembers the canonical text of the last few objects by identity, so an object that is measured and
 * then logged right away (a request's size, then the request inside its trace event) is serialised
 * once. A small ring rather than a WeakMap: entries are only needed for an instant, and weak maps cost
 * the garbage collector more than they save. Only for objects that are never mutated afterwards: a
 * remembered text is trusted, not re-checked.
 */
export class CanonicalMemo {
  private readonly values: (object | null)[] = new Array<object | null>(MEMO_SLOTS).fill(null);
  private readonly texts: string[] = new Array<string>(MEMO_SLOTS).fill('');
  private next = 0;
  /** The canonical text of `value`, remembered for the next few lookups. */
  text(value: object): string {
    const known = this.get(value);
    if (known !== undefined) return known;
    const text = write(value, this);
    this.remember(value, text);
    return text;
  }
  /** Records a text already known to be `canonicalJson(value)` (e.g. `value` was parsed from it). */
  remember(value: object, text: string): void {
    this.values[this.next] = value;
    this.texts[this.next] = text;
    this.next = (this.next + 1) % MEMO_SLOTS;
  }
  get(value: object): string | undefined {
    for (let i = 0; i < MEMO_SLOTS; i++) if (this.values[i] === value) return this.texts[i];
    return undefined;
  }
  /** Forgets everything, e.g. once the event the texts were computed for is logged. */
  clear(): void {
    this.values.fill(null);
  }
}
const MEMO_SLOTS = 4;

// Hot path (every trace event): plain loops and string concatenation, no intermediate arrays.
function write(value: unknown, known: CanonicalMemo | undefined): string {
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
      if (known !== undefined) {
        const text = known.get(value);
        if (text !== undefined) return text;
      }
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i], known);
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
        out += (first ? '' : ',') + key[1] + write(v, known);
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
  constructor(private readonly known?: CanonicalMemo) {}
  update(value: unknown): string {
    const line = write(value, this.known);
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
