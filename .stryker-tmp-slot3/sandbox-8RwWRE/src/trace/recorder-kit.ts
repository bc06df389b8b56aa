/**
 * The recorder kit: how a program other than the simulator (a real app, a test harness, a staging
 * client) writes its own sync traffic as a sync-lab trace, so `sync-lab check` judges it with every
 * checker. Call `record` (or a helper) on each sync event with the time in µs since the start of the
 * session (any monotonic clock the app has; the kit refuses time going backwards), then `end` with
 * the final replicas and server log, and write `toJsonLines()` to a file. Every event is checked
 * against the public schema (src/trace/schema.ts) as it is recorded, so a bad call fails at the call,
 * not later in `check`. docs/trace-format.md says what each checker needs the trace to log.
 *
 * `src/api/record-reconciler.ts` wraps any `Reconciler` with this kit, logging its calls for you.
 */
// @ts-nocheck

import type { Mode, TraceEvent, TraceKind, TraceVersion } from './events.ts';
import { traceEventSchema } from './schema.ts';

/** An event as the app hands it in: the kit adds `i` and `t`. */
export type TraceBody = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'i' | 't'> : never) : never;

export interface TraceKitOptions {
  devices: readonly string[];
  stampMode: 'hlc' | 'wall';
  /** Names the engine (shown by `check` and the visualizer). */
  engine?: string;
  /** Event kinds this recording logs even where none happened (so `check` can judge "none happened"). */
  logs?: readonly TraceKind[];
  /** A number identifying the session (the simulator's seed); 0 by default. */
  session?: number;
}

export class TraceKitError extends Error {
  override name = 'TraceKitError';
}

export class TraceRecorderKit {
  readonly events: TraceEvent[] = [];
  private lastT = 0;
  private nextMsg = 0;
  private readonly modes = new Map<string, Mode>();

  constructor(readonly options: TraceKitOptions) {
    if (options.devices.length === 0) throw new TraceKitError('recorder-kit: devices: expected at least one device id');
    this.record(0, {
      kind: 'run-start',
      seed: options.session ?? 0,
      devices: [...options.devices],
      stampMode: options.stampMode,
      reconciler: options.engine ?? 'unknown',
      options: {},
      ...(options.logs ? { logs: [...options.logs] } : {}),
    } as TraceBody);
  }

  /** Records one event at `tUs` (µs since the session started, never decreasing). */
  record(tUs: number, body: TraceBody): TraceEvent {
    if (!Number.isFinite(tUs) || tUs < this.lastT) throw new TraceKitError(`recorder-kit: t: ${tUs} µs; expected a number >= ${this.lastT} (time never goes backwards in a trace)`);
    if (this.events.at(-1)?.kind === 'run-end') throw new TraceKitError(`recorder-kit: ${body.kind}: the trace already ended (run-end is the last event)`);
    const event = { i: this.events.length, t: tUs, ...body } as TraceEvent;
    const checked = traceEventSchema.safeParse(event);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new TraceKitError(`recorder-kit: ${body.kind}: field "${issue.path.join('.')}": ${issue.message}`);
    }
    this.lastT = tUs;
    if (event.kind === 'connectivity') this.modes.set(event.device, event.mode);
    this.events.push(event);
    return event;
  }

  /** A message put on the wire (request from a device, or a response from 'server'); returns its id. */
  send(tUs: number, m: { from: string; to: string; type: 'push' | 'pull' | 'backup' | 'admin' | 'response'; requestId: string; payload: unknown }): string {
    const msgId = `m${++this.nextMsg}`;
    const bytes = JSON.stringify(m.payload ?? null).length;
    const senderMode: Mode = m.from === 'server' ? 'online' : (this.modes.get(m.from) ?? 'online');
    this.record(tUs, { kind: 'msg-send', msgId, ...m, bytes, senderMode });
    return msgId;
  }

  deliver(tUs: number, msgId: string, to: string): void {
    this.record(tUs, { kind: 'msg-deliver', msgId, to });
  }

  /** The final state: every replica (tombstones included) and the server log. Ends the trace. */
  end(tUs: number, final: { replicas: Record<string, TraceVersion[]>; serverLog: { seq: number; opId: string; recordId: string; stamp: string; ciphertextLength: number }[] }): void {
    const texts = Object.values(final.replicas).map((vs) => JSON.stringify([...vs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))));
    const converged = texts.every((t) => t === texts[0]);
    this.record(tUs, { kind: 'run-end', replicas: final.replicas, serverLog: final.serverLog, converged, convergedAt: converged ? tUs : null });
  }

  /** The trace as JSON lines (one event per line), ready for `sync-lab check`. */
  toJsonLines(): string {
    return this.events.map((e) => JSON.stringify(e)).join('\n') + '\n';
  }
}
