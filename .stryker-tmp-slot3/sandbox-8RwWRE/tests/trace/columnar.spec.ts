/**
 * The columnar form the page embeds: exact round trip (in memory and through its JSON form), the
 * reader's checks, and the first screen derived from columns equal to the one derived from events.
 */
// @ts-nocheck

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { materialize, toColumns } from '../../src/trace/columnar.ts';
import { columnsFromJson, columnsToJson } from '../../src/trace/columnar-json.ts';
import type { TraceEvent } from '../../src/trace/events.ts';
import { TraceParseError } from '../../src/trace/parse.ts';
import { syntheticTrace } from '../../src/trace/synthetic.ts';
import { hostileScenario, scenarioTrace } from '../fixtures/traces/build.ts';
import { deriveArrows } from '../../visualizer/src/model/arrows.ts';
import { TraceColumns } from '../../visualizer/src/model/columns.ts';
import { deriveLanes } from '../../visualizer/src/model/lanes.ts';
import { deriveMarks } from '../../visualizer/src/model/marks.ts';
import { buildModelFromColumns } from '../../visualizer/src/model/model.ts';
import { deriveFutureStamps, deriveSkips } from '../../visualizer/src/model/notices.ts';
import { deriveOutbox } from '../../visualizer/src/model/outbox.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const golden = (name: string): TraceEvent[] =>
  readFileSync(`${root}tests/golden/${name}.jsonl`, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as TraceEvent);

const TRACES: [string, TraceEvent[]][] = [
  ['hand-built story', scenarioTrace().events],
  ['hostile text', hostileScenario().events],
  ['synthetic 5k', syntheticTrace({ events: 5000, seed: 9 })],
  ...['viz-offline-conflict', 'viz-clock-jump-day-ahead', 'viz-expected-skip', 'seed-7-small'].map((name): [string, TraceEvent[]] => [name, golden(name)]),
];

/** Through the page's form: JSON text of the head and of each block, parsed back. */
function throughJson(events: readonly TraceEvent[]) {
  const { head, blocks } = columnsToJson(toColumns(events));
  const headText = JSON.stringify(head);
  const blockTexts = blocks.map((b) => JSON.stringify(b));
  const parsed: number[] = [];
  const cols = columnsFromJson(JSON.parse(headText), 'page', (n) => (parsed.push(n), JSON.parse(blockTexts[n]!)));
  return { cols, parsed, head, blocks };
}

describe('columnar round trip', () => {
  it.each(TRACES)('%s: every event comes back exactly, in memory and through the embedded JSON', (_, events) => {
    const plain = JSON.parse(JSON.stringify(events)) as TraceEvent[];
    const cols = toColumns(events);
    expect(Array.from({ length: cols.n }, (_, k) => materialize(cols, k))).toEqual(plain);
    const { cols: back } = throughJson(events);
    expect(Array.from({ length: back.n }, (_, k) => materialize(back, k))).toEqual(plain);
  });

  it('keeps event indices that are not positions, keys left undefined out, and mixed-type fields as JSON', () => {
    const events = [
      { i: 5, t: 0, kind: 'phase', phase: 'fault', note: undefined },
      { i: 9, t: 10, kind: 'outbox', device: 'a', depth: 1 },
      { i: 11, t: 10, kind: 'outbox', device: 'a', depth: 0, extra: 'x' },
      { i: 12, t: 20, kind: 'outbox', device: 'b', depth: 2, extra: 3 },
    ] as unknown as TraceEvent[];
    const { cols } = throughJson(events);
    expect(Array.from({ length: 4 }, (_, k) => materialize(cols, k))).toEqual(JSON.parse(JSON.stringify(events)));
    expect(cols.shapes).toHaveLength(3);
  });

  it('stores ids and whole numbers in the narrowest width, times as deltas, and reads them back', () => {
    const events = syntheticTrace({ events: 3000 });
    const { head } = columnsToJson(toColumns(events));
    expect(head.tDeltas).toBe(true);
    const widths = head.shapes.flatMap((s) => s.cols.map((c, f) => [s.keys[f], 'w' in c ? c.w : c.c] as const));
    expect(widths).toContainEqual(['device', 1]);
    expect(widths).toContainEqual(['msgId', 2]);
    expect(widths).toContainEqual(['depth', 4]);
    // Fractional times fall back to Float64 values; fractional numbers to width 8.
    const odd = [{ ...events[0]!, t: 0.5 }, { i: 1, t: 2.25, kind: 'clock', device: 'd0', offsetMs: 1.5, jump: false }, { i: 2, t: 3, kind: 'clock', device: 'd0', offsetMs: 2, jump: false }] as TraceEvent[];
    const back = throughJson(odd);
    expect(back.head.tDeltas).toBe(false);
    expect(back.head.shapes[1]!.cols[1]).toMatchObject({ c: 'num', w: 8 });
    expect(Array.from({ length: 3 }, (_, k) => materialize(back.cols, k))).toEqual(JSON.parse(JSON.stringify(odd)));
  });

  it('JSON-valued columns are separate blocks, parsed only when read', () => {
    const { cols, parsed, blocks } = throughJson(syntheticTrace({ events: 3000 }));
    expect(blocks.length).toBeGreaterThan(0);
    expect(parsed).toEqual([]);
    const write = cols.kinds.indexOf('local-write');
    const k = cols.kind.findIndex((c) => c === write);
    expect(materialize(cols, k)).toMatchObject({ kind: 'local-write', version: { id: expect.any(String) } });
    expect(parsed).toHaveLength(1);
  });
});

describe('columnar reader checks', () => {
  const base = () => structuredClone(columnsToJson(toColumns(scenarioTrace().events)));
  const read = (head: unknown, blocks: unknown[][]) => columnsFromJson(head, 'page.html', (n) => blocks[n]);
  const fails = (edit: (h: Record<string, any>, blocks: unknown[][]) => void, message: RegExp) => {
    const { head, blocks } = base();
    edit(head as Record<string, any>, blocks);
    expect(() => {
      const cols = read(head, blocks);
      for (let k = 0; k < cols.n; k++) materialize(cols, k);
    }).toThrow(message);
  };
  it('accepts what the writer wrote', () => {
    const { head, blocks } = base();
    expect(read(head, blocks).n).toBe(scenarioTrace().events.length);
  });
  it('names the part that is wrong, as a TraceParseError', () => {
    expect(() => read({ format: 'other' }, [])).toThrow(TraceParseError);
    fails((h) => (h['format'] = 'v0'), /columns\.format: expected "sync-lab-columnar\/1"/);
    fails((h) => (h['kinds'][0] = 'teleport'), /columns\.kinds\[0\]: unknown event kind "teleport"/);
    fails((h) => (h['n'] = h['n'] + 1), /columns\.kind: expected \d+ values of 1 bytes/);
    fails((h) => {
      // Times as Float64 values instead of deltas, one of them going backwards.
      const t = Float64Array.from(scenarioTrace().events, (e) => e.t);
      t[3] = -1;
      h['t'] = Buffer.from(t.buffer).toString('base64');
      h['tDeltas'] = false;
    }, /columns\.t\[3\]: expected non-negative µs in trace order/);
    fails((h) => (h['shapes'][0]['count'] += 1), /columns\.shapes\[0\]\.count: says/);
    fails((h) => {
      const s = h['shapes'].find((x: { keys: string[] }) => x.keys.includes('depth'));
      s.cols[s.keys.indexOf('depth')] = { c: 'const', v: 'deep' };
    }, /trace\[\d+\]\.depth: expected number in a outbox event/);
    fails((h) => {
      const s = h['shapes'].find((x: { keys: string[]; cols: { c: string }[] }) => x.keys.includes('device') && x.cols[x.keys.indexOf('device')]!.c === 'str');
      s.cols[s.keys.indexOf('device')] = { c: 'str', w: 4, b64: Buffer.from(Int32Array.from({ length: s.count }, () => 1e6).buffer).toString('base64') };
    }, /string id 1000000 beyond the \d+ strings/);
    fails((_, blocks) => blocks[0]!.pop(), /expected block 0 to hold \d+ values/);
  });
  it('checks a required JSON-valued field when its block is read', () => {
    const { head, blocks } = base();
    const h = head as unknown as { shapes: { keys: string[]; cols: { c: string; block?: number }[] }[] };
    const s = h.shapes.find((x) => x.keys.includes('versions'))!;
    const block = s.cols[s.keys.indexOf('versions')]!.block!;
    blocks[block]![0] = 'not versions';
    const cols = read(head, blocks);
    expect(() => Array.from({ length: cols.n }, (_, k) => materialize(cols, k))).toThrow(/trace\[\d+\]\.versions: expected array in a restart event/);
  });
});

describe('the first screen from columns equals the one from events', () => {
  it.each(TRACES)('%s', (_, events) => {
    const tc = new TraceColumns(throughJson(events).cols, 'page');
    const model = buildModelFromColumns(tc, { violations: [] });
    const plain = JSON.parse(JSON.stringify(events)) as TraceEvent[];
    const lanes = deriveLanes(plain);
    expect(model.lanes).toEqual(lanes);
    expect(model.arrows).toEqual(deriveArrows(plain));
    expect(model.outbox).toEqual(deriveOutbox(plain, lanes.devices));
    expect(model.marks).toEqual(deriveMarks(plain));
    expect(model.skips).toEqual(deriveSkips(plain));
    expect(model.futureStamps).toEqual(deriveFutureStamps(plain));
    expect(model.events).toEqual(plain);
  });
});
