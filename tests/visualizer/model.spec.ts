import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioTrace, toJsonLines } from '../fixtures/traces/build.ts';
import { deriveArrows } from '../../visualizer/src/model/arrows.ts';
import { deriveConflicts, splitStamp } from '../../visualizer/src/model/conflicts.ts';
import { deriveDivergence } from '../../visualizer/src/model/divergence.ts';
import { diffRuns } from '../../visualizer/src/model/diff.ts';
import { deriveLanes } from '../../visualizer/src/model/lanes.ts';
import { buildModel, describeEvent, eventIndexAt } from '../../visualizer/src/model/model.ts';
import { deriveOutbox, stepValueAt } from '../../visualizer/src/model/outbox.ts';
import { parseTraceText } from '../../src/trace/parse.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import { ReplicaReplay, visibleValue } from '../../visualizer/src/model/replica.ts';

const s = scenarioTrace();
const ev = s.events;

describe('lanes', () => {
  const lanes = deriveLanes(ev);
  it('has one lane per device, from run-start', () => {
    expect(lanes.devices).toEqual(['a', 'b', 'c']);
  });
  it('bands connectivity: c is offline from 2 s to 6 s', () => {
    const c = lanes.connectivity.filter((b) => b.device === 'c');
    expect(c.map((b) => [b.value, b.from, b.to])).toEqual([
      ['online', 0, 2_000_000],
      ['offline', 2_000_000, 6_000_000],
      ['online', 6_000_000, 12_000_000],
    ]);
  });
  it('pairs the crash with its restart', () => {
    expect(lanes.crashes).toMatchObject([{ device: 'a', crashAt: 5_500_000, restartAt: 8_500_000, point: 'idle' }]);
  });
  it('marks writes and deletes and the clock jump', () => {
    expect(lanes.writes.map((w) => `${w.device}:${w.op}:${w.recordId}`)).toEqual(['a:create:r1', 'c:edit:r1', 'c:create:r2', 'b:edit:r1', 'b:delete:r2']);
    expect(lanes.clock.get('b')!.some((p) => p.jump && p.offsetMs === 1200)).toBe(true);
    expect(lanes.phases.map((p) => p.label)).toEqual(['fault', 'heal', 'quiescence']);
  });
});

describe('arrows', () => {
  const arrows = deriveArrows(ev);
  it('has one arrow per msg-send, with fates', () => {
    expect(arrows.messages.length).toBe(ev.filter((e) => e.kind === 'msg-send').length);
    const dropped = arrows.messages.filter((m) => m.fate === 'dropped');
    expect(dropped.map((m) => [m.msgId, m.dropReason])).toEqual([['m7', 'offline'], [s.facts.droppedMsgId, 'loss']]);
  });
  it('counts an end-of-run flush as still queued, not lost', () => {
    const queued = arrows.messages.filter((m) => m.fate === 'queued');
    expect(queued).toHaveLength(1);
    expect(queued[0]!.tEnd).toBe(12_000_000);
  });
  it('gives a duplicated message a copy arrow with its own delivery', () => {
    const original = arrows.messages.find((m) => m.msgId === s.facts.duplicatedMsgId)!;
    expect(original.copies).toBe(1);
    expect(arrows.copies).toMatchObject([{ msgId: `${s.facts.duplicatedMsgId}.1`, copyOf: s.facts.duplicatedMsgId, fate: 'delivered', tEnd: 5_160_000 }]);
    expect(arrows.counts).toMatchObject({ dropped: 2, queued: 1, duplicated: 1, copies: 1 });
  });
});

describe('outbox', () => {
  it('with several devices, a crash and restart in one tick leave no stale depth: the restart\'s pendingOps holds', () => {
    const at = (i: number, t: number, e: Record<string, unknown>) => ({ i, t, ...e }) as unknown as TraceEvent;
    const trace = [
      at(0, 0, { kind: 'run-start', seed: 1, devices: ['a', 'b'], stampMode: 'hlc', reconciler: 'x', options: {} }),
      at(1, 1000, { kind: 'outbox', device: 'a', depth: 2 }),
      at(2, 1000, { kind: 'outbox', device: 'b', depth: 1 }),
      at(3, 5000, { kind: 'outbox', device: 'b', depth: 3 }),
      at(4, 5000, { kind: 'crash', device: 'a', point: 'now' }),
      at(5, 5000, { kind: 'restart', device: 'a', versions: [], pendingOps: 0 }),
      at(6, 5000, { kind: 'outbox', device: 'b', depth: 2 }),
      at(7, 9000, { kind: 'run-end', replicas: {}, serverLog: [], converged: false, convergedAt: null }),
    ];
    for (const outbox of [deriveOutbox(trace, ['a', 'b']), buildModel({ events: trace, violations: [], source: 't' }).outbox]) {
      expect(stepValueAt(outbox.get('a')!, 4999)).toBe(2);
      expect(stepValueAt(outbox.get('a')!, 5000)).toBe(0);
      expect(stepValueAt(outbox.get('a')!, 9000)).toBe(0);
      expect(stepValueAt(outbox.get('b')!, 5000)).toBe(2);
      // One point per change: the same-tick 3 then 2 of b is one step, not a stale 3.
      expect(outbox.get('b')!).toEqual([{ t: 0, value: 0 }, { t: 1000, value: 1 }, { t: 5000, value: 2 }]);
    }
  });

  it('a run-start without options (another program\'s trace) still builds, with no future-stamp marks', () => {
    const trace = [
      { i: 0, t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'x' },
      { i: 1, t: 5, kind: 'local-write', device: 'a', op: 'create', recordId: 'r1', ok: true, version: { id: 'r1', stamp: '000000000000001.00000000.a', deleted: false, fields: {}, opId: 'a:1' } },
    ] as unknown as TraceEvent[];
    const m = buildModel({ events: trace, violations: [], source: 't' });
    expect(m.futureStamps).toEqual([]);
    expect(m.lanes.writes).toHaveLength(1);
  });

  it('steps up while c is offline and drains after heal', () => {
    const c = deriveOutbox(ev, ['a', 'b', 'c']).get('c')!;
    expect(stepValueAt(c, 2_600_000)).toBe(2);
    expect(stepValueAt(c, 5_999_999)).toBe(2);
    expect(stepValueAt(c, 6_100_000)).toBe(0);
  });
});

describe('replica state at t', () => {
  const replay = new ReplicaReplay(ev, ['a', 'b', 'c']);
  it('shows what each replica holds at the probe time', () => {
    const rows = replay.rowsAt(eventIndexAt(buildModel({ events: ev, violations: [], source: 't' }).times, s.facts.probe.tMs * 1000));
    for (const [device, titles] of Object.entries(s.facts.probe.titles)) {
      const seen = Object.fromEntries(rows.get(device)!.map((r) => [r.recordId, r.value === null ? null : (JSON.parse(r.value) as { title: string }).title]));
      expect(seen, device).toEqual(titles);
    }
  });
  it('gives the same answer stepping backwards as replaying from scratch', () => {
    const late = replay.rowsAt(ev.length - 1);
    const early = replay.rowsAt(20);
    expect(new ReplicaReplay(ev, ['a', 'b', 'c']).rowsAt(20)).toEqual(early);
    expect(replay.rowsAt(ev.length - 1)).toEqual(late);
  });
  it('restores a restarted device from its persisted versions', () => {
    const restartAt = ev.findIndex((e) => e.kind === 'restart');
    expect([...replay.at(restartAt).get('a')!.keys()]).toEqual(['r1']);
  });
  it('treats a tombstone as not visible', () => {
    expect(visibleValue({ id: 'x', stamp: 's', deleted: true, fields: { a: 1 }, opId: 'o' })).toBeNull();
  });
});

describe('divergence', () => {
  const d = deriveDivergence(ev, ['a', 'b', 'c']);
  it('is zero for every device from the convergence marker on', () => {
    expect(d.converged).toBe(true);
    for (const [device, points] of d.series) expect(stepValueAt(points, d.convergedAt!), device).toBe(0);
    expect(d.allZeroFrom).toBe(d.convergedAt);
  });
  it('counts c differing on r1 and r2 while offline', () => {
    expect(stepValueAt(d.series.get('c')!, 2_700_000)).toBe(2);
    expect(stepValueAt(d.series.get('b')!, 3_500_000)).toBe(0);
  });
  it('measures time to converge from the heal phase', () => {
    expect(d.healAt).toBe(6_000_000);
    expect(d.timeToConverge).toBe(d.convergedAt! - 6_000_000);
  });
  it('counts time to converge as zero when the replicas converged before faults healed (real scenario)', () => {
    const golden = parseTraceText(readFileSync(fileURLToPath(new URL('../golden/viz-offline-conflict.jsonl', import.meta.url)), 'utf8'), 'golden');
    const g = deriveDivergence(golden.events, deriveLanes(golden.events).devices);
    expect(g.convergedAt).not.toBeNull();
    expect(g.healAt).toBeGreaterThan(g.convergedAt!);
    expect(g.timeToConverge).toBe(0);
    expect(g.allZeroFrom).toBe(g.convergedAt);
  });
});

describe('conflict cards', () => {
  it('name record, stamps, devices, rule and both values', () => {
    const [card] = deriveConflicts(ev);
    expect(card).toMatchObject({ recordId: 'r1', rule: 'lww', outcome: 'remote-won', device: 'c' });
    expect(card!.winner).toMatchObject({ stamp: s.facts.conflict.winner, device: 'b', wallMs: 2850 });
    expect(card!.loser).toMatchObject({ stamp: s.facts.conflict.loser, device: 'c', wallMs: 2800 });
    expect(card!.loser.value).toBe('{"title":"groceries + milk"}');
  });
  it('tell a real conflict from a plain update by what each writer was editing (base), and say unknown without it', () => {
    const v = (opId: string, stamp: string) => ({ id: 'r1', opId, stamp, deleted: false, fields: {} });
    const w = (i: number, device: string, opId: string, stamp: string, base?: string | null): TraceEvent =>
      ({ i, t: i, kind: 'local-write', device, op: 'edit', recordId: 'r1', ok: true, version: v(opId, stamp), wallMs: i, ...(base === undefined ? {} : { base }) }) as TraceEvent;
    const c = (i: number, winner: string, loser: string): TraceEvent => ({ i, t: i, kind: 'conflict', device: 'a', recordId: 'r1', winner, loser, rule: 'lww-hlc', outcome: 'remote-won' });
    const s1 = '000000000000001.00000000.a', s2 = '000000000000002.00000000.b', s3 = '000000000000003.00000000.c';
    const events = [w(0, 'a', 'a/o1', s1, null), w(1, 'b', 'b/o1', s2, 'a/o1'), w(2, 'c', 'c/o1', s3, 'a/o1'), c(3, s2, s1), c(4, s3, s2)];
    expect(deriveConflicts(events).map((card) => card.relation)).toEqual(['update', 'concurrent']);
    expect(deriveConflicts([w(0, 'a', 'a/o1', s1), w(1, 'b', 'b/o1', s2), c(2, s2, s1)])[0]!.relation).toBe('unknown');
  });
  it('shows a malformed stamp as is', () => {
    expect(splitStamp('nonsense')).toEqual({ device: '?', wallMs: null, counter: null });
  });
});

describe('run diff', () => {
  it('finds the first event where hlc and wall runs of one scenario part', () => {
    const wall = scenarioTrace({ stampMode: 'wall' }).events;
    const diff = diffRuns(ev, wall);
    expect(diff.configDifferences).toEqual(['options.stampMode', 'stampMode']);
    expect(diff.left).toMatchObject({ kind: 'clock', device: 'c' });
    expect(diff.fields).toEqual(['offsetMs']);
  });
  it('reports identical runs as identical', () => {
    expect(diffRuns(ev, scenarioTrace().events).firstDifference).toBeNull();
  });
});

describe('model built for a fast first draw', () => {
  it('takes event times from the parse, one per event, in every input shape', () => {
    for (const loaded of [parseTraceText(toJsonLines(ev), 'x.jsonl'), parseTraceText(JSON.stringify({ trace: ev }), 'x.json'), parseTraceText(JSON.stringify(ev), 'a.json')]) {
      expect(Array.from(loaded.times ?? [])).toEqual(ev.map((e) => e.t));
      expect(Array.from(buildModel(loaded).times)).toEqual(ev.map((e) => e.t));
    }
  });
  it('computes its own times when the loaded trace has none (or the wrong number)', () => {
    expect(Array.from(buildModel({ events: ev, violations: [], source: 't' }).times)).toEqual(ev.map((e) => e.t));
    expect(Array.from(buildModel({ events: ev, violations: [], source: 't', times: new Float64Array(1) }).times)).toEqual(ev.map((e) => e.t));
  });
  it('derives divergence on first read, once, equal to deriving it directly; the header summary needs none of it', () => {
    const model = buildModel(parseTraceText(toJsonLines(ev), 'x.jsonl'));
    const end = ev.at(-1)!;
    if (end.kind !== 'run-end') throw new Error('scenario trace should end with run-end');
    expect(model.end).toEqual({ converged: end.converged, convergedAt: end.convergedAt });
    const first = model.divergence;
    expect(model.divergence).toBe(first);
    expect(first).toEqual(deriveDivergence(ev, deriveLanes(ev).devices));
    expect(model.end.convergedAt).toBe(first.convergedAt);
  });
  it('reports a trace without run-end as not converged', () => {
    const model = buildModel({ events: ev.slice(0, -1), violations: [], source: 't' });
    expect(model.end).toEqual({ converged: false, convergedAt: null });
    expect(model.divergence.converged).toBe(false);
  });
});

describe('describeEvent', () => {
  it('describes every event of the scenario and the golden simulator trace in one line', () => {
    const golden = readFileSync(fileURLToPath(new URL('../golden/seed-7-small.jsonl', import.meta.url)), 'utf8');
    for (const e of [...ev, ...parseTraceText(golden, 'golden').events]) {
      const text = describeEvent(e);
      expect(text).not.toContain('\n');
      expect(text.length).toBeGreaterThan(3);
    }
  });
});

describe('visible values', () => {
  it('print equal fields the same whatever their key order or nesting', () => {
    const v = (fields: Record<string, unknown>) => visibleValue({ id: 'r', stamp: 's', deleted: false, fields: fields as never, opId: 'o' });
    expect(v({ b: 1, a: ['x'] })).toBe(v({ a: ['x'], b: 1 }));
    expect(v({ a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}]}');
    expect(v({ a: 1 })).toBe('{"a":1}');
  });
});
