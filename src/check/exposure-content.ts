/**
 * exposure-content (E3): no record content in clear on the wire or on the server. Scans the canonical
 * text of every message either way (any protocol: the trace records each whole), and everything the
 * server stores (the built-in server's dump, or an engine's own server's `state()`), for the sensitive
 * strings of every committed write (notes, medications, locations of 6 characters or more).
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

/** The first secret in `text` (leftmost, longest there) and the record it belongs to. */
function leak(text: string, search: SecretSearch, patterns: readonly string[], secrets: Map<string, string>): [string, string] | undefined {
  const match = search.findFirst(text);
  if (!match) return undefined;
  const secret = patterns[match.pattern]!;
  return [secret, secrets.get(secret) ?? ''];
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
    const patterns = [...secrets.keys()];
    const search = new SecretSearch(patterns);
    for (const e of trace) {
      if (found.full) break;
      if (e.kind !== 'msg-send') continue;
      // Every message, both ways: an answer can leak what a request did not (an engine's own server).
      // Plain JSON text: a secret is found inside one string value, so key order does not matter, and the native serialiser is several times faster.
      const hit = leak(JSON.stringify(e.payload), search, patterns, secrets);
      if (!hit) continue;
      if (e.from === 'server') found.add(`the server sent ${e.to} an answer containing record content in clear (${quoted(hit[0])}); expected content only inside ciphertext`, e, [e.to], [hit[1]]);
      else found.add(`device ${e.from} sent a ${e.type} request containing record content in clear (${quoted(hit[0])}); expected content only inside ciphertext`, e, [e.from], [hit[1]]);
    }
    const stored = serverState === undefined ? '' : canonicalJson(serverState);
    const hit = leak(stored, search, patterns, secrets);
    const end = runEnd(trace) ?? trace[trace.length - 1];
    if (hit && end) found.add(`the server stores record content in clear (${quoted(hit[0])}); expected ciphertext and documented metadata only`, end, [], [hit[1]]);
    return found.list;
  },
});
