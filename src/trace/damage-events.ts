/**
 * Trace events of the damaged-request fault (damagedRequestPercent, src/sim/request-damage*.ts): a
 * broken or hostile client on the account sends the server a damaged copy of a request a device sent,
 * beside the real one. Types only, like events.ts, so the visualizer can import them.
 */

interface Base {
  i: number;
  t: number;
}

/** A damaged copy of request `requestId` of `device` is on its way to the server (the real request travels untouched). */
export interface RequestDamageEvent extends Base {
  kind: 'request-damage';
  device: string;
  /** The real request's id (the copy carries the same one unless its damage is there). */
  requestId: string;
  /** The copy's own id (`<msgId of the real request>.damaged`): its `damaged-apply` names it. */
  copyId: string;
  /** The real request's kind. */
  type: string;
  /** The damaged field (`ops[0].stamp`, `token`, `(root)`) and the damage (`missing`, `over-length`, `wall-not-digit`, ...). */
  path: string;
  damage: string;
  /** What a server speaking the protocol must do: `refuse` it (a refusal, nothing stored), or drop the extra field (`drop-field`). */
  expect: 'refuse' | 'drop-field';
  /** The damaged value, described shortly (long strings by length). */
  value: string;
  /** `drop-field`: the extra field's value, which must appear nowhere in what the server stores. */
  marker?: string;
}

/**
 * What became of a damaged copy: the server handled it (`handled`: its answer and what it stored) or it
 * never reached the server (`server-outage`, `end-of-run`). The answer reaches no device: the copy's
 * sender is not a simulated device (`answer: 'not-delivered'`).
 */
export interface DamagedApplyEvent extends Base {
  kind: 'damaged-apply';
  copyId: string;
  requestId: string;
  device: string;
  outcome: 'handled' | 'server-outage' | 'end-of-run';
  /** Op ids the server stored anew / recognised as stored, as it declared them (`ServerAnswer.stored`). */
  appended: string[];
  deduplicated: string[];
  /** The server's refusal code, when it refused. */
  error?: string;
  /** The server's answer (handled, and the server answered). */
  response?: unknown;
  answer: 'not-delivered';
}
