/**
 * exposure-content (E3): no record content in clear on the wire or on the server. Scans the canonical
 * text of every payload a device transmits, and everything the server stores, for the sensitive
 * strings of every committed write (notes, medications, locations of 6 characters or more).
 */
import { canonicalJson } from '../core/canonical.ts';
import type { TraceEvent } from '../trace/events.ts';
import { committedOps, defineChecker, runEnd } from './_internals/facts.ts';

/** Shorter strings would match ciphertext or ids by chance. */
export const MIN_SECRET_LENGTH = 6;
const SENSITIVE_FIELDS = ['notes', 'medications', 'locations'];

/** The sensitive strings of every committed write, as they would appear inside JSON text, with the record they came from. */
export function sensitiveStrings(trace: readonly TraceEvent[]): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const { version } of committedOps(trace).values()) {
    for (const field of SENSITIVE_FIELDS) {
      const value = version.fields[field];
      const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
      for (const text of texts) {
        if (text.length < MIN_SECRET_LENGTH) continue;
        // As it appears inside JSON text, and inside JSON embedded in a JSON string (a plaintext payload).
        const once = escape(text);
        for (const form of [once, escape(once)]) if (!secrets.has(form)) secrets.set(form, version.id);
      }
    }
  }
  return secrets;
}

const escape = (text: string): string => JSON.stringify(text).slice(1, -1);

/** One alternation of every secret: the regex engine scans each text once instead of once per secret. */
function secretPattern(secrets: Map<string, string>): RegExp {
  const alternatives = [...secrets.keys()].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(alternatives.join('|'));
}

function leak(text: string, pattern: RegExp, secrets: Map<string, string>): [string, string] | undefined {
  const match = pattern.exec(text);
  return match ? [match[0], secrets.get(match[0]) ?? ''] : undefined;
}

export const exposureContent = defineChecker({
  id: 'exposure-content',
  title: 'No plaintext content (E3)',
  property: 'no plaintext record content on the wire or on the server (E3)',
  check({ trace, serverState }, found) {
    const secrets = sensitiveStrings(trace);
    if (secrets.size === 0) return found.list;
    const pattern = secretPattern(secrets);
    for (const e of trace) {
      if (found.full) break;
      if (e.kind !== 'msg-send' || e.from === 'server') continue;
      const hit = leak(canonicalJson(e.payload), pattern, secrets);
      if (hit) found.add(`device ${e.from} sent a ${e.type} request containing record content in clear (${JSON.stringify(hit[0])}); expected content only inside ciphertext`, e, [e.from], [hit[1]]);
    }
    const stored = serverState === undefined ? '' : canonicalJson(serverState);
    const hit = leak(stored, pattern, secrets);
    const end = runEnd(trace) ?? trace[trace.length - 1];
    if (hit && end) found.add(`the server stores record content in clear (${JSON.stringify(hit[0])}); expected ciphertext and documented metadata only`, end, [], [hit[1]]);
    return found.list;
  },
});
