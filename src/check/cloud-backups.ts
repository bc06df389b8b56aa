/**
 * cloud-backups: what the server does with the optional cloud backups it accepts (matrix row "Optional
 * cloud backup", Available online; "Remote account deletion / backup admin actions"). remote-actions
 * judges the device's side (asked, sent, done only after acceptance); this judges the server's:
 *
 *   - every backup the server accepts (a `backup` request whose answer is `ok: true`) gets a backup id,
 *     a non-empty string no earlier accepted backup got;
 *   - at the end, the server holds, per account, exactly the backups it accepted since its last
 *     accepted backup admin action (which removes the account's stored backups: core/wire.ts, README
 *     "Remote actions"), the newest `BUILTIN_BACKUP_RETENTION` of them, each under its id with exactly
 *     the ciphertext and device the accepted request carried (no truncation, no other device's bytes);
 *     nothing it refused, nothing it never acknowledged, nothing a removal took.
 *
 * Reads the trace (requests, their delivery, the server's handling and answers) and the server's final
 * state (`serverState`: the built-in server's dump, `accounts[].backups[]`), the way exposure-content
 * reads it; without a final state (a trace checked on its own) only the ids are judged. The retention
 * and the removal are the built-in server's rules, so it is judged only for sync-lab's protocol and
 * server (run-start has no `protocol`), like server-tokens.
 */
import type { TraceEvent } from '../trace/events.ts';
import { defineChecker, runEnd } from './_internals/facts.ts';

/** The built-in server keeps this many backups per account, dropping the oldest (README "Remote actions"). */
export const BUILTIN_BACKUP_RETENTION = 8;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Accepted {
  readonly backupId: string;
  readonly device: string;
  readonly accountId: string;
  readonly ciphertext: unknown;
  readonly event: TraceEvent;
}

/** A request the server handled (its server-apply), waiting for the answer it sent. */
interface Handled {
  readonly device: string;
  readonly requestId: string;
  readonly request: Json | undefined;
}

export const cloudBackups = defineChecker({
  id: 'cloud-backups',
  title: 'Cloud backups kept as sent',
  property: 'an accepted backup gets a fresh id and is held, byte for byte as its device sent it, until a backup admin action removes it (the newest ones within the retention)',
  check({ trace, serverState }, found) {
    const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
    if (start === undefined || start.protocol !== undefined) return found.list;
    /** Requests as transmitted, by message id (a duplicate's copy id included). */
    const sent = new Map<string, Json>();
    let delivered: Json | undefined;
    let handled: Handled | undefined;
    const ids = new Set<string>();
    /** Per account: the backups accepted since its last removal, in acceptance order. */
    const live = new Map<string, Accepted[]>();
    const accepted = new Map<string, Accepted>();
    for (const e of trace) {
      if (found.full) break;
      switch (e.kind) {
        case 'msg-send':
          if (e.from !== 'server') {
            if (isObject(e.payload) && (e.payload['type'] === 'backup' || e.payload['type'] === 'admin')) sent.set(e.msgId, e.payload);
            break;
          }
          if (handled !== undefined && handled.requestId === e.requestId && handled.device === e.to) answered(handled, e);
          handled = undefined;
          break;
        case 'msg-duplicate': {
          const payload = sent.get(e.msgId);
          if (payload !== undefined) sent.set(e.copyId, payload);
          break;
        }
        case 'msg-deliver':
          if (e.to === 'server') delivered = sent.get(e.msgId);
          break;
        case 'server-apply':
          handled = { device: e.device, requestId: e.requestId, request: delivered !== undefined && delivered['requestId'] === e.requestId ? delivered : undefined };
          delivered = undefined;
          break;
        default:
          break;
      }
    }
    const end = runEnd(trace);
    if (end !== undefined && serverState !== undefined && !found.full) judgeHeld(end);
    return found.list;

    function answered(h: Handled, answer: Extract<TraceEvent, { kind: 'msg-send' }>): void {
      const request = h.request;
      const response = answer.payload;
      if (request === undefined || !isObject(response) || response['ok'] !== true) return;
      const accountId = String(request['accountId']);
      if (request['type'] === 'admin') {
        // A removal (or the account's deletion) takes every backup the account held.
        if (request['action'] === 'backup-admin' || request['action'] === 'delete-account') live.set(accountId, []);
        return;
      }
      const backupId = response['backupId'];
      if (typeof backupId !== 'string' || backupId === '' || ids.has(backupId)) {
        const why = typeof backupId !== 'string' || backupId === '' ? `backup id ${JSON.stringify(backupId)}` : `backup id ${JSON.stringify(backupId)}, already given to an earlier backup`;
        found.add(`server: accepted backup request ${h.requestId} of device ${h.device} with ${why}; expected a fresh, non-empty id naming the stored backup`, answer, [h.device], []);
        return;
      }
      ids.add(backupId);
      const backup = { backupId, device: h.device, accountId, ciphertext: request['ciphertext'], event: answer };
      accepted.set(backupId, backup);
      live.set(accountId, [...(live.get(accountId) ?? []), backup]);
    }

    function judgeHeld(at: TraceEvent): void {
      const accounts = isObject(serverState) && Array.isArray(serverState['accounts']) ? serverState['accounts'] : [];
      const heldBy = new Map<string, unknown[]>();
      for (const a of accounts) if (isObject(a) && typeof a['accountId'] === 'string') heldBy.set(a['accountId'], Array.isArray(a['backups']) ? a['backups'] : []);
      const accountIds = [...new Set([...live.keys(), ...heldBy.keys()])].sort();
      for (const accountId of accountIds) {
        const kept = live.get(accountId) ?? [];
        const held = heldBy.get(accountId) ?? [];
        const heldIds = new Set<string>();
        for (const b of held) {
          if (found.full) return;
          const id = isObject(b) && typeof b['backupId'] === 'string' ? b['backupId'] : undefined;
          const acceptedAs = id === undefined ? undefined : accepted.get(id);
          if (id === undefined || acceptedAs === undefined) {
            found.add(`server: account ${accountId} holds a backup (${describe(b)}) it never acknowledged as accepted; expected only the backups it accepted`, at, [], []);
            continue;
          }
          heldIds.add(id);
          const b2 = b as Json;
          const wrong: string[] = [];
          if (b2['ciphertext'] !== acceptedAs.ciphertext) wrong.push(`ciphertext ${describe(b2['ciphertext'])} where the request carried ${describe(acceptedAs.ciphertext)}`);
          if (b2['deviceId'] !== acceptedAs.device) wrong.push(`device ${JSON.stringify(b2['deviceId'])} where ${acceptedAs.device} sent it`);
          const length = b2['ciphertextLength'];
          if (length !== undefined && (typeof acceptedAs.ciphertext !== 'string' || length !== acceptedAs.ciphertext.length)) wrong.push(`ciphertextLength ${JSON.stringify(length)}`);
          if (wrong.length > 0) found.add(`server: backup ${id} of device ${acceptedAs.device} is held with ${wrong.join(', ')}; expected exactly the bytes the device sent`, at, [acceptedAs.device], []);
          if (!kept.includes(acceptedAs)) found.add(`server: account ${accountId} still holds backup ${id} of device ${acceptedAs.device}, although the server accepted a backup admin action after it; expected the removal to remove it`, at, [acceptedAs.device], []);
        }
        const newest = kept.slice(-BUILTIN_BACKUP_RETENTION);
        for (const b of newest) {
          if (found.full) return;
          if (!heldIds.has(b.backupId)) {
            found.add(`server: backup ${b.backupId} of device ${b.device}, accepted at ${(b.event.t / 1e6).toFixed(3)} s, is not held at the end, although no backup admin action was accepted since and it is among the newest ${BUILTIN_BACKUP_RETENTION}; expected it kept until removed`, at, [b.device], []);
          }
        }
      }
    }
  },
});

/** A held value, described shortly (long strings by their length and start). */
function describe(value: unknown): string {
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 16))}… (${value.length} chars)`;
  if (isObject(value)) return `id ${JSON.stringify(value['backupId'])}`;
  return JSON.stringify(value) ?? String(value);
}
