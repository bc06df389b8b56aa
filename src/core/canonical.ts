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

export function canonicalJson(value: unknown): string {
  return write(value);
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
 * cached per shape, keyed by the list of keys in insertion order. Bounded so arbitrary user objects cannot
 * grow it without limit.
 */
const keyCache = new Map<string, readonly (readonly [string, string])[]>();
const KEY_CACHE_LIMIT = 4096;

function sortedKeys(obj: Record<string, unknown>): readonly (readonly [string, string])[] {
  const own = Object.keys(obj);
  const shape = JSON.stringify(own); // unambiguous, unlike a join on any separator
  let keys = keyCache.get(shape);
  if (keys === undefined) {
    keys = own.sort().map((k) => [k, JSON.stringify(k) + ':'] as const);
    if (keyCache.size < KEY_CACHE_LIMIT) keyCache.set(shape, keys);
  }
  return keys;
}

export function sha256Hex(text: string | Uint8Array): string {
  return bytesToHex(sha256(typeof text === 'string' ? utf8ToBytes(text) : text));
}

export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** Incremental sha256 over canonical JSON lines, so a trace can be hashed as it is produced. */
export class CanonicalHasher {
  private readonly state = createHash('sha256');
  private lines = 0;
  update(value: unknown): string {
    const line = canonicalJson(value);
    this.state.update(line + '\n', 'utf8');
    this.lines++;
    return line;
  }
  get count(): number {
    return this.lines;
  }
  digest(): string {
    return this.state.digest('hex');
  }
}
