/**
 * A schedule: the explicit list of user actions and fault events a run executes, and the one strict
 * schema every schedule a user or a model hands in is checked against (scenario files, replay
 * files, model paths).
 *
 * A seed generates a schedule (workload + faults); the simulator then executes it. Per-message
 * network randomness (latency, loss, duplication, reordering) still comes from the seed's network
 * stream. Because the schedule is explicit data, a failing run can be shrunk by removing schedule
 * events and replayed from a small file, and model-based tests can hand-build schedules.
 *
 * Times are true simulated time in ms since the start of the run. Events with equal `atMs` run in
 * list order.
 *
 * Checking happens in two steps: `scheduleSchema` checks the shape (every action with exactly its
 * fields, every number within its bound), `findScheduleProblem` checks what needs the run's options
 * and the whole list (devices within the options' device count, events inside the fault phase, refs
 * created before they are used, clocks within their bound). A schedule that passes both never asks
 * the simulator for something impossible.
 */
import { z } from 'zod';
import { CONNECTIVITY_MODES } from '../core/connectivity-mode.ts';
import type { ConnectivityMode } from '../core/connectivity-mode.ts';
import { CRASH_POINTS } from '../core/crash-point.ts';
import type { CrashPoint } from '../core/crash-point.ts';
import type { AdminAction } from '../core/wire.ts';

export type JournalFields = Record<string, string | number | boolean | null | string[]>;

export type ScheduleEvent =
  /** Creates a record; `ref` names it so later events can edit/delete it (refs are per schedule). */
  | { atMs: number; device: string; action: 'create'; ref: string; fields: JournalFields }
  /** `when: 'shown'`: done once the device shows the record (see `ShowsWhen`); absent: at `atMs` or skipped. */
  | { atMs: number; device: string; action: 'edit'; ref: string; fields: JournalFields; when?: ShowsWhen }
  | { atMs: number; device: string; action: 'delete'; ref: string; when?: ShowsWhen }
  | { atMs: number; device: string; action: 'read'; ref: string; when?: ShowsWhen }
  /** The user reads the whole local journal (`list()`); see src/sim/journal-read.ts. */
  | { atMs: number; device: string; action: 'read-journal' }
  | { atMs: number; device: string; action: 'connectivity'; mode: ConnectivityMode }
  /** Crash at a point: 'now', or armed to strike at the next such moment of the sync round. */
  | { atMs: number; device: string; action: 'crash'; point: CrashPoint }
  | { atMs: number; device: string; action: 'restart' }
  /** Absent `scope`: a sign-out (every session of the device ends); `session`: the server ends only the session of the token the device was last given. */
  | { atMs: number; device: string; action: 'token-expire'; scope?: 'session' }
  /** `rotate`: the server ends the session of the token the device held as it gives the new one (token rotation). */
  | { atMs: number; device: string; action: 'token-renew'; rotate?: true }
  | { atMs: number; device: string; action: 'clock-jump'; deltaMs: number }
  | { atMs: number; device: string; action: 'backup' }
  | { atMs: number; device: string; action: 'admin'; adminAction: AdminScheduleAction }
  /** The app hands the engine one input of `INPUT_PROBES` (bad ones must be refused; see src/sim/input-probe.ts). */
  | { atMs: number; device: string; action: 'input-probe'; probe: InputProbe }
  /** Groups that can reach each other ('server' is a member name); devices not listed are cut off. */
  | { atMs: number; action: 'partition'; groups: string[][] }
  | { atMs: number; action: 'partition-heal' }
  | { atMs: number; action: 'server-outage'; durationMs: number }
  /** The server restarts: nothing durable is lost; connections reset (in-flight messages lost, waiting devices told). */
  | { atMs: number; action: 'server-restart' }
  | TargetedScheduleEvent;

/**
 * `shown`: a user action on a record the device does not show yet at `atMs` waits for it instead of
 * being skipped, and is done at the first moment after an answer reaches the device that the device
 * shows the record. One still waiting when the fault phase ends is a `schedule-skip`
 * (record-not-shown) with its reason. Lets a scenario say "once c shows the entry, c edits it"
 * without timing it for one engine's requests.
 */
export type ShowsWhen = 'shown';

/** Which message a targeted fault aims at: the device's next request, or the server's next answer to it. */
export type AimedMessage = 'request' | 'response';
/** Narrows the aim to one request type (`response` of `push` is the ack). */
export type AimedType = 'push' | 'pull' | 'backup' | 'admin';
/** Protocol moments a trigger waits for on its device. */
/** `request-at-server`: the device's next request reaches the server; `then` runs in that instant, just before the server handles it. */
/** `action-in-flight`: a remote action's request (backup or admin) of the device is put on the wire (the engine holds the action in flight). */
export const TRIGGER_MOMENTS = ['pull-in-flight', 'push-in-flight', 'after-ack', 'outbox-draining', 'request-in-flight', 'request-at-server', 'action-in-flight'] as const;
/** The moments relative edits and relative faults are drawn among (the later ones are drawn by relativeRenewalsPerHour, relativeSignOutsPerHour and actionCrashesPerHour alone). */
export const DRAWN_TRIGGER_MOMENTS = TRIGGER_MOMENTS.slice(0, 4) as readonly TriggerMoment[];
export type TriggerMoment = (typeof TRIGGER_MOMENTS)[number];

/** A schedule event without its time: what a protocol-relative trigger runs when its moment comes. */
export type TriggeredEvent = ScheduleEvent extends infer E ? (E extends ScheduleEvent ? Omit<E, 'atMs'> : never) : never;

/**
 * Faults aimed at one message, and actions placed relative to the protocol (docs in the README,
 * "Targeted faults"). Each arms at `atMs` and takes effect at its device's next matching message or
 * moment; one that never takes effect before the fault phase ends is in the trace as `not-fired`.
 */
export type TargetedScheduleEvent =
  | { atMs: number; device: string; action: 'drop-next'; message: AimedMessage; of?: AimedType }
  | { atMs: number; device: string; action: 'delay-next'; message: AimedMessage; of?: AimedType; delayMs: number }
  | { atMs: number; device: string; action: 'duplicate-next'; message: AimedMessage; of?: AimedType }
  /** The next request reaches the server and is applied; its answer is lost and the device times out at once. */
  | { atMs: number; device: string; action: 'timeout-after-apply'; of?: AimedType }
  /** The user asks the device to sync now (the engine's optional `syncNow`). */
  | { atMs: number; device: string; action: 'sync-now' }
  /** Runs `then` (on any device, or a network-wide event) at `device`'s next `when` moment. */
  | { atMs: number; device: string; action: 'on'; when: TriggerMoment; then: TriggeredEvent };

export type ScheduleAction = ScheduleEvent['action'];

export interface Schedule {
  /** Device ids, e.g. ['a', 'b', 'c']. */
  devices: string[];
  /** Connectivity each device starts in. */
  initialModes: Record<string, ConnectivityMode>;
  /** Per-device clock: offset from true time (ms), drift (ppm) and, for a coarse clock, the step it reads in (ms; absent: 1). */
  clocks: Record<string, { offsetMs: number; driftPpm: number; stepMs?: number }>;
  events: ScheduleEvent[];
}

/**
 * What an input probe hands the engine (userInputProbesPerHour; src/sim/input-probe.ts performs them).
 * Outside the record contract (core/record.ts `FieldValue`), each must be refused: fields that are
 * not an object (`fields-null`, `fields-list`, `fields-text`), a value that is not finite
 * (`value-nan`, `value-infinity`), a nested object (`value-object`), a list of numbers
 * (`value-number-list`), a value no JSON holds (`value-bigint`), an edit with a NaN value of a record the device shows (`edit-bad-value`),
 * an edit or delete of a record that does not exist (`edit-unknown`, `delete-unknown`). `all-types`
 * is good input: a create with a value of every allowed type, then the app changes the object it
 * passed and tries to change the version it got back; what is stored must stay what was written.
 */
export const INPUT_PROBES = [
  'fields-null',
  'fields-list',
  'fields-text',
  'value-nan',
  'value-infinity',
  'value-object',
  'value-number-list',
  'value-bigint',
  'edit-bad-value',
  'edit-unknown',
  'delete-unknown',
  'all-types',
] as const;
export type InputProbe = (typeof INPUT_PROBES)[number];

export const ADMIN_SCHEDULE_ACTIONS = ['delete-account', 'backup-admin'] as const satisfies readonly AdminAction[];
export type AdminScheduleAction = (typeof ADMIN_SCHEDULE_ACTIONS)[number];

const DAY_MS = 24 * 3600_000;

/** Every bound a schedule is held to; messages name the limit. */
export const SCHEDULE_LIMITS = {
  /** Devices: ids a..z, as the options allow. */
  maxDevices: 26,
  /** Events in one schedule (a generated 30-day run stays far below). */
  maxEvents: 1_000_000,
  /** Latest event time: the longest fault phase the options allow (30 days). */
  maxAtMs: 30 * DAY_MS,
  /** How far a device clock may be from true time, at start and after every jump (one year). */
  maxClockOffsetMs: 365 * DAY_MS,
  /** Clock drift, as the options' driftPpmMax allows. */
  maxDriftPpm: 1_000_000,
  /** Coarsest clock step (one minute). */
  maxClockStepMs: 60_000,
  /** Longest server outage (30 days). */
  maxOutageMs: 30 * DAY_MS,
} as const;

const atMs = z.number().min(0).max(SCHEDULE_LIMITS.maxAtMs);
const device = z.string().min(1);
/** Ref prefixes the simulator names its own records with (input-probe.ts, pull-reactions.ts): a schedule's ref may not take one. */
export const SIMULATOR_REF_PREFIXES = ['probe:', 'reaction:'] as const;
const ref = z
  .string()
  .min(1)
  .max(200)
  .refine((r) => !SIMULATOR_REF_PREFIXES.some((p) => r.startsWith(p)), `expected a ref not starting with ${SIMULATOR_REF_PREFIXES.map((p) => `"${p}"`).join(' or ')} (the simulator names its own records so)`);
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const fields = z.record(z.string(), fieldValue).refine((f) => Object.keys(f).length > 0, 'expected at least one field (an entry with no content)');
const at = { atMs };
const dev = { atMs, device };
const clockJumpMs = z.number().int().min(-SCHEDULE_LIMITS.maxClockOffsetMs).max(SCHEDULE_LIMITS.maxClockOffsetMs);

export const connectivityModeSchema = z.enum(CONNECTIVITY_MODES);
export const crashPointSchema = z.enum(CRASH_POINTS);

const aimedMessage = z.enum(['request', 'response']);
const aimedType = z.enum(['push', 'pull', 'backup', 'admin']).optional();
const showsWhen = z.literal('shown').optional();

/** Each schedule action with exactly its fields (`ScheduleEvent`, as a schema). */
const PLAIN_EVENT_SCHEMAS = [
  z.object({ ...dev, action: z.literal('create'), ref, fields }).strict(),
  z.object({ ...dev, action: z.literal('edit'), ref, fields, when: showsWhen }).strict(),
  z.object({ ...dev, action: z.literal('delete'), ref, when: showsWhen }).strict(),
  z.object({ ...dev, action: z.literal('read'), ref, when: showsWhen }).strict(),
  z.object({ ...dev, action: z.literal('read-journal') }).strict(),
  z.object({ ...dev, action: z.literal('connectivity'), mode: connectivityModeSchema }).strict(),
  z.object({ ...dev, action: z.literal('crash'), point: crashPointSchema }).strict(),
  z.object({ ...dev, action: z.literal('restart') }).strict(),
  z.object({ ...dev, action: z.literal('token-expire'), scope: z.literal('session').optional() }).strict(),
  z.object({ ...dev, action: z.literal('token-renew'), rotate: z.literal(true).optional() }).strict(),
  z.object({ ...dev, action: z.literal('clock-jump'), deltaMs: clockJumpMs }).strict(),
  z.object({ ...dev, action: z.literal('backup') }).strict(),
  z.object({ ...dev, action: z.literal('admin'), adminAction: z.enum(ADMIN_SCHEDULE_ACTIONS) }).strict(),
  z.object({ ...dev, action: z.literal('input-probe'), probe: z.enum(INPUT_PROBES) }).strict(),
  z.object({ ...at, action: z.literal('partition'), groups: z.array(z.array(z.string().min(1)).min(1)).min(1) }).strict(),
  z.object({ ...at, action: z.literal('partition-heal') }).strict(),
  z.object({ ...at, action: z.literal('server-outage'), durationMs: z.number().int().min(1).max(SCHEDULE_LIMITS.maxOutageMs) }).strict(),
  z.object({ ...at, action: z.literal('server-restart') }).strict(),
  z.object({ ...dev, action: z.literal('drop-next'), message: aimedMessage, of: aimedType }).strict(),
  z.object({ ...dev, action: z.literal('delay-next'), message: aimedMessage, of: aimedType, delayMs: z.number().int().min(1).max(SCHEDULE_LIMITS.maxOutageMs) }).strict(),
  z.object({ ...dev, action: z.literal('duplicate-next'), message: aimedMessage, of: aimedType }).strict(),
  z.object({ ...dev, action: z.literal('timeout-after-apply'), of: aimedType }).strict(),
  z.object({ ...dev, action: z.literal('sync-now') }).strict(),
] as const;

/** What a trigger may run: any plain action without its time (no trigger inside a trigger). */
const triggeredEventSchema = z.discriminatedUnion(
  'action',
  (PLAIN_EVENT_SCHEMAS as readonly z.ZodObject[]).map((o) => o.omit({ atMs: true } as never)) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

export const scheduleEventSchema = z.discriminatedUnion('action', [
  ...PLAIN_EVENT_SCHEMAS,
  z.object({ ...dev, action: z.literal('on'), when: z.enum(TRIGGER_MOMENTS), then: triggeredEventSchema }).strict(),
]);

/** The shape of a schedule; `findScheduleProblem` checks the rest against the run's options. */
export const scheduleSchema = z
  .object({
    devices: z.array(device).min(1).max(SCHEDULE_LIMITS.maxDevices),
    initialModes: z.record(z.string(), connectivityModeSchema),
    clocks: z.record(
      z.string(),
      z
        .object({
          offsetMs: z.number().int().min(-SCHEDULE_LIMITS.maxClockOffsetMs).max(SCHEDULE_LIMITS.maxClockOffsetMs),
          driftPpm: z.number().min(-SCHEDULE_LIMITS.maxDriftPpm).max(SCHEDULE_LIMITS.maxDriftPpm),
          stepMs: z.number().int().min(1).max(SCHEDULE_LIMITS.maxClockStepMs).optional(),
        })
        .strict(),
    ),
    events: z.array(scheduleEventSchema).max(SCHEDULE_LIMITS.maxEvents),
  })
  .strict();

/** What a schedule is checked against: the run's device count and fault-phase length. */
export interface ScheduleContext {
  devices: number;
  durationMs: number;
}

/** A problem: the field path inside the schedule and what was expected. */
export interface ScheduleProblem {
  path: (string | number)[];
  expected: string;
}

/**
 * The first problem of a shape-valid schedule, or undefined. Events are judged in the order the
 * simulator runs them (by time, list order within the same ms).
 */
export function findScheduleProblem(schedule: Schedule, context: ScheduleContext): ScheduleProblem | undefined {
  const allowed = deviceIds(context.devices);
  const seen = new Set<string>();
  for (const [i, id] of schedule.devices.entries()) {
    if (!allowed.includes(id)) return { path: ['devices', i], expected: `${JSON.stringify(id)} is not a device of this run (options.devices = ${context.devices}: ${allowed.join(', ')})` };
    if (seen.has(id)) return { path: ['devices', i], expected: `${JSON.stringify(id)} is listed twice; device ids must be unique` };
    seen.add(id);
  }
  for (const field of ['initialModes', 'clocks'] as const) {
    for (const id of Object.keys(schedule[field])) {
      if (!seen.has(id)) return { path: [field, id], expected: `not one of the schedule's devices (${schedule.devices.join(', ')})` };
    }
    for (const id of schedule.devices) {
      // The simulator would otherwise pick a default for the device without saying so.
      if (!(id in schedule[field])) return { path: [field], expected: `an entry for device ${JSON.stringify(id)} (every device needs one)` };
    }
  }
  const offsets = new Map(schedule.devices.map((id) => [id, schedule.clocks[id]!.offsetMs]));
  const created = new Set<string>();
  const order = schedule.events.map((e, i) => ({ e, i })).sort((x, y) => x.e.atMs - y.e.atMs || x.i - y.i);
  for (const { e, i } of order) {
    const at = (field: string): (string | number)[] => ['events', i, field];
    if (e.atMs >= context.durationMs) {
      return { path: at('atMs'), expected: `${e.atMs} is not inside the fault phase; expected < durationMs (${context.durationMs})` };
    }
    if ('device' in e && !seen.has(e.device)) {
      return { path: at('device'), expected: `${JSON.stringify(e.device)} is not one of the schedule's devices (${schedule.devices.join(', ')})` };
    }
    switch (e.action) {
      case 'create':
        if (created.has(e.ref)) return { path: at('ref'), expected: `ref ${JSON.stringify(e.ref)} is already created by an earlier event; expected a new ref` };
        created.add(e.ref);
        break;
      case 'edit':
      case 'delete':
      case 'read':
        if (!created.has(e.ref)) return { path: at('ref'), expected: `ref ${JSON.stringify(e.ref)} is not created by any earlier event; expected a ref of an earlier create` };
        break;
      case 'clock-jump': {
        const offset = offsets.get(e.device)! + e.deltaMs;
        if (Math.abs(offset) > SCHEDULE_LIMITS.maxClockOffsetMs) {
          return { path: at('deltaMs'), expected: `takes device ${e.device}'s clock ${offset} ms from true time; expected at most ±${SCHEDULE_LIMITS.maxClockOffsetMs} ms (one year)` };
        }
        offsets.set(e.device, offset);
        break;
      }
      case 'partition': {
        const members = new Set<string>();
        for (const [g, group] of e.groups.entries()) {
          for (const [m, member] of group.entries()) {
            if (member !== 'server' && !seen.has(member)) {
              return { path: ['events', i, 'groups', g, m], expected: `${JSON.stringify(member)} is neither 'server' nor one of the schedule's devices (${schedule.devices.join(', ')})` };
            }
            if (members.has(member)) return { path: ['events', i, 'groups', g, m], expected: `${JSON.stringify(member)} is in more than one place; expected each member once` };
            members.add(member);
          }
        }
        break;
      }
      case 'on': {
        const inner = e.then;
        const path = (field: string): (string | number)[] => ['events', i, 'then', field];
        if ('device' in inner && !seen.has(inner.device)) return { path: path('device'), expected: `${JSON.stringify(inner.device)} is not one of the schedule's devices (${schedule.devices.join(', ')})` };
        if (inner.action === 'create') return { path: path('action'), expected: 'not create: a triggered create may never happen, so later events could not rely on its ref; create it at a time and trigger an edit' };
        if ((inner.action === 'edit' || inner.action === 'delete' || inner.action === 'read') && !created.has(inner.ref)) {
          return { path: path('ref'), expected: `ref ${JSON.stringify(inner.ref)} is not created by any earlier event; expected a ref of an earlier create` };
        }
        if (inner.action === 'clock-jump' && Math.abs(offsets.get(inner.device)! + inner.deltaMs) > SCHEDULE_LIMITS.maxClockOffsetMs) {
          return { path: path('deltaMs'), expected: `could take device ${inner.device}'s clock more than ±${SCHEDULE_LIMITS.maxClockOffsetMs} ms from true time` };
        }
        if (inner.action === 'partition') {
          for (const [g, group] of inner.groups.entries()) {
            for (const [m, member] of group.entries()) {
              if (member !== 'server' && !seen.has(member)) return { path: ['events', i, 'then', 'groups', g, m], expected: `${JSON.stringify(member)} is neither 'server' nor one of the schedule's devices` };
            }
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

/** Shape and context together, for schedules built in code (model paths): a problem is a bug there. */
export function assertValidSchedule(schedule: Schedule, context: ScheduleContext, source: string): void {
  const parsed = scheduleSchema.safeParse(schedule);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source}: invalid schedule: field "${issue.path.join('.')}": ${issue.message}`);
  }
  const problem = findScheduleProblem(schedule, context);
  if (problem) throw new Error(`${source}: invalid schedule: field "${problem.path.join('.')}": ${problem.expected}`);
}

/** Device ids of a run with `count` devices: a, b, c, ... */
export function deviceIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String.fromCharCode(97 + i));
}
