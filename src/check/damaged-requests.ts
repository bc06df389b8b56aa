/**
 * damaged-requests: the server trusts nothing a client sends. Reads the trace only (and the final
 * server state), never the server's validation: what a damaged copy must get is what the lab recorded
 * of it (`request-damage.expect`, from the lab's own statement of the protocol).
 *
 *   - every damaged copy the server handled with `expect: refuse` is refused (`ok: false`) and stores
 *     nothing; one with an extra field (`drop-field`) may be honoured, but its marker is stored nowhere;
 *   - every op the server holds at the end (run-end serverLog) and every op a pull answer carries is
 *     one a device sent in a real push, field for field: no content that came only from a damaged copy;
 *   - a real request refused with its damaged twin's `bad-request` refusal, word for word, after the
 *     twin: the refusal was remembered by request id (a poisoned idempotency cache);
 *   - a damaged copy's refusal is well-formed (core/wire.ts, ErrorResponse): `ok: false`, one of the
 *     protocol's codes, a message, the copy's `requestId` echoed when it carried a string one (`''`
 *     when it carried none: the answer must match no request), its `type` when it carried a known one.
 *
 * Judged only on sync-lab's protocol (the built-in server, or an engine's own server declaring it).
 */
import { canonicalJson } from '../core/canonical.ts';
import { DOCUMENTED_OP_FIELDS, DOCUMENTED_REQUEST_FIELDS, SYNC_ERROR_CODES } from '../core/wire.ts';
import type { DamagedApplyEvent, RequestDamageEvent, TraceEvent } from '../trace/events.ts';
import { defineChecker, runEnd } from './_internals/facts.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const PULLED_OP_FIELDS = new Set([...DOCUMENTED_OP_FIELDS, 'seq']);
const REQUEST_TYPES: readonly unknown[] = Object.keys(DOCUMENTED_REQUEST_FIELDS);
const REFUSAL_CODES: readonly unknown[] = SYNC_ERROR_CODES;
/** Damages after which the copy's requestId echoes as `''`: gone, not a string, or the empty string itself. */
const NO_REQUEST_ID = new Set(['missing', 'wrong-type', 'empty']);

/**
 * What a refusal to this damaged copy must echo (core/wire.ts, ErrorResponse): the requestId it carried
 * when a string (`undefined`: some string the lab does not know exactly: an over-long id), and
 * its type when it carried one of the four (`undefined`: any of them).
 */
function echoed(damage: RequestDamageEvent): { requestId: string | undefined; type: string | undefined } {
  if (damage.path === '(root)') return { requestId: '', type: undefined };
  const requestId = damage.path !== 'requestId' ? damage.requestId : NO_REQUEST_ID.has(damage.damage) ? '' : undefined;
  return { requestId, type: damage.path === 'type' ? undefined : damage.type };
}

/** An op as a device sent it in a real push: what the server may store and hand out. */
interface SentOp {
  readonly recordId: unknown;
  readonly stamp: unknown;
  readonly ciphertext: unknown;
}

function refusal(response: unknown): { error: unknown; message: unknown } | undefined {
  return isObject(response) && response['ok'] === false ? { error: response['error'], message: response['message'] } : undefined;
}

export const damagedRequests = defineChecker({
  id: 'damaged-requests',
  title: 'Damaged requests refused',
  property: 'the server refuses every damaged request and stores nothing from it; a real request is never refused for its damaged twin',
  check({ trace, serverState }, found) {
    /** Real pushes' ops by op id (every version a device sent under that id). */
    const sent = new Map<string, SentOp[]>();
    const damages = new Map<string, RequestDamageEvent>();
    /** The twin's bad-request refusal, by request id, once the server handled the twin. */
    const twinRefusal = new Map<string, { error: unknown; message: unknown; copy: DamagedApplyEvent }>();
    const markers: RequestDamageEvent[] = [];
    const sameOp = (opId: string, op: Json, withCiphertext: boolean): boolean =>
      (sent.get(opId) ?? []).some((s) => s.recordId === op['recordId'] && s.stamp === op['stamp'] && (!withCiphertext || s.ciphertext === op['ciphertext']));
    for (const e of trace) {
      if (found.full) break;
      switch (e.kind) {
        case 'msg-send':
          if (e.from !== 'server') {
            const ops = isObject(e.payload) && e.payload['type'] === 'push' ? e.payload['ops'] : undefined;
            if (Array.isArray(ops)) for (const op of ops) if (isObject(op) && typeof op['opId'] === 'string') pushTo(sent, op['opId'], { recordId: op['recordId'], stamp: op['stamp'], ciphertext: op['ciphertext'] });
            break;
          }
          judgeAnswer(e);
          break;
        case 'request-damage':
          damages.set(e.copyId, e);
          if (e.marker !== undefined) markers.push(e);
          break;
        case 'damaged-apply':
          if (e.outcome === 'handled') judgeCopy(e);
          break;
      }
    }
    const end = runEnd(trace);
    if (end) {
      for (const op of end.serverLog) {
        if (found.full) break;
        if (!sameOp(op.opId, op as unknown as Json, false)) {
          found.add(`the server holds op ${op.opId} (record ${op.recordId}, stamp ${JSON.stringify(op.stamp)}) that no device sent in a push${damages.size > 0 ? ' (a damaged copy stored?)' : ''}; expected only ops devices sent, field for field`, end, [], [op.recordId]);
        } else if (op.ciphertextLength !== undefined && !(sent.get(op.opId) ?? []).some((s) => typeof s.ciphertext === 'string' && s.ciphertext.length === op.ciphertextLength)) {
          found.add(`the server holds op ${op.opId} with ${op.ciphertextLength} ciphertext characters, a length no device sent for it; expected the ciphertext a device pushed`, end, [], [op.recordId]);
        }
      }
    }
    if (markers.length > 0 && serverState !== undefined && !found.full) {
      const stored = canonicalJson(serverState);
      const at = end ?? trace[trace.length - 1]!;
      for (const m of markers) if (stored.includes(m.marker!)) found.add(`the server stores the extra field ${m.path} of damaged copy ${m.copyId} (value ${JSON.stringify(m.marker)}); expected fields outside the protocol dropped, never stored`, at, [m.device], []);
    }
    return found.list;

    function judgeCopy(e: DamagedApplyEvent): void {
      const damage = damages.get(e.copyId);
      if (damage === undefined) return;
      const what = `damaged copy ${e.copyId} of ${damage.type} ${damage.requestId} (${damage.path}: ${damage.damage}, ${damage.value})`;
      const refused = refusal(e.response);
      if (damage.expect === 'refuse') {
        if (e.response !== undefined && refused === undefined) found.add(`the server accepted ${what}; expected a refusal (the protocol forbids it)`, e, [e.device], []);
        if (e.appended.length > 0) found.add(`the server stored op(s) ${e.appended.join(', ')} from ${what}; expected nothing stored`, e, [e.device], []);
      }
      if (refused !== undefined) judgeRefusal(e, damage, what);
      if (refused !== undefined && refused.error === 'bad-request') twinRefusal.set(e.requestId, { ...refused, copy: e });
    }

    /** A refusal is well-formed and echoes what the copy carried (core/wire.ts, ErrorResponse). */
    function judgeRefusal(e: DamagedApplyEvent, damage: RequestDamageEvent, what: string): void {
      const answer = e.response as Json;
      const expected = echoed(damage);
      const wrong: string[] = [];
      if (!REFUSAL_CODES.includes(answer['error'])) wrong.push(`error ${JSON.stringify(answer['error'])} (expected one of ${SYNC_ERROR_CODES.join(', ')})`);
      if (typeof answer['message'] !== 'string') wrong.push('no message');
      const requestId = answer['requestId'];
      if (typeof requestId !== 'string' || (expected.requestId !== undefined && requestId !== expected.requestId)) {
        wrong.push(`requestId ${JSON.stringify(requestId)} (expected ${expected.requestId === undefined ? 'a string' : expected.requestId === '' ? "'' : the copy carried no string requestId" : JSON.stringify(expected.requestId)})`);
      }
      const type = answer['type'];
      if (expected.type !== undefined ? type !== expected.type : !REQUEST_TYPES.includes(type)) {
        wrong.push(`type ${JSON.stringify(type)} (expected ${expected.type ?? `one of ${REQUEST_TYPES.join(', ')}`})`);
      }
      if (wrong.length > 0) found.add(`the server's refusal of ${what} is malformed: ${wrong.join('; ')}`, e, [e.device], []);
    }

    function judgeAnswer(e: Extract<TraceEvent, { kind: 'msg-send' }>): void {
      const payload = e.payload;
      if (!isObject(payload)) return;
      const twin = twinRefusal.get(e.requestId);
      const refused = refusal(payload);
      if (twin !== undefined && refused !== undefined && refused.error === twin.error && refused.message === twin.message) {
        found.add(`the server refused ${e.to}'s request ${e.requestId} with the very refusal of its damaged twin ${twin.copy.copyId} (${JSON.stringify(twin.message)}); expected the real request judged on its own (a refusal remembered by request id?)`, e, [e.to], []);
      }
      const ops = payload['ops'];
      if (!Array.isArray(ops)) return;
      for (const op of ops) {
        if (!isObject(op) || typeof op['opId'] !== 'string') continue;
        const extra = Object.keys(op).filter((k) => !PULLED_OP_FIELDS.has(k));
        if (!sameOp(op['opId'], op, true)) {
          found.add(`the server handed ${e.to} op ${op['opId']} (record ${String(op['recordId'])}) with content no device sent in a push; expected only ops devices sent, field for field`, e, [e.to], typeof op['recordId'] === 'string' ? [op['recordId']] : []);
        } else if (extra.length > 0) {
          found.add(`the server handed ${e.to} op ${op['opId']} with field(s) outside the protocol (${extra.join(', ')}); expected them dropped, never stored`, e, [e.to], []);
        }
        if (found.full) return;
      }
    }
  },
});

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
