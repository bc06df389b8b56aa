/**
 * exposure-content (E3): no record content in clear on the wire or on the server. Scans the canonical
 * text of every message either way (any protocol: the trace records each whole), and everything the
 * server stores (the built-in server's dump, or an engine's own server's `state()`), for the sensitive
 * strings of every committed write (notes, medications, locations of 6 characters or more), in clear
 * and under the encodings that are not encryption: base64 (and base64url) at each of the three byte
 * alignments, and hex, of the string and of its JSON-escaped form (a plaintext JSON payload encoded).
 */
import { canonicalJson } from '../core/canonical.ts';
import type { TraceEvent } from '../trace/events.ts';
import { MultiPatternSearch } from './_internals/aho-corasick.ts';
import type { PatternMatch } from './_internals/aho-corasick.ts';
import { committedOps, defineChecker, runEnd } from './_internals/facts.ts';
import type { CommittedOp } from './_internals/facts.ts';

/** Shorter strings would match ciphertext or ids by chance. */
export const MIN_SECRET_LENGTH = 6;
const SENSITIVE_FIELDS = ['notes', 'medications', 'locations'];

/** The sensitive strings of every committed write, as they would appear inside JSON text, with the record they came from. */
export function sensitiveStrings(trace: readonly TraceEvent[], committed: ReadonlyMap<string, CommittedOp> = committedOps(trace)): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const { version } of committed.values()) {
    for (const field of SENSITIVE_FIELDS) {
      const value = version.fields[field];
      const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
      for (const text of texts) {
        // A list item that is not a string (input outside the record contract that an engine accepted) is not text.
        if (typeof text !== 'string' || text.length < MIN_SECRET_LENGTH) continue;
        // As it appears inside JSON text, and inside JSON embedded in a JSON string (a plaintext payload).
        const once = escape(text);
        for (const form of [once, escape(once)]) if (!secrets.has(form)) secrets.set(form, version.id);
      }
    }
  }
  return secrets;
}

const escape = (text: string): string => JSON.stringify(text).slice(1, -1);

/**
 * Encoded forms shorter than these are not searched, so a correct engine's ciphertext never holds one
 * by chance: a given run of 12 base64 characters turns up in random base64 with odds of 64^-12 (2e-22)
 * per position, a run of 24 hex digits in random hex with 16^-24 (2e-29). So a secret of 12 bytes or
 * more is found base64-encoded at every alignment and hex-encoded; a shorter one in clear only (and
 * base64-encoded where its alignment leaves 12 stable characters).
 */
export const MIN_BASE64_LENGTH = 12;
export const MIN_HEX_LENGTH = 24;

/**
 * Only a secret's first bytes are encoded: a note encoded whole holds its first bytes encoded too, and
 * the patterns stay small whatever the field size (a 20 MB note gives patterns of 64 characters).
 */
export const ENCODED_PREFIX_BYTES = 18;

export type Encoding = 'base64' | 'base64url' | 'hex';
export interface EncodedSecret {
  /** The secret as written (JSON-escaped, as in `sensitiveStrings`). */
  secret: string;
  encoding: Encoding;
  recordId: string;
}

/**
 * The part of `encode(bytes)` that does not depend on the bytes around them, wherever they sit in a
 * longer encoded text. base64 packs 3 bytes in 4 characters, so bytes preceded by k (0, 1, 2) other
 * bytes are encoded differently for each k; only the 4-character groups made of the secret's bytes
 * alone are stable. Hex is stable as it is (each byte is 2 characters), in either case.
 */
export function stableEncodings(bytes: Uint8Array): { encoding: Encoding; text: string }[] {
  const forms: { encoding: Encoding; text: string }[] = [];
  for (let k = 0; k < 3; k++) {
    const padded = new Uint8Array(k + bytes.length);
    padded.set(bytes, k);
    const text = Buffer.from(padded).toString('base64');
    const first = k === 0 ? 0 : 1;
    const end = Math.floor((k + bytes.length) / 3);
    const stable = text.slice(4 * first, 4 * end);
    if (stable.length < MIN_BASE64_LENGTH) continue;
    forms.push({ encoding: 'base64', text: stable });
    const url = stable.replace(/\+/g, '-').replace(/\//g, '_');
    if (url !== stable) forms.push({ encoding: 'base64url', text: url });
  }
  const hex = Buffer.from(bytes).toString('hex');
  if (hex.length >= MIN_HEX_LENGTH) forms.push({ encoding: 'hex', text: hex }, { encoding: 'hex', text: hex.toUpperCase() });
  return forms;
}

/** Every secret of `sensitiveStrings` under the encodings that are not encryption, keyed by the encoded text. */
export function encodedSecrets(secrets: ReadonlyMap<string, string>): Map<string, EncodedSecret> {
  const encoded = new Map<string, EncodedSecret>();
  const encoder = new TextEncoder();
  for (const [form, recordId] of secrets) {
    // The form as JSON text holds it, and the raw string it escapes (the same when nothing needed escaping).
    const raw = JSON.parse(`"${form}"`) as string;
    for (const text of new Set([form, raw])) {
      for (const e of stableEncodings(encoder.encode(text).subarray(0, ENCODED_PREFIX_BYTES))) {
        if (!encoded.has(e.text) && !secrets.has(e.text)) encoded.set(e.text, { secret: raw, encoding: e.encoding, recordId });
      }
    }
  }
  return encoded;
}

/**
 * Up to this many secrets, none longer than PREFILTER_MAX_LENGTH, a text is first searched for each
 * with the native substring search (linear per secret, and several times faster than the automaton
 * on the short texts of a run); only a text holding one is scanned by the automaton, which picks the
 * leftmost, longest secret exactly as before. Beyond that, the automaton scans every text, so the
 * scan stays linear in the text whatever the number and size of the secrets (issue 15, point 3).
 */
const PREFILTER_MAX_SECRETS = 64;
const PREFILTER_MAX_LENGTH = 1024;

/** The secrets of a run, searched for in texts: the automaton is built only when a text needs it. */
class SecretSearch {
  private automaton: MultiPatternSearch | undefined;
  private readonly prefilter: boolean;

  constructor(readonly patterns: readonly string[]) {
    this.prefilter = patterns.length <= PREFILTER_MAX_SECRETS && patterns.every((p) => p.length <= PREFILTER_MAX_LENGTH);
  }

  findFirst(text: string): PatternMatch | undefined {
    if (this.prefilter && !this.patterns.some((p) => text.includes(p))) return undefined;
    this.automaton ??= new MultiPatternSearch(this.patterns);
    return this.automaton.findFirst(text);
  }
}

/** The first secret in `text` (leftmost, longest there), how it is written there, and the record it belongs to. */
function leak(text: string, search: SecretSearch, patterns: readonly string[], secrets: Map<string, string>, encoded: Map<string, EncodedSecret>): [string, string] | undefined {
  const match = search.findFirst(text);
  if (!match) return undefined;
  const pattern = patterns[match.pattern]!;
  const e = encoded.get(pattern);
  if (e) return [`${e.encoding}-encoded, which is not encryption (${quoted(e.secret)} as ${quoted(pattern)})`, e.recordId];
  return [`in clear (${quoted(pattern)})`, secrets.get(pattern) ?? ''];
}

/** How a found secret is quoted in a message: whole when short, its start and length when long (a 20 MB note is data, not a message). */
const QUOTED_MAX = 200;
function quoted(secret: string): string {
  return secret.length <= QUOTED_MAX ? JSON.stringify(secret) : `${JSON.stringify(secret.slice(0, QUOTED_MAX))}… (${secret.length} characters)`;
}

export const exposureContent = defineChecker({
  id: 'exposure-content',
  title: 'No plaintext content (E3)',
  property: 'no plaintext record content on the wire or on the server (E3)',
  check({ trace, serverState }, found, views) {
    const secrets = sensitiveStrings(trace, views.committed);
    if (secrets.size === 0) return found.list;
    // Every secret in each text, linear in its length (SecretSearch above, _internals/aho-corasick.ts).
    const encoded = encodedSecrets(secrets);
    const patterns = [...secrets.keys(), ...encoded.keys()];
    const search = new SecretSearch(patterns);
    for (const e of trace) {
      if (found.full) break;
      if (e.kind !== 'msg-send') continue;
      // Every message, both ways: an answer can leak what a request did not (an engine's own server).
      // Plain JSON text: a secret is found inside one string value, so key order does not matter, and the native serialiser is several times faster.
      const hit = leak(JSON.stringify(e.payload), search, patterns, secrets, encoded);
      if (!hit) continue;
      if (e.from === 'server') found.add(`the server sent ${e.to} an answer containing record content ${hit[0]}; expected content only inside ciphertext`, e, [e.to], [hit[1]]);
      else found.add(`device ${e.from} sent a ${e.type} request containing record content ${hit[0]}; expected content only inside ciphertext`, e, [e.from], [hit[1]]);
    }
    const stored = serverState === undefined ? '' : canonicalJson(serverState);
    const hit = leak(stored, search, patterns, secrets, encoded);
    const end = runEnd(trace) ?? trace[trace.length - 1];
    if (hit && end) found.add(`the server stores record content ${hit[0]}; expected ciphertext and documented metadata only`, end, [], [hit[1]]);
    return found.list;
  },
});
