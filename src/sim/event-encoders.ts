/**
 * Encoders of the trace hash (v2) for the most frequent event kinds (status, messages, request
 * failures, server applies: 99% of a light day's events). Each writes the very bytes the generic
 * encoder writes for the event, without listing, sorting or copying its keys and values: the keys of
 * these kinds are fixed by their types (every call site builds a literal, so TypeScript refuses an
 * extra key) and listed here, checked against the types at compile time and against the generic
 * encoding by tests/sim/event-encoders.spec.ts. An event with an optional key set, or an `undefined`
 * value, is left to the generic encoder (the encoder returns false before writing anything).
 * Adding a key to one of these kinds' types fails the type check here until it is listed; a listed
 * key the encoder does not write breaks the byte test on any run (required keys) or sends the event
 * the generic way (server-apply's optional keys). The one thing not checked at run time is a key the
 * type does not have, smuggled in by a cast: it would be left out of the hash. No call site casts.
 */
import { knownShape } from '../core/trace-hash.ts';
import type { TraceEncoder } from '../core/trace-hash.ts';
import type { TraceEvent } from '../trace/events.ts';

type EventOf<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;
/** `keys` when they are every key of the kind's type (required and optional alike), else a type error. */
function keysOf<K extends TraceEvent['kind']>() {
  return <const L extends readonly (keyof EventOf<K>)[]>(keys: L & (Exclude<keyof EventOf<K>, L[number]> extends never ? unknown : never)): L => keys;
}

// Sorted by code unit, as the encoding orders keys; the optional keys of server-apply are listed apart.
export const HOT_EVENT_KEYS = {
  'msg-deliver': keysOf<'msg-deliver'>()(['i', 'kind', 'msgId', 't', 'to']),
  'msg-drop': keysOf<'msg-drop'>()(['i', 'kind', 'msgId', 'reason', 't']),
  'msg-send': keysOf<'msg-send'>()(['bytes', 'from', 'i', 'kind', 'msgId', 'payload', 'requestId', 'senderMode', 't', 'to', 'type']),
  'request-fail': keysOf<'request-fail'>()(['device', 'i', 'kind', 'reason', 'requestId', 't']),
  status: keysOf<'status'>()(['device', 'i', 'kind', 'status', 't']),
  'server-apply': keysOf<'server-apply'>()(['appended', 'deduplicated', 'device', 'i', 'kind', 'requestId', 't', 'type', 'error', 'partial', 'busy', 'overQuota']),
} as const;
/** Keys of server-apply the encoder below writes; an event with any other listed key set goes the generic way. */
const SERVER_APPLY_WRITTEN = 8;
const SERVER_APPLY_OPTIONAL = HOT_EVENT_KEYS['server-apply'].slice(SERVER_APPLY_WRITTEN);

const MSG_DELIVER = knownShape(HOT_EVENT_KEYS['msg-deliver']);
const MSG_DROP = knownShape(HOT_EVENT_KEYS['msg-drop']);
const MSG_SEND = knownShape(HOT_EVENT_KEYS['msg-send']);
const REQUEST_FAIL = knownShape(HOT_EVENT_KEYS['request-fail']);
const STATUS = knownShape(HOT_EVENT_KEYS.status);
const SERVER_APPLY = knownShape(HOT_EVENT_KEYS['server-apply'].slice(0, SERVER_APPLY_WRITTEN));

/** Encodes `e` if it is of a hot kind with every value defined; false (nothing written) otherwise. */
export function encodeHotEvent(enc: TraceEncoder, e: TraceEvent): boolean {
  switch (e.kind) {
    case 'msg-deliver':
      if (e.msgId === undefined || e.to === undefined) return false;
      enc.objectOf(MSG_DELIVER);
      enc.value(e.i);
      enc.value(e.kind);
      enc.value(e.msgId);
      enc.value(e.t);
      enc.value(e.to);
      return true;
    case 'msg-drop':
      if (e.msgId === undefined || e.reason === undefined) return false;
      enc.objectOf(MSG_DROP);
      enc.value(e.i);
      enc.value(e.kind);
      enc.value(e.msgId);
      enc.value(e.reason);
      enc.value(e.t);
      return true;
    case 'msg-send':
      if (e.bytes === undefined || e.from === undefined || e.msgId === undefined || e.payload === undefined || e.requestId === undefined || e.senderMode === undefined || e.to === undefined || e.type === undefined) return false;
      enc.objectOf(MSG_SEND);
      enc.value(e.bytes);
      enc.value(e.from);
      enc.value(e.i);
      enc.value(e.kind);
      enc.value(e.msgId);
      enc.value(e.payload);
      enc.value(e.requestId);
      enc.value(e.senderMode);
      enc.value(e.t);
      enc.value(e.to);
      enc.value(e.type);
      return true;
    case 'request-fail':
      if (e.device === undefined || e.reason === undefined || e.requestId === undefined) return false;
      enc.objectOf(REQUEST_FAIL);
      enc.value(e.device);
      enc.value(e.i);
      enc.value(e.kind);
      enc.value(e.reason);
      enc.value(e.requestId);
      enc.value(e.t);
      return true;
    case 'status':
      if (e.device === undefined || e.status === undefined) return false;
      enc.objectOf(STATUS);
      enc.value(e.device);
      enc.value(e.i);
      enc.value(e.kind);
      enc.value(e.status);
      enc.value(e.t);
      return true;
    case 'server-apply':
      for (let k = 0; k < SERVER_APPLY_OPTIONAL.length; k++) if (e[SERVER_APPLY_OPTIONAL[k]!] !== undefined) return false;
      if (e.appended === undefined || e.deduplicated === undefined || e.device === undefined || e.requestId === undefined || e.type === undefined) return false;
      enc.objectOf(SERVER_APPLY);
      enc.value(e.appended);
      enc.value(e.deduplicated);
      enc.value(e.device);
      enc.value(e.i);
      enc.value(e.kind);
      enc.value(e.requestId);
      enc.value(e.t);
      enc.value(e.type);
      return true;
    default:
      return false;
  }
}
