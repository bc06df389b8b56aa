/**
 * The timeline's layers without a browser: each is data in, marks out through the Painter, so a
 * recording painter shows what a layer draws for a model and a window.
 */
import { scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../visualizer/src/model/model.ts';
import { layoutTimeline, type ContentFrame } from '../../../visualizer/src/draw/frame.ts';
import { arrowLayer, mergeBySend } from '../../../visualizer/src/view/layers/arrows.ts';
import { syntheticTrace } from '../../../src/trace/synthetic.ts';
import { laneNumbers } from '../../../visualizer/src/view/layers/lanes.ts';
import { drawMarkers } from '../../../visualizer/src/view/layers/markers.ts';
import { writeLayer } from '../../../visualizer/src/view/layers/writes.ts';
import type { MarkOptions, Painter } from '../../../visualizer/src/draw/painter.ts';
import { LANE_H, M, SERVER_H } from '../../../visualizer/src/draw/theme.ts';
import { scenarioTrace } from '../../fixtures/traces/build.ts';

interface Mark {
  shape: string;
  fill?: string;
  o?: MarkOptions;
}

/** An SVG-kind painter that keeps every mark (SVG: the layers draw each mark with its test id). */
function recorder(): Painter & { marks: Mark[]; withId: (testid: string) => Mark[] } {
  const marks: Mark[] = [];
  const add = (shape: string) => (...args: unknown[]) => {
    const o = args.find((a, k) => k > 0 && typeof a === 'object' && a !== null && !Array.isArray(a)) as MarkOptions | undefined;
    marks.push({ shape, ...(o ? { o } : {}) });
  };
  return {
    kind: 'svg',
    marks,
    withId: (testid) => marks.filter((m) => m.o?.testid === testid),
    begin: () => undefined,
    end: () => undefined,
    rect: add('rect'),
    line: add('line'),
    polyline: add('polyline'),
    polygon: add('polygon'),
    circle: add('circle'),
    text: add('text'),
  };
}

const s = scenarioTrace();
const model = buildModel({ events: s.events, violations: s.violations, source: 'story' });

function wholeView(p: Painter, width: number): ContentFrame {
  const x = scaleLinear().domain([model.lanes.start, model.lanes.end]).range([M.left, width - M.right]);
  const layout = layoutTimeline(model.lanes.devices.length, false);
  return { p, x, width, height: layout.height, layout, t0: model.lanes.start - 1, t1: model.lanes.end + 1, xa: M.left, xb: width - M.right };
}

describe('layoutTimeline', () => {
  it('stacks strip, lanes, charts and clock; a compared run adds its own divergence section', () => {
    const one = layoutTimeline(3, false);
    expect(one.sections.map((s) => s.name)).toEqual(['strip', 'lanes', 'outbox', 'divergence', 'clock']);
    expect(one.section('lanes').h).toBe(SERVER_H + 3 * LANE_H);
    expect(one.laneY(2) - one.laneY(1)).toBe(LANE_H);
    const two = layoutTimeline(3, true);
    expect(two.sections.map((s) => s.name)).toContain('divergence-b');
    expect(two.height - one.height).toBe(110 + 30);
  });
});

describe('arrow layer', () => {
  it('merges messages and duplicate copies in send order, as a sort would', () => {
    const m = buildModel({ events: syntheticTrace({ events: 20_000, seed: 4 }), violations: [], source: 'synthetic' });
    expect(m.arrows.copies.length).toBeGreaterThan(10);
    const sorted = [...m.arrows.messages, ...m.arrows.copies].sort((a, b) => a.tSend - b.tSend || a.iSend - b.iSend);
    expect(mergeBySend(m.arrows.messages, m.arrows.copies)).toEqual(sorted);
    expect(mergeBySend(m.arrows.messages, [])).toBe(m.arrows.messages);
  });

  it('draws one arrow per message and one per duplicate copy, with its fate, when the view is sparse', () => {
    const p = recorder();
    arrowLayer(model, laneNumbers(model.lanes)).draw(wholeView(p, 1400));
    const a = model.arrows;
    expect(p.withId('arrow')).toHaveLength(a.messages.length);
    expect(p.withId('arrow-copy')).toHaveLength(a.copies.length);
    expect(p.withId('drop-mark')).toHaveLength(a.messages.filter((m) => m.fate === 'dropped').length + a.copies.filter((m) => m.fate === 'dropped').length);
  });

  it('switches to per-column density when the messages outnumber the pixels', () => {
    const p = recorder();
    // A plot a few pixels wide: more messages than 1.5 per column.
    arrowLayer(model, laneNumbers(model.lanes)).draw(wholeView(p, M.left + M.right + 4));
    expect(p.withId('arrow')).toHaveLength(0);
    expect(p.marks.length).toBeGreaterThan(0);
    expect(p.marks.every((m) => m.shape === 'rect' && typeof m.o?.opacity === 'number')).toBe(true);
  });
});

describe('write layer', () => {
  it('marks every local write with its device, op and record', () => {
    const p = recorder();
    writeLayer(model, laneNumbers(model.lanes)).draw(wholeView(p, 1400));
    const drawn = p.withId('write').map((m) => `${m.o?.data?.['device']} ${m.o?.data?.['op']} ${m.o?.data?.['record']}`);
    expect(drawn).toEqual(model.lanes.writes.map((w) => `${w.device} ${w.op} ${w.recordId}`));
  });
});

describe('markers', () => {
  it('draws a violation marker at each violation in the window, none outside it', () => {
    const p = recorder();
    const state = { playheadIndex: 0, diffIndex: null, diffModel: null };
    drawMarkers(wholeView(p, 1400), model, state);
    expect(p.withId('violation-marker').map((m) => m.o?.data?.['index'])).toEqual(model.violations.map((v) => String(v.eventIndex)));
    const outside = recorder();
    const f = wholeView(outside, 1400);
    drawMarkers({ ...f, t0: model.lanes.end + 10, t1: model.lanes.end + 20 }, model, state);
    expect(outside.withId('violation-marker')).toHaveLength(0);
  });
});
