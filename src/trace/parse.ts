/**
 * The one reader of untrusted trace input (JSON lines, a JSON array of events, or a `{ trace,
 * violations }` bundle): typed events out, every field the readers rely on checked against one schema
 * per event kind. The browser app and `sync-lab viz` both use it, so a file one accepts the other
 * accepts. Errors name the line and field, so a reviewer sees what is wrong instead of a blank page.
 * Imports types only: it is bundled into the browser app.
 */
import { quoteValue } from './quote-value.ts';
import type { TraceEvent, TraceKind, Violation } from './events.ts';

export interface LoadedTrace {
  events: TraceEvent[];
  violations: Violation[];
  /** Where it came from (file name, URL, 'embedded'): shown in the header. */
  source: string;
  /** Each event's t, gathered while checking (the model would otherwise make another pass for it). */
  times?: Float64Array;
  /** Which checkers judged the trace and which could not (and why); absent when no checker ran. */
  verdict?: TraceVerdict;
}

export interface TraceVerdict {
  judged: string[];
  notJudged: { checker: string; reason: string }[];
}

export function validateVerdict(value: unknown, source: string): TraceVerdict | undefined {
  if (value === undefined || value === null) return undefined;
  const o = value as Record<string, unknown>;
  const ok =
    typeOf(value) === 'object' &&
    Array.isArray(o['judged']) &&
    (o['judged'] as unknown[]).every((c) => typeof c === 'string') &&
    Array.isArray(o['notJudged']) &&
    (o['notJudged'] as unknown[]).every((n) => typeOf(n) === 'object' && typeof (n as Record<string, unknown>)['checker'] === 'string' && typeof (n as Record<string, unknown>)['reason'] === 'string');
  if (!ok) throw new TraceParseError(source, null, 'verdict', 'expected { judged: [checker ids], notJudged: [{ checker, reason }] }');
  return { judged: o['judged'] as string[], notJudged: (o['notJudged'] as { checker: string; reason: string }[]).map((n) => ({ checker: n.checker, reason: n.reason })) };
}

export class TraceParseError extends Error {
  constructor(
    readonly source: string,
    readonly line: number | null,
    readonly field: string | null,
    detail: string,
  ) {
    super(`${source}${line === null ? '' : `:${line}`}: ${field === null ? '' : `${field}: `}${detail}`);
    this.name = 'TraceParseError';
  }
}

type FieldType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'string|null' | 'number|null' | 'object|null';

/** The schema: per event kind, the fields readers rely on; anything else is passed through untouched. */
const REQUIRED: Record<TraceKind, Record<string, FieldType>> = {
  'run-start': { devices: 'array', stampMode: 'string', seed: 'number' },
  phase: { phase: 'string' },
  connectivity: { device: 'string', mode: 'string' },
  'local-write': { device: 'string', op: 'string', recordId: 'string', ok: 'boolean' },
  'local-read': { device: 'string', recordId: 'string' },
  'msg-send': { msgId: 'string', from: 'string', to: 'string', type: 'string' },
  'msg-deliver': { msgId: 'string', to: 'string' },
  'msg-drop': { msgId: 'string', reason: 'string' },
  'msg-duplicate': { msgId: 'string', copyId: 'string' },
  'request-fail': { device: 'string', requestId: 'string' },
  merge: { device: 'string', recordId: 'string', applied: 'boolean', version: 'object|null' },
  conflict: { device: 'string', recordId: 'string', winner: 'string', loser: 'string', rule: 'string', outcome: 'string' },
  outbox: { device: 'string', depth: 'number' },
  status: { device: 'string' },
  crash: { device: 'string', point: 'string' },
  restart: { device: 'string', versions: 'array' },
  clock: { device: 'string', offsetMs: 'number' },
  token: { device: 'string', state: 'string' },
  server: { state: 'string' },
  partition: { groups: 'array' },
  'server-apply': { requestId: 'string', device: 'string' },
  'remote-action': { device: 'string', action: 'string', state: 'string' },
  'engine-error': { device: 'string', call: 'string', message: 'string' },
  targeted: { device: 'string', action: 'string', state: 'string', detail: 'string' },
  'input-probe': { device: 'string', probe: 'string', input: 'string', ok: 'boolean' },
  'local-list': { device: 'string', listed: 'array', held: 'array' },
  'run-end': { replicas: 'object', converged: 'boolean', convergedAt: 'number|null' },
  'schedule-skip': { device: 'string', action: 'string', atMs: 'number', code: 'string', reason: 'string' },
  'lifecycle-reject': { device: 'string', machine: 'string', event: 'string', state: 'string' },
  'request-damage': { device: 'string', requestId: 'string', copyId: 'string', path: 'string', damage: 'string', expect: 'string' },
  'damaged-apply': { copyId: 'string', requestId: 'string', device: 'string', outcome: 'string', appended: 'array', deduplicated: 'array' },
  'snapshot-damage': { device: 'string', damage: 'string', path: 'string', accepted: 'boolean' },
  'answer-damage': { device: 'string', msgId: 'string', requestId: 'string', opId: 'string', recordId: 'string', seq: 'number', damage: 'string' },
};

const VERSION_FIELDS: Record<string, FieldType> = { id: 'string', stamp: 'string', deleted: 'boolean', fields: 'object' };

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a non-finite number';
  return typeof value;
}

// Field types as bit masks, compiled once: checking a million events must cost milliseconds.
const BIT: Record<string, number> = { string: 1, number: 2, boolean: 4, object: 8, array: 16, null: 32 };
function bitOf(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 1;
    case 'number':
      return Number.isFinite(value) ? 2 : 0;
    case 'boolean':
      return 4;
    case 'object':
      return value === null ? 32 : Array.isArray(value) ? 16 : 8;
    default:
      return 0;
  }
}
const maskOf = (type: FieldType) => type.split('|').reduce((m, t) => m | (BIT[t] ?? 0), 0);
const COMPILED = new Map<string, { field: string; type: FieldType; mask: number }[]>(
  Object.entries(REQUIRED).map(([kind, fields]) => [kind, Object.entries(fields).map(([field, type]) => ({ field, type, mask: maskOf(type) }))]),
);
const VERSION_CHECKS = Object.entries(VERSION_FIELDS).map(([field, type]) => ({ field, type, mask: maskOf(type) }));

/** The fields each event kind must have, with their types (the columnar reader checks them per shape). */
export function requiredFields(kind: string): readonly { field: string; type: string; mask: number }[] | undefined {
  return COMPILED.get(kind);
}

/** Whether a value has one of the types in a field's mask (see requiredFields). */
export function fitsMask(value: unknown, mask: number): boolean {
  return (bitOf(value) & mask) !== 0;
}

/** The mask bit of each column type of the columnar form. */
export const TYPE_BIT = { string: 1, number: 2, boolean: 4 } as const;

function fits(value: unknown, type: FieldType): boolean {
  return (bitOf(value) & maskOf(type)) !== 0;
}

function checkVersion(value: unknown, where: string, fail: (field: string, detail: string) => never): void {
  if (value === null) return;
  if (bitOf(value) !== 8) fail(where, `expected a record version object, got ${typeOf(value)}`);
  for (const { field, type, mask } of VERSION_CHECKS) {
    const v = (value as Record<string, unknown>)[field];
    if ((bitOf(v) & mask) === 0) fail(`${where}.${field}`, `expected ${type}, got ${typeOf(v)}`);
  }
}

/** Checks one parsed event; `fail` throws with the line attached. */
export function validateEvent(value: unknown, previousT: number, fail: (field: string | null, detail: string) => never): TraceEvent {
  if (bitOf(value) !== 8) fail(null, `expected an event object, got ${typeOf(value)}`);
  const event = value as Record<string, unknown>;
  const kind = event['kind'];
  const checks = typeof kind === 'string' ? COMPILED.get(kind) : undefined;
  if (checks === undefined) {
    fail('kind', `expected one of ${Object.keys(REQUIRED).join(', ')}, got ${quoteValue(kind)}`);
  }
  const t = event['t'];
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) fail('t', `expected a non-negative number of µs, got ${quoteValue(t)}`);
  if (t < previousT) fail('t', `time went backwards (${t} µs after ${previousT} µs); events must be in trace order`);
  if (typeof event['i'] !== 'number') fail('i', `expected the event index (a number), got ${typeOf(event['i'])}`);
  for (let k = 0; k < checks!.length; k++) {
    const check = checks![k]!;
    if ((bitOf(event[check.field]) & check.mask) === 0) fail(check.field, `expected ${check.type} in a ${kind as string} event, got ${typeOf(event[check.field])}`);
  }
  switch (kind) {
    case 'local-write':
      if (event['ok'] === true) checkVersion(event['version'], 'version', fail);
      if (event['base'] !== undefined && event['base'] !== null && typeof event['base'] !== 'string') {
        fail('base', `expected the op id being edited (a string), null or no field, got ${typeOf(event['base'])}`);
      }
      break;
    case 'merge':
      checkVersion(event['version'], 'version', fail);
      break;
    case 'restart':
      (event['versions'] as unknown[]).forEach((v, n) => checkVersion(v, `versions[${n}]`, fail));
      break;
    case 'snapshot-damage': {
      const intact = event['intact'] as { versions?: unknown; pendingOps?: unknown } | undefined;
      if (intact === undefined) break;
      if (typeOf(intact) !== 'object' || !Array.isArray(intact.versions) || typeof intact.pendingOps !== 'number') fail('intact', 'expected { versions: an array of versions, pendingOps: a number }');
      (intact.versions as unknown[]).forEach((v, n) => checkVersion(v, `intact.versions[${n}]`, fail));
      break;
    }
    case 'run-start':
      if (!(event['devices'] as unknown[]).every((d) => typeof d === 'string')) fail('devices', 'expected an array of device ids (strings)');
      break;
    case 'run-end':
      for (const [device, versions] of Object.entries(event['replicas'] as Record<string, unknown>)) {
        if (!Array.isArray(versions)) fail(`replicas.${device}`, `expected an array of versions, got ${typeOf(versions)}`);
        versions.forEach((v, n) => checkVersion(v, `replicas.${device}[${n}]`, fail));
      }
      break;
    default:
      break;
  }
  return event as unknown as TraceEvent;
}

/** Checks a violations list (from `run --json`, `replay --json` or a checker) and fills optional fields. */
export function validateViolations(value: unknown, source: string): Violation[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new TraceParseError(source, null, 'violations', `expected an array, got ${typeOf(value)}`);
  return value.map((v: unknown, n) => {
    const fail = (field: string, detail: string): never => {
      throw new TraceParseError(source, null, `violations[${n}].${field}`, detail);
    };
    if (typeOf(v) !== 'object') fail('', `expected a violation object, got ${typeOf(v)}`);
    const o = v as Record<string, unknown>;
    if (typeof o['checker'] !== 'string') fail('checker', 'expected a string');
    if (typeof o['message'] !== 'string') fail('message', 'expected a string');
    if (typeof o['eventIndex'] !== 'number') fail('eventIndex', 'expected a number');
    if (typeof o['t'] !== 'number') fail('t', 'expected a number');
    return {
      checker: o['checker'] as string,
      message: o['message'] as string,
      eventIndex: o['eventIndex'] as number,
      t: o['t'] as number,
      devices: Array.isArray(o['devices']) ? (o['devices'] as unknown[]).map(String) : [],
      records: Array.isArray(o['records']) ? (o['records'] as unknown[]).map(String) : [],
    };
  });
}

function validateEvents(values: unknown[], source: string, lineOf: (n: number) => number | null): { events: TraceEvent[]; times: Float64Array } {
  // Checked in place: the array is this parse's own, and a second 100k-slot copy is garbage to collect.
  const events = values as TraceEvent[];
  const times = new Float64Array(values.length);
  let previousT = 0;
  let n = 0;
  // One closure for the whole loop: it reads the current position when (if ever) it throws.
  const fail = (field: string | null, detail: string): never => {
    const line = lineOf(n);
    throw new TraceParseError(source, line, line === null ? `trace[${n}]${field === null ? '' : `.${field}`}` : field, detail);
  };
  for (n = 0; n < values.length; n++) {
    previousT = times[n] = validateEvent(values[n], previousT, fail).t;
  }
  if (events.length === 0) throw new TraceParseError(source, null, null, 'the trace has no events');
  return { events, times };
}

/** Parses JSON lines; blank lines are skipped, line numbers are 1-based as in an editor. */
export function parseJsonLines(text: string, source: string): TraceEvent[] {
  return checkedJsonLines(text, source).events;
}

function checkedJsonLines(text: string, source: string): { events: TraceEvent[]; times: Float64Array } {
  const values: unknown[] = [];
  const lines: number[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    if (raw !== '') {
      try {
        values.push(JSON.parse(raw));
      } catch (error) {
        throw new TraceParseError(source, line, null, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      lines.push(line);
    }
    start = end + 1;
  }
  return validateEvents(values, source, (n) => lines[n] ?? null);
}

/** Any accepted input shape. The bundle form is what `sync-lab viz` embeds. */
export function parseTraceText(text: string, source: string): LoadedTrace {
  const trimmed = text.trimStart();
  if (trimmed === '') throw new TraceParseError(source, null, null, 'the input is empty; expected JSON lines of trace events');
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let whole: unknown;
    let parsed = true;
    try {
      whole = JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (parsed) return parseTraceValue(whole, source);
    if (trimmed.startsWith('[')) throw new TraceParseError(source, null, null, 'starts like a JSON array but is not valid JSON');
  }
  return { ...checkedJsonLines(text, source), violations: [], source };
}

/** An already-parsed value: an event array, a single event, or `{ trace, violations }`. */
export function parseTraceValue(value: unknown, source: string): LoadedTrace {
  if (Array.isArray(value)) return { ...validateEvents(value, source, () => null), violations: [], source };
  if (typeOf(value) !== 'object') throw new TraceParseError(source, null, null, `expected trace events, got ${typeOf(value)}`);
  const o = value as Record<string, unknown>;
  if (typeof o['kind'] === 'string') return { ...validateEvents([o], source, () => 1), violations: [], source };
  if (!('trace' in o)) throw new TraceParseError(source, null, 'trace', 'expected { trace: [...events] | "jsonl text", violations?: [...] }');
  const trace = o['trace'];
  const checked =
    typeof trace === 'string'
      ? checkedJsonLines(trace, source)
      : Array.isArray(trace)
        ? validateEvents(trace, source, () => null)
        : (() => {
            throw new TraceParseError(source, null, 'trace', `expected an array of events or JSON-lines text, got ${typeOf(trace)}`);
          })();
  const verdict = validateVerdict(o['verdict'], source);
  return { ...checked, violations: validateViolations(o['violations'], source), source, ...(verdict ? { verdict } : {}) };
}
