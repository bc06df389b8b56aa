/**
 * The first screen straight from the columnar trace (src/trace/columnar.ts): messages, writes, outbox
 * depth and record names are read from typed columns, never as event objects; only the rare kinds
 * (connectivity, crashes, clock samples, phases, marks, skips…) are rebuilt as events, checked like
 * parsed ones, for the derivations they share with the rest of the model. The full event list is
 * materialized (and checked) only when something asks for it, after the first paint.
 */
import { cell, materialize, type Column, type Columns } from '../../../src/trace/columnar.ts';
import type { TraceEvent } from '../../../src/trace/events.ts';
import { TraceParseError, validateEvent } from '../../../src/trace/parse.ts';
import type { Arrow, Arrows } from './arrows.ts';
import type { WriteMark } from './lanes.ts';
import type { LaneMark } from './marks.ts';
import { pushStep, type StepPoint } from './outbox.ts';

/** Kinds the first screen reads from columns (or not at all): everything else is rebuilt as events. */
const COLUMN_KINDS = new Set(['msg-send', 'msg-deliver', 'msg-drop', 'msg-duplicate', 'outbox', 'local-write', 'merge', 'conflict', 'status', 'local-read', 'server-apply', 'engine-error']);

/** One field across every shape: `at(k)` is its value in event k (undefined when the event has no such key). */
export class Field {
  private readonly byShape: (Column | undefined)[];
  /** Per shape, the string-table id of a constant column's value (-1: not a string in the table). */
  private readonly constSid: Int32Array;
  constructor(
    private readonly cols: Columns,
    key: string,
  ) {
    this.byShape = cols.shapes.map((s) => {
      const f = s.keys.indexOf(key);
      return f === -1 ? undefined : s.cols[f];
    });
    this.constSid = Int32Array.from(this.byShape, (c) => (c?.c === 'const' && typeof c.v === 'string' ? cols.strings.indexOf(c.v) : -1));
  }
  at(k: number): unknown {
    const c = this.byShape[this.cols.shape[k]!];
    return c === undefined ? undefined : cell(c, this.cols.strings, this.cols.row[k]!);
  }
  /** The value as a string-table id when it is a string in the table (-1 otherwise): a number to key maps by. */
  sid(k: number): number {
    const c = this.byShape[this.cols.shape[k]!];
    if (c === undefined) return -1;
    if (c.c === 'str') return c.ids[this.cols.row[k]!]!;
    return this.constSid[this.cols.shape[k]!]!;
  }
}

export class TraceColumns {
  private eventsMemo: TraceEvent[] | null = null;
  private positionsMemo: Map<string, Uint32Array> | null = null;
  /** `events`: the same trace as already-checked objects, when the caller has them (no rebuild). */
  constructor(
    readonly cols: Columns,
    readonly source: string,
    events?: TraceEvent[],
  ) {
    if (events) this.eventsMemo = events;
  }

  get n(): number {
    return this.cols.n;
  }

  kindOf(k: number): string {
    return this.cols.kinds[this.cols.kind[k]!]!;
  }

  /** The code of a kind in this trace (-1: no event of that kind). */
  code(kind: string): number {
    return this.cols.kinds.indexOf(kind);
  }

  field(key: string): Field {
    return new Field(this.cols, key);
  }

  /** Positions of the events of a kind, in trace order (all kinds indexed in one pass, on first use). */
  positions(kind: string): Uint32Array {
    if (!this.positionsMemo) {
      const { n, kind: codes, kinds } = this.cols;
      const counts = new Uint32Array(kinds.length);
      for (let k = 0; k < n; k++) counts[codes[k]!]!++;
      const lists = kinds.map((_, c) => new Uint32Array(counts[c]!));
      counts.fill(0);
      for (let k = 0; k < n; k++) {
        const c = codes[k]!;
        lists[c]![counts[c]!++] = k;
      }
      this.positionsMemo = new Map(kinds.map((name, c) => [name, lists[c]!]));
    }
    return this.positionsMemo.get(kind) ?? new Uint32Array(0);
  }

  /** Event k as an object, checked like a parsed event (a bad one throws TraceParseError naming it). */
  eventAt(k: number): TraceEvent {
    if (this.eventsMemo) return this.eventsMemo[k]!;
    const e = materialize(this.cols, k);
    return validateEvent(e, 0, (field, detail) => {
      throw new TraceParseError(this.source, null, field === null ? `event ${k}` : `event ${k}: ${field}`, detail);
    });
  }

  /** Every event as an object (built and checked once, on first use). */
  get events(): TraceEvent[] {
    if (this.eventsMemo) return this.eventsMemo;
    const out = new Array<TraceEvent>(this.n);
    for (let k = 0; k < this.n; k++) out[k] = this.eventAt(k);
    return (this.eventsMemo = out);
  }

  /** The events of the kinds the first screen does not read from columns, in trace order. */
  rareEvents(): TraceEvent[] {
    const rare = Uint8Array.from(this.cols.kinds, (name) => (COLUMN_KINDS.has(name) ? 0 : 1));
    const codes = this.cols.kind;
    const out: TraceEvent[] = [];
    for (let k = 0; k < this.n; k++) if (rare[codes[k]!] === 1) out.push(this.eventAt(k));
    return out;
  }

  /** Devices named by run-start, then any others in order of first appearance (not the server). */
  deviceIds(): string[] {
    const seen = new Set<string>();
    if (this.n > 0 && this.kindOf(0) === 'run-start') for (const d of (this.eventAt(0) as { devices: string[] }).devices) seen.add(d);
    const device = this.field('device');
    const met = new Uint8Array(this.cols.strings.length);
    for (let k = 0; k < this.n; k++) {
      const id = device.sid(k);
      if (id >= 0 && met[id] === 1) continue;
      if (id >= 0) met[id] = 1;
      const d = device.at(k);
      if (typeof d === 'string' && d !== 'server') seen.add(d);
    }
    return [...seen];
  }

  /** Message arrows (model/arrows.ts), from the msg-* columns; messages are keyed by string-table id. */
  arrows(): Arrows {
    const { t, n, kind: codes, strings } = this.cols;
    const end = t[n - 1] ?? 0;
    const [msgId, from, to, type, requestId, copyId, reason] = ['msgId', 'from', 'to', 'type', 'requestId', 'copyId', 'reason'].map((key) => this.field(key)) as Field[];
    const [SEND, DUP, DELIVER, DROP] = ['msg-send', 'msg-duplicate', 'msg-deliver', 'msg-drop'].map((name) => this.code(name));
    const messages: Arrow[] = [];
    const copies: Arrow[] = [];
    // String id → arrow; ids outside the table (a constant column) fall back to the map by text.
    const bySid = new Array<Arrow | undefined>(strings.length);
    const byText = new Map<string, Arrow>();
    const find = (k: number): Arrow | undefined => {
      const id = msgId!.sid(k);
      return id >= 0 ? bySid[id] : byText.get(String(msgId!.at(k)));
    };
    const keep = (id: number, text: string, arrow: Arrow) => (id >= 0 ? (bySid[id] = arrow) : byText.set(text, arrow));
    const index = (k: number) => (this.cols.i ? this.cols.i[k]! : k);
    for (let k = 0; k < n; k++) {
      const code = codes[k];
      if (code === SEND) {
        const id = msgId!.at(k) as string;
        const request = requestId!.at(k);
        const arrow: Arrow = { msgId: id, from: from!.at(k) as string, to: to!.at(k) as string, type: type!.at(k) as string, requestId: typeof request === 'string' ? request : String(request ?? ''), tSend: t[k]!, iSend: index(k), tEnd: end, iEnd: null, fate: 'queued', dropReason: null, copyOf: null, copies: 0 };
        messages.push(arrow);
        keep(msgId!.sid(k), id, arrow);
      } else if (code === DUP) {
        const original = find(k);
        if (!original) continue;
        original.copies++;
        const copy: Arrow = { msgId: copyId!.at(k) as string, from: original.from, to: original.to, type: original.type, requestId: original.requestId, tSend: t[k]!, iSend: index(k), tEnd: end, iEnd: null, fate: 'queued', dropReason: null, copyOf: original.msgId, copies: 0 };
        copies.push(copy);
        keep(copyId!.sid(k), copy.msgId, copy);
      } else if (code === DELIVER) {
        const arrow = find(k);
        if (!arrow || arrow.iEnd !== null) continue;
        arrow.fate = 'delivered';
        arrow.tEnd = t[k]!;
        arrow.iEnd = index(k);
      } else if (code === DROP) {
        const arrow = find(k);
        if (!arrow || arrow.iEnd !== null) continue;
        // The simulator flushes what is still on the wire as 'end-of-run' drops: that is "queued", not lost.
        const why = reason!.at(k) as string;
        const lost = why !== 'end-of-run';
        arrow.fate = lost ? 'dropped' : 'queued';
        arrow.tEnd = t[k]!;
        arrow.iEnd = index(k);
        arrow.dropReason = lost ? why : null;
      }
    }
    const counts = { sent: messages.length, delivered: 0, dropped: 0, queued: 0, duplicated: 0, copies: copies.length };
    for (const m of messages) {
      counts[m.fate]++;
      if (m.copies > 0) counts.duplicated++;
    }
    return { messages, copies, counts };
  }

  /** Server refusals (an answer with ok: false) as lane marks, from the msg-send columns. */
  refusedMarks(): LaneMark[] {
    const marks: LaneMark[] = [];
    const [from, to, payload, requestId] = ['from', 'to', 'payload', 'requestId'].map((key) => this.field(key)) as Field[];
    for (const k of this.positions('msg-send')) {
      if (from!.at(k) !== 'server') continue;
      const p = payload!.at(k) as { ok?: unknown; error?: unknown } | null | undefined;
      if (p === null || typeof p !== 'object' || p.ok !== false) continue;
      const code = typeof p.error === 'string' ? p.error : 'refused';
      const device = to!.at(k) as string;
      marks.push({ kind: 'refused', device, t: this.cols.t[k]!, i: this.cols.i ? this.cols.i[k]! : k, label: `refused: ${code}`, title: `server refused ${device}'s request ${String(requestId!.at(k))} (${code})` });
    }
    return marks;
  }

  /** Local writes on the lanes, and record names (`ref` of a committed create). */
  writes(): { writes: WriteMark[]; refs: Map<string, string> } {
    const [device, op, recordId, ok, ref] = ['device', 'op', 'recordId', 'ok', 'ref'].map((key) => this.field(key)) as Field[];
    const writes: WriteMark[] = [];
    const refs = new Map<string, string>();
    for (const k of this.positions('local-write')) {
      const w: WriteMark = { device: device!.at(k) as string, t: this.cols.t[k]!, i: this.cols.i ? this.cols.i[k]! : k, op: op!.at(k) as WriteMark['op'], recordId: recordId!.at(k) as string, ok: ok!.at(k) as boolean };
      writes.push(w);
      const name = ref!.at(k);
      if (w.op === 'create' && w.ok && typeof name === 'string') refs.set(w.recordId, name);
    }
    return { writes, refs };
  }

  /** Outbox depth per device (model/outbox.ts), from the outbox and restart columns. */
  outbox(devices: readonly string[]): Map<string, StepPoint[]> {
    const { t, n, kind: codes } = this.cols;
    const series = new Map<string, StepPoint[]>(devices.map((d) => [d, [{ t: t[0] ?? 0, value: 0 }]]));
    const [device, depth, pendingOps] = ['device', 'depth', 'pendingOps'].map((key) => this.field(key)) as Field[];
    const [OUTBOX, RESTART] = ['outbox', 'restart'].map((name) => this.code(name));
    for (let k = 0; k < n; k++) {
      const code = codes[k];
      if (code !== OUTBOX && code !== RESTART) continue;
      const value = code === OUTBOX ? depth!.at(k) : pendingOps!.at(k);
      if (typeof value !== 'number') continue;
      const d = device!.at(k) as string;
      let points = series.get(d);
      if (!points) series.set(d, (points = []));
      pushStep(points, t[k]!, value);
    }
    return series;
  }
}
