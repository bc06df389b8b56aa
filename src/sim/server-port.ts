/**
 * The simulator's one path to a server: the engine's own (`ReconcilerModule.server`) or, for a module
 * without one, the built-in server over sync-lab's protocol, both behind the server seam
 * (reconciler/server-seam.ts). Messages are opaque here; what the simulator needs of them (a request's
 * id, its kind) comes from the module's declarations. What only the built-in server can do (partial
 * pushes, busy refusals) is asked of it alone, and refused at the edge for any other (`unsupportedServerFaults`).
 */
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { ClientInfo, ProtocolServer, ServerAnswer, ServerModule } from '../reconciler/server-seam.ts';
import { BuiltinProtocolServer, builtinServerModule } from '../server/index.ts';
import type { ServerFault } from '../server/index.ts';
import type { ProtocolFacts, RunEndEvent } from '../trace/events.ts';
import { describeThrown, EngineError } from './engine-answers.ts';

type AnyServerModule = ServerModule<unknown, unknown>;

/** A request the engine sent, as the simulator handles it: the message, its id and its kind. */
export interface Outgoing {
  readonly message: unknown;
  readonly requestId: string;
  /** Declared kind, or `message` when the protocol declares none. */
  readonly kind: string;
}

export class ServerPort {
  readonly module: AnyServerModule;
  readonly server: ProtocolServer<unknown, unknown>;
  /** The built-in server (a module without its own), or null. */
  readonly builtin: BuiltinProtocolServer | null;

  constructor(reconciler: Pick<ReconcilerModule<unknown, unknown>, 'server'>, accountId: string, tokenTtlMs: number) {
    this.module = (reconciler.server ?? builtinServerModule) as AnyServerModule;
    this.server = this.module.create({ accountId, tokenTtlMs });
    this.builtin = this.server instanceof BuiltinProtocolServer ? this.server : null;
  }

  /** The engine's own protocol declares message kinds (or it is the built-in one). */
  get kinds(): boolean {
    return typeof this.module.kindOf === 'function';
  }

  get sessions(): boolean {
    return typeof this.server.issueToken === 'function';
  }

  /** An outgoing request's id and kind; a protocol that names no id for it is the engine's fault (thrown, caller records). */
  outgoing(message: unknown): Outgoing {
    const requestId = this.module.requestIdOf(message);
    if (typeof requestId !== 'string' || requestId.length === 0) {
      throw new TypeError(`server ${this.module.name}: requestIdOf returned ${JSON.stringify(requestId) ?? 'undefined'} for a request; expected a non-empty string`);
    }
    return { message, requestId, kind: this.kindOf(message) ?? 'message' };
  }

  kindOf(message: unknown): string | undefined {
    const kind = this.module.kindOf?.(message);
    return typeof kind === 'string' && kind.length > 0 ? kind : undefined;
  }

  handle(message: unknown, nowMs: number, client: ClientInfo, fault: ServerFault | undefined): ServerAnswer<unknown> {
    if (this.builtin) return this.builtin.handleWithFault(message as never, nowMs, client, fault);
    return this.engineServerCall('handle', client.deviceId, () => this.server.handle(message, nowMs, client));
  }

  issueToken(deviceId: string, nowMs: number): string {
    return this.engineServerCall('issueToken', deviceId, () => this.server.issueToken?.(deviceId, nowMs) ?? '');
  }

  expireTokensOf(deviceId: string, nowMs: number): void {
    this.engineServerCall('expireTokensOf', deviceId, () => this.server.expireTokensOf?.(deviceId, nowMs));
  }

  /**
   * A call of an engine's own server (`handle` and the session calls): a throw is the engine's fault,
   * an `EngineError` naming the call (the run ends with an engine-error finding), never the lab's
   * internal error. The built-in server's throws pass as they are (its refusal to issue a token for a
   * deleted account is what the deletion epilogue records).
   */
  private engineServerCall<T>(call: string, deviceId: string, f: () => T): T {
    if (this.builtin) return f();
    try {
      return f();
    } catch (error) {
      throw new EngineError(`server.${call}`, deviceId, `threw ${describeThrown(error)}`);
    }
  }

  /** The server can end one session (the seam's optional `expireToken`). */
  get sessionRevoke(): boolean {
    return this.sessions && typeof this.server.expireToken === 'function';
  }

  expireToken(token: string, nowMs: number, deviceId: string): void {
    this.engineServerCall('expireToken', deviceId, () => this.server.expireToken?.(token, nowMs));
  }

  /**
   * The server's final state, which checkers read (cloud-backups, exposure-content), or a reason it has
   * none: `state()` threw or gave no value. The world records that reason as an engine-error finding
   * (call `server.state`), so a verdict never silently judges without the state it was promised.
   */
  finalState(): { state: unknown } | { problem: string } {
    let state: unknown;
    try {
      state = this.server.state();
    } catch (error) {
      return { problem: `threw ${describeThrown(error)}` };
    }
    return state === undefined ? { problem: 'returned undefined; expected a JSON value (the final server state the checkers read)' } : { state };
  }

  /** run-end's serverLog: the built-in log as ever, an engine's server's `storedVersions()`, or nothing. */
  serverLog(): RunEndEvent['serverLog'] {
    if (this.builtin) {
      return this.builtin.log().map((op) => ({ seq: op.seq, opId: op.opId, recordId: op.recordId, stamp: op.stamp, ciphertextLength: op.ciphertextLength }));
    }
    return (this.server.storedVersions?.() ?? []).map(({ opId, recordId, stamp }, n) => ({ seq: n + 1, opId, recordId, stamp }));
  }

  /** run-start's `protocol` (absent for the built-in server, so its traces are unchanged). */
  facts(): ProtocolFacts | undefined {
    if (this.builtin) return undefined;
    return { name: this.module.name, metadata: [...this.module.metadata].sort(), kinds: this.kinds, storedVersions: typeof this.server.storedVersions === 'function' };
  }
}
