/**
 * The server seam: a reconciler module may bring its own server and its own message shapes
 * (`ReconcilerModule.server`). The simulator then carries the engine's requests to that server and its
 * answers back as opaque JSON values, with the same network faults as ever (loss, duplication,
 * reordering, latency, partitions, outages, targeted drop/delay/duplicate of the next request or
 * response). A module without `server` talks sync-lab's own protocol (core/wire.ts) to the built-in
 * server, which is itself one implementation of this seam (src/server/builtin-protocol.ts).
 *
 * Contract (sans-IO, like the engine): `handle` reads no clock but `nowMs`, draws no randomness, does
 * no I/O and returns at once. Messages and `state()` are JSON values (no `undefined`, no functions, no
 * cycles); the trace records them as they are, so checkers judge them.
 *
 * What the lab judges of a foreign protocol (docs/design.md, "Checkers and the wire format"):
 *   - exposure E3 scans every byte of every message and of `state()` for record content in clear;
 *   - exposure E2 checks every request against `metadata` (the documented metadata field paths);
 *   - checkers that read sync-lab's wire format (push/pull/ack bodies) are reported "not judged" with
 *     the reason, unless the fact they need is declared here (`kindOf`, `ServerAnswer.stored`,
 *     `ProtocolServer.storedVersions`).
 */

/** A JSON value: what crosses the simulated network, and what a server's state is. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { readonly [key: string]: JsonValue };

/** What `ServerModule.create` receives. */
export interface ServerCreateOptions {
  /** The one account every simulated device belongs to. */
  readonly accountId: string;
  /** Session lifetime the simulation asks for (ms); a server without sessions ignores it. */
  readonly tokenTtlMs: number;
}

/** Who sent a message, as the server's socket would see it. */
export interface ClientInfo {
  readonly deviceId: string;
  /** The device's network address (`10.0.0.N`). */
  readonly address: string;
}

/** One write as the server holds it, named the way the engine's versions name it (the trace's opId). */
export interface StoredVersion {
  readonly opId: string;
  readonly recordId: string;
  readonly stamp: string;
}

/** The server's answer to one message, and (optionally) what it did, for the trace's `server-apply`. */
export interface ServerAnswer<Res = JsonValue> {
  /** The message sent back to the client, or absent for none (the client's request then times out). */
  readonly response?: Res;
  /**
   * Optional facts: the op ids (the engine's `RecordVersion.opId`) of writes this message stored anew,
   * and of writes it recognised as already stored. Declared, the `no-duplicates` checker judges that
   * no write is stored twice; a server that declares neither has that part judged from replicas only.
   */
  readonly stored?: readonly string[];
  readonly deduplicated?: readonly string[];
  /** A refusal, for the trace (`server-apply.error`): a short code such as `bad-request`. */
  readonly error?: string;
}

/** One running server (one per simulated world). */
export interface ProtocolServer<Req = JsonValue, Res = JsonValue> {
  /** Handles one message that reached the server. Duplicated messages arrive twice: that is the point. */
  handle(message: Req, nowMs: number, client: ClientInfo): ServerAnswer<Res>;
  /** Everything the server stores, as JSON: the plaintext scan (E3) reads every byte of it. */
  state(): JsonValue;
  /**
   * Optional: the writes the server holds at the end, by the engine's op ids. Declared, the
   * `convergence` and `durability` checkers judge that every committed write reached the server.
   */
  storedVersions?(): readonly StoredVersion[];
  /**
   * Optional sessions. With them the device's `ReconcilerOptions.token` comes from `issueToken`, and
   * schedules' `token-expire` calls `expireTokensOf`; without them the token is `''` and a
   * `token-expire` is recorded as a skip (`unsupported`).
   */
  issueToken?(deviceId: string, nowMs: number): string;
  expireTokensOf?(deviceId: string, nowMs: number): void;
  /**
   * Optional: ends ONE session, that of `token` (a token `issueToken` gave); the device's other
   * sessions stay as they were. Schedules' `token-expire` with `scope: 'session'` and the token
   * rotation of `token-renew` with `rotate: true` call it with the token the device was last given;
   * without it they are recorded as a skip (`unsupported`).
   */
  expireToken?(token: string, nowMs: number): void;
}

export interface ServerModule<Req = JsonValue, Res = JsonValue> {
  /** The protocol's name, recorded in the trace (`run-start.protocol.name`). */
  readonly name: string;
  create(options: ServerCreateOptions): ProtocolServer<Req, Res>;
  /**
   * The id of a request, as the engine knows it: a request that gets no answer in time is handed
   * back to the engine as `fail(requestIdOf(request), reason, now)`. Must be a non-empty string.
   */
  requestIdOf(request: Req): string;
  /**
   * Optional: a message's kind (`push`, `pull`, or any name). Declared, targeted faults aimed at a kind
   * (`drop-next` of a `push` request…) apply to messages of that kind, and slow acknowledgements to
   * answers of `push` requests; undeclared, such faults are recorded as `unsupported`.
   */
  kindOf?(message: Req | Res): string | undefined;
  /**
   * Exposure E2: the documented metadata, as field paths of a request (`kind`, `changes[].id`,
   * `changes[].box`). A listed path allows that field and everything under it; a field neither listed
   * nor on the way to a listed path is undocumented metadata. Content must travel inside fields whose
   * value is ciphertext.
   */
  readonly metadata: readonly string[];
}
