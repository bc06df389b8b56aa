/**
 * Targeted faults and protocol-relative triggers of a schedule. A `drop-next`, `delay-next`,
 * `duplicate-next` or `timeout-after-apply` event arms an aim at its device's next matching message;
 * an `on` event arms a trigger for its device's next protocol moment (a pull or push put in flight,
 * any request put in flight or reaching the server, a backup or admin request put in flight, an ack
 * received, the outbox draining). The transport asks here at each message and moment. Each
 * aim and trigger is in the trace when armed, when fired (with the request it hit) and, when the
 * fault phase ends before it fired, as `not-fired`. User actions with `when: 'shown'` whose record
 * the device does not show yet wait here too, tried again after each answer the device receives; one
 * still waiting at the end of the fault phase is a `schedule-skip`. Nothing here draws randomness, and nothing is
 * recorded for schedules without these events, so their traces are unchanged.
 */
import type { AimedMessage, AimedType, ScheduleEvent, TargetedScheduleEvent, TriggerMoment, TriggeredEvent } from './schedule.ts';
import type { SimContext } from './sim-context.ts';

/** Request types of remote actions: what `on action-in-flight` waits for. */
const ACTION_REQUEST_TYPES: ReadonlySet<string> = new Set<AimedType>(['backup', 'admin']);

export type AimEvent = Extract<TargetedScheduleEvent, { action: 'drop-next' | 'delay-next' | 'duplicate-next' | 'timeout-after-apply' }>;
export type TriggerEvent = Extract<TargetedScheduleEvent, { action: 'on' }>;
/** A user action with `when: 'shown'`, waiting for its device to show the record. */
export type ShownWait = Extract<ScheduleEvent, { action: 'edit' | 'delete' | 'read' }>;

interface Aim {
  action: AimEvent['action'];
  message: AimedMessage;
  of: AimedType | undefined;
  delayMs: number;
}

function describeAim(a: Aim): string {
  const what = a.message === 'response' && a.of === 'push' ? 'ack' : `${a.of ? `${a.of} ` : ''}${a.message}`;
  return `${a.action} ${what}${a.action === 'delay-next' ? ` by ${a.delayMs} ms` : ''}`;
}

function describeTrigger(t: TriggerEvent): string {
  return `on ${t.when}: ${t.then.action}${'device' in t.then ? ` on ${t.then.device}` : ''}`;
}

export class Targeting {
  private readonly aims = new Map<string, Aim[]>();
  private readonly triggers = new Map<string, TriggerEvent[]>();
  /** Requests whose answer is to be lost after the server applied them, the device timing out at once. */
  private readonly timeoutAfterApply = new Set<string>();
  private armed = 0;
  /** User actions (`when: 'shown'`) waiting, per device, for the device to show their record. */
  private readonly shownWaits = new Map<string, ShownWait[]>();

  constructor(private readonly ctx: SimContext) {}

  /** Nothing armed: the transport's fast path. */
  get idle(): boolean {
    return this.armed === 0 && this.timeoutAfterApply.size === 0;
  }

  arm(e: AimEvent | TriggerEvent): void {
    const refused = this.unsupported(e);
    if (refused !== null) return this.emit(e.device, e.action, 'unsupported', refused);
    if (e.action === 'on') {
      this.list(this.triggers, e.device).push(e);
      this.emit(e.device, 'on', 'armed', describeTrigger(e));
    } else {
      const aim: Aim = { action: e.action, message: e.action === 'timeout-after-apply' ? 'request' : e.message, of: e.of, delayMs: e.action === 'delay-next' ? e.delayMs : 0 };
      this.list(this.aims, e.device).push(aim);
      this.emit(e.device, e.action, 'armed', describeAim(aim));
    }
    this.armed++;
  }

  /**
   * Why this aim or trigger cannot apply to the engine's own protocol (recorded as `unsupported`, never
   * armed), or null. Aims at a kind need the protocol's `kindOf`; acks and op batches are sync-lab's
   * wire format, so `after-ack` and `outbox-draining` apply to the built-in protocol only.
   */
  private unsupported(e: AimEvent | TriggerEvent): string | null {
    const server = this.ctx.server;
    if (server.builtin) return null;
    const protocol = `the engine's own protocol ${server.module.name}`;
    if (e.action === 'on') {
      if (e.when === 'after-ack' || e.when === 'outbox-draining') return `on ${e.when}: needs sync-lab's wire format (acks, op batches), which ${protocol} does not speak`;
      if (!server.kinds && e.when === 'action-in-flight') return `on ${e.when}: ${protocol} declares no kindOf, so a backup or admin request cannot be told apart`;
      if (!server.kinds && e.when !== 'request-in-flight' && e.when !== 'request-at-server') return `on ${e.when}: ${protocol} declares no kindOf, so a ${e.when.split('-')[0]} cannot be told apart`;
      return null;
    }
    const message = e.action === 'timeout-after-apply' ? 'request' : e.message;
    if (e.of !== undefined && !server.kinds) return `${e.action} of a ${e.of} ${message}: ${protocol} declares no kindOf, so a ${e.of} cannot be told apart`;
    return null;
  }

  /** The first aim at this message (removed, and recorded as fired), or undefined. */
  take(device: string, message: AimedMessage, type: string, requestId: string): Aim | undefined {
    if (this.armed === 0) return undefined;
    const list = this.aims.get(device);
    const index = list?.findIndex((a) => a.message === message && (a.of === undefined || a.of === type)) ?? -1;
    if (index < 0) return undefined;
    const [aim] = list!.splice(index, 1);
    this.armed--;
    if (aim!.action === 'timeout-after-apply') this.timeoutAfterApply.add(requestId);
    this.emit(device, aim!.action, 'fired', `${describeAim(aim!)}: ${type} ${message} ${requestId}`, requestId);
    return aim;
  }

  /** True once for a request armed by `timeout-after-apply` (its answer is then lost). */
  takeTimeoutAfterApply(requestId: string): boolean {
    return this.timeoutAfterApply.delete(requestId);
  }

  /** The device reached `moment`: the events its triggers run now (removed, and recorded as fired). */
  moment(device: string, moment: TriggerMoment, requestId?: string): TriggeredEvent[] {
    if (this.armed === 0) return [];
    const list = this.triggers.get(device);
    if (!list || list.length === 0) return [];
    // A remote action's request put on the wire is also `action-in-flight` (the transport names only `request-in-flight`).
    const action = moment === 'request-in-flight' && requestId !== undefined && list.some((t) => t.when === 'action-in-flight') && this.isActionRequest(device, requestId);
    const fires = (t: TriggerEvent): boolean => t.when === moment || (action && t.when === 'action-in-flight');
    const fired = list.filter(fires);
    if (fired.length === 0) return [];
    this.triggers.set(device, list.filter((t) => !fires(t)));
    this.armed -= fired.length;
    for (const t of fired) this.emit(device, 'on', 'fired', describeTrigger(t), requestId);
    return fired.map((t) => t.then);
  }

  /** The device's request `requestId`, just put on the wire, is a remote action's (backup or admin): read from its `msg-send` in the trace. */
  private isActionRequest(device: string, requestId: string): boolean {
    const trace = this.ctx.recorder.trace;
    for (let i = trace.length - 1; i >= 0; i--) {
      const e = trace[i]!;
      if (e.kind === 'msg-send' && e.from === device && e.requestId === requestId) return ACTION_REQUEST_TYPES.has(e.type);
    }
    return false;
  }

  /** `e` waits for its device to show its record: it is tried again after each answer the device receives. */
  waitShown(device: string, e: ShownWait): void {
    this.list(this.shownWaits, device).push(e);
  }

  /** An answer reached the device: the user actions waiting on it, to be tried again now (removed; one still not shown waits again). */
  takeShown(device: string): ShownWait[] {
    if (this.shownWaits.size === 0) return [];
    const list = this.shownWaits.get(device);
    if (!list) return [];
    this.shownWaits.delete(device);
    return list;
  }

  /**
   * The fault phase is over: every aim and trigger still armed is recorded as not fired, and dropped;
   * every user action still waiting for its record to show is a `schedule-skip` (record-not-shown).
   */
  expire(): void {
    for (const [device, list] of this.shownWaits) {
      for (const e of list) {
        const reason = `${e.action} of ${e.ref} (when: shown) waited from ${e.atMs} ms for device ${device} to show the record; it did not before the fault phase ended`;
        this.ctx.recorder.emit({ kind: 'schedule-skip', device, action: e.action, ref: e.ref, atMs: e.atMs, code: 'record-not-shown', reason });
      }
    }
    this.shownWaits.clear();
    for (const [device, list] of this.aims) for (const a of list) this.emit(device, a.action, 'not-fired', `${describeAim(a)}: no such message before the fault phase ended`);
    for (const [device, list] of this.triggers) for (const t of list) this.emit(device, 'on', 'not-fired', `${describeTrigger(t)}: the moment did not come before the fault phase ended`);
    this.aims.clear();
    this.triggers.clear();
    this.armed = 0;
  }

  emit(device: string, action: string, state: 'armed' | 'fired' | 'not-fired' | 'unsupported', detail: string, requestId?: string): void {
    this.ctx.recorder.emit({ kind: 'targeted', device, action, state, detail, ...(requestId === undefined ? {} : { requestId }) });
  }

  private list<T>(map: Map<string, T[]>, device: string): T[] {
    let list = map.get(device);
    if (!list) map.set(device, (list = []));
    return list;
  }
}
