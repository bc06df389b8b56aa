/**
 * The trace format as one zod schema: the public contract of docs/trace-format.md, from which the
 * JSON Schema (`sync-lab schema trace`) is generated. One event per line; each event is an object
 * with `i` (its index), `t` (µs since the start, never decreasing) and `kind`, plus the fields of its
 * kind below. Fields not listed are allowed and passed through (a recorder may log more), so the
 * schema says what readers rely on, not everything a writer may add.
 *
 * Version: `TRACE_FORMAT_VERSION`. A change that removes or retypes a field, or changes its meaning,
 * bumps it; adding an event kind or an optional field does not.
 */
import { z } from 'zod';
import type { TraceKind } from './events.ts';

export const TRACE_FORMAT_VERSION = 1;

const base = { i: z.number().int().nonnegative(), t: z.number().nonnegative() };
const device = z.string().min(1);
const journalEntry = z.object({ id: z.string(), opId: z.string(), deleted: z.literal(true).optional() }).strict();
/** `<15-digit wall ms>.<8-digit counter>.<device id>`: sorts as a string in stamp order. */
export const encodedStampSchema = z.string().regex(/^\d{15}\.\d{8}\..+$/, 'expected "<15 digits>.<8 digits>.<deviceId>"');
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const traceVersionSchema = z.looseObject({
  id: z.string().min(1),
  stamp: encodedStampSchema,
  deleted: z.boolean(),
  fields: z.record(z.string(), fieldValue),
  opId: z.string().min(1),
});

const mode = z.enum(['online', 'intermittent', 'offline']);
const ev = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) => z.looseObject({ ...base, kind: z.literal(kind), ...shape });

export const traceEventSchema = z.discriminatedUnion('kind', [
  ev('run-start', {
    devices: z.array(device),
    stampMode: z.enum(['hlc', 'wall']),
    seed: z.number(),
    /** Optional: the event kinds this trace records, even where none happened (see docs/trace-format.md). */
    logs: z.array(z.string()).optional(),
    protocol: z.object({ name: z.string(), metadata: z.array(z.string()), kinds: z.boolean(), storedVersions: z.boolean() }).optional(),
  }),
  ev('phase', { phase: z.enum(['fault', 'heal', 'quiescence', 'deletion']), quiet: z.looseObject({ replicas: z.record(z.string(), z.array(traceVersionSchema)), serverLog: z.array(z.looseObject({})), converged: z.boolean(), convergedAt: z.number().nullable() }).optional() }),
  ev('connectivity', { device, mode }),
  ev('local-write', {
    device,
    op: z.enum(['create', 'edit', 'delete']),
    recordId: z.string(),
    ok: z.boolean(),
    version: traceVersionSchema.optional(),
    error: z.string().optional(),
    wallMs: z.number(),
  }),
  ev('local-read', { device, recordId: z.string(), version: traceVersionSchema.nullable(), ok: z.boolean() }),
  ev('msg-send', {
    msgId: z.string(),
    from: z.string(),
    to: z.string(),
    type: z.string(),
    requestId: z.string(),
    payload: z.unknown(),
  }),
  ev('msg-deliver', { msgId: z.string(), to: z.string() }),
  ev('msg-drop', { msgId: z.string(), reason: z.string() }),
  ev('msg-duplicate', { msgId: z.string(), copyId: z.string() }),
  ev('request-fail', { device, requestId: z.string(), reason: z.string() }),
  ev('merge', { device, recordId: z.string(), opId: z.string(), applied: z.boolean(), version: traceVersionSchema.nullable() }),
  ev('conflict', { device, recordId: z.string(), winner: encodedStampSchema, loser: encodedStampSchema, rule: z.string(), outcome: z.enum(['remote-won', 'local-kept']) }),
  ev('outbox', { device, depth: z.number().int().nonnegative() }),
  ev('status', { device, status: z.record(z.string(), z.unknown()) }),
  ev('crash', { device, point: z.string() }),
  ev('restart', { device, versions: z.array(traceVersionSchema), pendingOps: z.number().int().nonnegative() }),
  ev('clock', { device, offsetMs: z.number(), jump: z.boolean() }),
  ev('token', { device, state: z.enum(['expired', 'renewed', 'refused']), scope: z.literal('session').optional(), reason: z.string().optional() }),
  ev('server', { state: z.enum(['outage', 'up', 'restart']) }),
  ev('partition', { groups: z.array(z.array(z.string())) }),
  ev('server-apply', { requestId: z.string(), device, type: z.string(), appended: z.array(z.string()), deduplicated: z.array(z.string()) }),
  ev('remote-action', { device, actionId: z.string(), action: z.string(), state: z.enum(['requested', 'pending', 'in-flight', 'done', 'failed']) }),
  ev('engine-error', { device, call: z.string(), message: z.string() }),
  ev('schedule-skip', {
    device,
    action: z.string(),
    ref: z.string().optional(),
    atMs: z.number(),
    code: z.string(),
    reason: z.string(),
    rejected: z.object({ machine: z.string(), event: z.string(), state: z.string() }).optional(),
  }),
  ev('lifecycle-reject', { device, machine: z.string(), event: z.string(), state: z.string() }),
  ev('targeted', { device, action: z.string(), state: z.enum(['armed', 'fired', 'not-fired', 'unsupported']), requestId: z.string().optional(), detail: z.string() }),
  ev('request-damage', { device, requestId: z.string(), copyId: z.string(), type: z.string(), path: z.string(), damage: z.string(), expect: z.enum(['refuse', 'drop-field']), value: z.string(), marker: z.string().optional() }),
  ev('damaged-apply', {
    copyId: z.string(),
    requestId: z.string(),
    device,
    outcome: z.enum(['handled', 'server-outage', 'end-of-run']),
    appended: z.array(z.string()),
    deduplicated: z.array(z.string()),
    error: z.string().optional(),
    response: z.unknown().optional(),
    answer: z.literal('not-delivered'),
  }),
  ev('answer-damage', { device, msgId: z.string(), requestId: z.string(), opId: z.string(), recordId: z.string(), seq: z.number().int().nonnegative(), damage: z.enum(['byte-changed', 'truncated']) }),
  ev('local-list', { device, listed: z.array(journalEntry), held: z.array(journalEntry) }),
  ev('input-probe', {
    device,
    probe: z.string(),
    input: z.string(),
    ok: z.boolean(),
    error: z.string().optional(),
    reason: z.string().optional(),
    changed: z.array(z.string()).optional(),
    pending: z.object({ before: z.number(), after: z.number() }).optional(),
    asked: z.record(z.string(), z.unknown()).optional(),
    returned: z.record(z.string(), z.unknown()).optional(),
    readBack: z.record(z.string(), z.unknown()).nullable().optional(),
  }),
  ev('snapshot-damage', {
    device,
    damage: z.string(),
    path: z.string(),
    accepted: z.boolean(),
    error: z.string().optional(),
    reason: z.string().optional(),
    intact: z.object({ versions: z.array(traceVersionSchema), pendingOps: z.number().int().nonnegative() }).optional(),
  }),
  ev('run-end', {
    replicas: z.record(z.string(), z.array(traceVersionSchema)),
    serverLog: z.array(z.looseObject({ seq: z.number(), opId: z.string(), recordId: z.string(), stamp: encodedStampSchema })),
    converged: z.boolean(),
    convergedAt: z.number().nullable(),
  }),
]);

export type TraceEventInput = z.infer<typeof traceEventSchema>;

// Compile-time: every event kind of the trace contract (events.ts) has a schema here, and no other.
const EVERY_KIND_HAS_A_SCHEMA: [Exclude<TraceKind, TraceEventInput['kind']>, Exclude<TraceEventInput['kind'], TraceKind>] extends [never, never] ? true : never = true;
void EVERY_KIND_HAS_A_SCHEMA;

/** The JSON Schema of one trace line (draft 2020-12), generated from the zod schema above. */
export function traceJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(traceEventSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: `urn:sync-lab:trace:v${TRACE_FORMAT_VERSION}`, title: `sync-lab trace event, format version ${TRACE_FORMAT_VERSION}` };
}
