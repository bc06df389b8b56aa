/**
 * A zod description of one trace line, for `sync-lab schema trace` (editor completion and outside
 * tools). It names every event kind and the fields each carries; the strict validation of a trace a
 * tool reads stays in parse.ts. Kept beside events.ts, which holds types only (the visualizer's import).
 */
import { z } from 'zod';

const base = { i: z.number().int().min(0).describe('index of the event in the trace'), t: z.number().min(0).describe('virtual time, µs since the start of the run') };
const version = z.object({ id: z.string(), stamp: z.string(), deleted: z.boolean(), fields: z.record(z.string(), z.unknown()), opId: z.string() });
const mode = z.enum(['offline', 'intermittent', 'online']);
const device = z.string().min(1);

export const traceEventSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('run-start'), seed: z.number().int(), devices: z.array(z.string()), stampMode: z.enum(['hlc', 'wall']), reconciler: z.string(), options: z.record(z.string(), z.unknown()) }),
  z.object({ ...base, kind: z.literal('phase'), phase: z.enum(['fault', 'heal', 'quiescence']) }),
  z.object({ ...base, kind: z.literal('connectivity'), device, mode }),
  z.object({ ...base, kind: z.literal('local-write'), device, op: z.enum(['create', 'edit', 'delete']), recordId: z.string(), ok: z.boolean(), version: version.optional(), error: z.string().optional(), wallMs: z.number() }),
  z.object({ ...base, kind: z.literal('local-read'), device, recordId: z.string(), version: version.nullable(), ok: z.boolean(), error: z.string().optional() }),
  z.object({ ...base, kind: z.literal('msg-send'), msgId: z.string(), from: z.string(), to: z.string(), type: z.enum(['push', 'pull', 'backup', 'admin', 'response']), requestId: z.string(), bytes: z.number().int(), payload: z.unknown(), senderMode: mode }),
  z.object({ ...base, kind: z.literal('msg-deliver'), msgId: z.string(), to: z.string() }),
  z.object({ ...base, kind: z.literal('msg-drop'), msgId: z.string(), reason: z.string() }),
  z.object({ ...base, kind: z.literal('msg-duplicate'), msgId: z.string(), copyId: z.string() }),
  z.object({ ...base, kind: z.literal('request-fail'), device, requestId: z.string(), reason: z.string() }),
  z.object({ ...base, kind: z.literal('merge'), device, recordId: z.string(), opId: z.string(), applied: z.boolean(), version: version.nullable() }),
  z.object({ ...base, kind: z.literal('conflict'), device, recordId: z.string(), winner: z.string(), loser: z.string(), rule: z.string(), outcome: z.enum(['remote-won', 'local-kept']) }),
  z.object({ ...base, kind: z.literal('outbox'), device, depth: z.number().int().min(0) }),
  z.object({ ...base, kind: z.literal('status'), device, status: z.record(z.string(), z.unknown()) }),
  z.object({ ...base, kind: z.literal('crash'), device, point: z.string() }),
  z.object({ ...base, kind: z.literal('restart'), device, versions: z.array(version), pendingOps: z.number().int() }),
  z.object({ ...base, kind: z.literal('clock'), device, offsetMs: z.number(), jump: z.boolean() }),
  z.object({ ...base, kind: z.literal('token'), device, state: z.enum(['expired', 'renewed']) }),
  z.object({ ...base, kind: z.literal('server'), state: z.enum(['outage', 'up']) }),
  z.object({ ...base, kind: z.literal('partition'), groups: z.array(z.array(z.string())) }),
  z.object({ ...base, kind: z.literal('server-apply'), requestId: z.string(), device, type: z.enum(['push', 'pull', 'backup', 'admin']), appended: z.array(z.string()), deduplicated: z.array(z.string()), error: z.string().optional() }),
  z.object({ ...base, kind: z.literal('remote-action'), device, actionId: z.string(), action: z.string(), state: z.string() }),
  z.object({ ...base, kind: z.literal('engine-error'), device, call: z.string(), message: z.string() }),
  z.object({ ...base, kind: z.literal('run-end'), replicas: z.record(z.string(), z.array(version)), serverLog: z.array(z.object({ seq: z.number().int(), opId: z.string(), recordId: z.string(), stamp: z.string(), ciphertextLength: z.number().int() })), converged: z.boolean(), convergedAt: z.number().nullable() }),
]);
