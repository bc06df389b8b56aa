/**
 * token-expiry: while a device's session token is expired its cached data stays readable and writable,
 * and the writes queued before or during the expiry reach the server after renewal (or are superseded).
 */
import type { LocalWriteEvent } from '../trace/events.ts';
import { defineChecker } from './_internals/facts.ts';

export const tokenExpiry = defineChecker({
  id: 'token-expiry',
  title: 'Expired tokens do not block or lose',
  property: 'with an expired token cached data stays readable and writable; nothing is lost',
  check({ trace }, found, views) {
    const expired = new Set<string>();
    // Writes that were not yet on the server when the token expired, or were made while it was.
    const atRisk: LocalWriteEvent[] = [];
    const unsent = new Map<string, LocalWriteEvent[]>();
    for (const e of trace) {
      if (found.full) break;
      switch (e.kind) {
        case 'token':
          if (e.state === 'expired') {
            expired.add(e.device);
            atRisk.push(...(unsent.get(e.device) ?? []));
            unsent.set(e.device, []);
          } else if (e.state === 'renewed') expired.delete(e.device); // a refused renewal (a deleted account) gives no new session
          break;
        case 'local-write':
          if (expired.has(e.device)) {
            if (!e.ok) found.add(`device ${e.device} has an expired token; expected the ${e.op} of ${e.recordId} to succeed locally, it was refused: ${e.error ?? ''}`, e, [e.device], [e.recordId]);
            else atRisk.push(e);
          } else if (e.ok) unsent.set(e.device, [...(unsent.get(e.device) ?? []), e]);
          break;
        case 'local-read':
          if (expired.has(e.device) && !e.ok) found.add(`device ${e.device} has an expired token; expected reading ${e.recordId} to succeed, it failed: ${e.error ?? ''}`, e, [e.device], [e.recordId]);
          break;
        case 'server-apply':
          if (e.appended.length + e.deduplicated.length > 0) {
            const done = new Set([...e.appended, ...e.deduplicated]);
            unsent.set(e.device, (unsent.get(e.device) ?? []).filter((w) => !done.has(w.version!.opId)));
          }
          break;
        default:
          break;
      }
    }
    const log = views.serverLog;
    if (!log) return found.list;
    for (const w of atRisk) {
      if (found.full) break;
      const v = w.version!;
      if (!log.reached(v)) {
        found.add(`device ${w.device}: op ${v.opId} of ${v.id}, pending across a token expiry, never reached the server after renewal; expected it in the server log`, w, [w.device], [v.id]);
      }
    }
    return found.list;
  },
});
