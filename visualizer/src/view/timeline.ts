/**
 * The time-axis views in one zoomable surface: phase/fault strip, server and device swimlanes
 * (connectivity bands, crash-to-restart spans, local writes), message arrows with their fate, outbox
 * depth, divergence (and a second run's divergence when diffing), clock skew, the playhead and
 * violation/convergence markers. d3-zoom drives x; culling and per-pixel aggregation keep big traces
 * (canvas) at frame rate.
 */
import { scaleLinear, select, tickStep, zoom as d3zoom, zoomIdentity, type ScaleLinear, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { Fate } from '../model/arrows.ts';
import { formatTime, type VizModel } from '../model/model.ts';
import type { StepPoint } from '../model/outbox.ts';
import { CanvasPainter, type Painter } from './painter.ts';

export const DEVICE_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac', '#e15759'];
export const COLORS = {
  online: '#e4f3e6',
  intermittent: '#fbeccb',
  offline: '#e2e5eb',
  crashed: '#f7cfd2',
  delivered: '#5a7394',
  dropped: '#d62728',
  queued: '#e8890c',
  copy: '#8e5bb5',
  playhead: '#111827',
  violation: '#c81e1e',
  converged: '#1d8a3a',
  grid: '#eceef2',
  text: '#374151',
  muted: '#6b7280',
};
const FATE_CODE: Record<Fate, number> = { delivered: 0, dropped: 1, queued: 2 };
const PHASE_COLORS: Record<string, string> = { fault: '#fde2e1', heal: '#dbeafe', quiescence: '#dcfce7' };
const DASH_COPY: readonly number[] = [4, 3];
const CRASHED = { opacity: 0.9 };

const M = { left: 104, right: 28 };
const LANE_H = 42;
const SERVER_H = 30;

interface Section {
  name: string;
  y: number;
  h: number;
}

export interface TimelineState {
  playheadIndex: number;
  /** Position of the first differing event with the compared run, if any. */
  diffIndex: number | null;
  diffModel: VizModel | null;
  violationIndex: number | null;
}

export class Timeline {
  readonly x0: ScaleLinear<number, number>;
  x: ScaleLinear<number, number>;
  width = 800;
  height = 600;
  frames = 0;
  /** Time spent in draw() (script only; the browser rasterises afterwards), summed over frames. */
  drawMs = 0;
  private readonly laneOf = new Map<string, number>();
  private readonly zoomBehavior: ZoomBehavior<Element, unknown>;
  private transform: ZoomTransform = zoomIdentity;
  private pending = 0;
  // Messages (and copies) as columns sorted by send time, for culling and density drawing.
  private readonly aSend: Float64Array;
  private readonly aEnd: Float64Array;
  private readonly aFrom: Int16Array;
  private readonly aTo: Int16Array;
  private readonly aFate: Uint8Array;
  private readonly aCopy: Uint8Array;
  private readonly aId: string[];
  private readonly maxFlight: number;
  private bucket = new Uint32Array(0);
  private sections: Section[] = [];
  // Writes as columns (time, lane) for culling and density.
  private readonly writeTimes: Float64Array;
  private readonly writeLane: Uint8Array;
  private readonly clockSeries: Map<string, StepPoint[]>;
  /** Chart maxima, fixed for the trace so the y axes do not jump while panning. */
  private readonly ranges: { outbox: number; divergence: number; skew: number };
  /**
   * True until showDivergence(): big traces get their first frame before the divergence series is
   * derived (it is the costliest part of the model), and the chart fills in a frame later.
   */
  private divergencePending: boolean;
  /** What the current drawContent call covers: times [t0, t1] and pixels [xa, xb]. */
  private cull: [number, number, number, number] = [0, 0, 0, 0];
  /** Canvas only: the content bitmap and where it is anchored in time. */
  private firstDrawn = false;
  private cache: { front: CanvasPainter; back: CanvasPainter; origin: number; slope: number; key: string } | null = null;

  constructor(
    readonly surface: HTMLElement | SVGSVGElement,
    readonly painter: Painter,
    readonly model: VizModel,
    readonly state: TimelineState,
    private readonly onPick: (t: number) => void,
    options: { deferDivergence?: boolean } = {},
  ) {
    this.divergencePending = options.deferDivergence === true;
    const { lanes } = model;
    this.laneOf.set('server', 0);
    lanes.devices.forEach((d, k) => this.laneOf.set(d, k + 1));
    // Messages come in send order; only duplicate copies need merging in.
    const all = model.arrows.copies.length === 0 ? model.arrows.messages : [...model.arrows.messages, ...model.arrows.copies].sort((a, b) => a.tSend - b.tSend || a.iSend - b.iSend);
    const n = all.length;
    this.aSend = new Float64Array(n);
    this.aEnd = new Float64Array(n);
    this.aFrom = new Int16Array(n);
    this.aTo = new Int16Array(n);
    this.aFate = new Uint8Array(n);
    this.aCopy = new Uint8Array(n);
    this.aId = new Array<string>(n);
    let maxFlight = 0;
    all.forEach((a, k) => {
      this.aSend[k] = a.tSend;
      this.aEnd[k] = a.tEnd;
      this.aFrom[k] = this.laneOf.get(a.from) ?? 0;
      this.aTo[k] = this.laneOf.get(a.to) ?? 0;
      this.aFate[k] = FATE_CODE[a.fate];
      this.aCopy[k] = a.copyOf === null ? 0 : 1;
      this.aId[k] = a.msgId;
      maxFlight = Math.max(maxFlight, a.tEnd - a.tSend);
    });
    this.maxFlight = maxFlight;
    const writes = lanes.writes;
    this.writeTimes = Float64Array.from(writes, (w) => w.t);
    this.writeLane = Uint8Array.from(writes, (w) => this.laneOf.get(w.device) ?? 0);
    this.clockSeries = new Map([...lanes.clock].map(([d, points]) => [d, points.map((q) => ({ t: q.t, value: q.offsetMs }))]));
    const maxOf = (series: Iterable<readonly StepPoint[]>, abs = false) => {
      let max = 1;
      for (const points of series) for (const q of points) max = Math.max(max, abs ? Math.abs(q.value) : q.value);
      return max;
    };
    this.ranges = {
      outbox: maxOf(model.outbox.values()),
      divergence: this.divergencePending ? 1 : maxOf(model.divergence.series.values()),
      skew: maxOf(this.clockSeries.values(), true),
    };
    const end = Math.max(lanes.end, state.diffModel?.lanes.end ?? 0, lanes.start + 1);
    this.x0 = scaleLinear().domain([lanes.start, end]).range([M.left, this.width - M.right]);
    this.x = this.x0.copy();
    this.zoomBehavior = d3zoom<Element, unknown>()
      .scaleExtent([1, Math.max(2, (end - lanes.start) / 200)])
      .filter((event: Event) => (event.type === 'wheel' ? true : !(event as MouseEvent).button))
      .on('zoom', (event: { transform: ZoomTransform }) => {
        this.transform = event.transform;
        this.x = this.transform.rescaleX(this.x0);
        this.schedule();
      });
    select(surface as Element).call(this.zoomBehavior);
    surface.addEventListener('click', (event) => {
      const e = event as MouseEvent;
      const box = (surface as Element).getBoundingClientRect();
      const px = e.clientX - box.left;
      if (px < M.left || px > this.width - M.right) return;
      this.onPick(this.x.invert(px));
    });
  }

  resize(width: number): void {
    this.width = Math.max(480, Math.floor(width));
    this.x0.range([M.left, this.width - M.right]);
    this.zoomBehavior.extent([[M.left, 0], [this.width - M.right, this.height]]).translateExtent([[M.left, -Infinity], [this.width - M.right, Infinity]]);
    this.x = this.transform.rescaleX(this.x0);
    this.draw();
  }

  /** Zooms so [t0, t1] fills the plot. */
  zoomTo(t0: number, t1: number): void {
    const [d0, d1] = this.x0.domain() as [number, number];
    const k = Math.max(1, (d1 - d0) / Math.max(1, t1 - t0));
    const tx = M.left - this.x0(t0) * k;
    select(this.surface as Element).call(this.zoomBehavior.transform, zoomIdentity.translate(tx, 0).scale(k));
  }

  /** Pans by dx pixels (tests and the benchmark use it like a drag). */
  panBy(dx: number): void {
    select(this.surface as Element).call(this.zoomBehavior.translateBy, dx / this.transform.k, 0);
  }

  /** Centres t in view when it is off screen. */
  reveal(t: number): void {
    const px = this.x(t);
    if (px >= M.left && px <= this.width - M.right) return;
    const [d0, d1] = this.x.domain() as [number, number];
    const half = (d1 - d0) / 2;
    this.zoomTo(t - half, t + half);
  }

  schedule(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  private layout(): { laneY: (lane: number) => number } {
    const devices = this.model.lanes.devices.length;
    let y = 30;
    const sections: Section[] = [];
    const push = (name: string, h: number, gap = 0) => {
      y += gap;
      sections.push({ name, y, h });
      y += h;
    };
    push('strip', 16);
    push('lanes', SERVER_H + devices * LANE_H, 4);
    push('outbox', 74, 30);
    push('divergence', 110, 30);
    if (this.state.diffModel) push('divergence-b', 110, 30);
    push('clock', 80, 30);
    this.height = y + 26;
    this.sections = sections;
    const lanesTop = sections[1]!.y;
    return { laneY: (lane) => (lane === 0 ? lanesTop + SERVER_H / 2 : lanesTop + SERVER_H + (lane - 1) * LANE_H + LANE_H / 2) };
  }

  private section(name: string): Section {
    return this.sections.find((s) => s.name === name) ?? { name, y: 0, h: 0 };
  }

  /**
   * Draws a frame. SVG: everything, every time. Canvas: the time-anchored content lives in an
   * offscreen bitmap; a pan shifts that bitmap and draws only the strip that came into view, then
   * the fixed overlay (labels, frames, playhead) goes on top. A zoom or resize redraws it whole.
   */
  draw(): void {
    this.frames++;
    const began = performance.now();
    const { laneY } = this.layout();
    const p = this.painter;
    if (p instanceof CanvasPainter) this.drawCanvas(p, laneY);
    else {
      p.begin(this.width, this.height);
      this.drawContent(p, this.x, M.left - 40, this.width - M.right + 40, laneY);
      this.drawFixed(p, laneY);
      p.end();
    }
    this.drawMs += performance.now() - began;
  }

  /** Draws the divergence chart once the model's divergence can be read (see deferDivergence). */
  showDivergence(): void {
    if (!this.divergencePending) return;
    this.divergencePending = false;
    let max = 1;
    for (const points of this.model.divergence.series.values()) for (const q of points) max = Math.max(max, q.value);
    this.ranges.divergence = max;
    this.invalidate();
    this.draw();
  }

  /** Forgets the cached content (a second run was loaded, markers changed). */
  invalidate(): void {
    this.cache = null;
  }

  private drawCanvas(main: CanvasPainter, laneY: (lane: number) => number): void {
    const left = M.left;
    const right = this.width - M.right;
    const plot = right - left;
    const [d0, d1] = this.x.domain() as [number, number];
    const slope = plot / (d1 - d0);
    const key = `${this.width}x${this.height}:${this.state.diffIndex}:${this.state.diffModel ? 1 : 0}`;
    if (!this.firstDrawn) {
      // The very first frame goes straight to the screen: no offscreen bitmap to allocate and copy
      // while the user waits. The cache is built by the first frame that moves.
      this.firstDrawn = true;
      main.begin(this.width, this.height);
      main.clip(left, right, this.height);
      this.drawContent(main, this.x, left, right, laneY);
      main.unclip();
      this.drawFixed(main, laneY);
      return;
    }
    let cache = this.cache;
    let shift = cache ? Math.round((cache.origin - d0) * slope) : 0;
    const sameScale = cache !== null && Math.abs(cache.slope - slope) <= slope * 1e-9;
    if (!cache || cache.key !== key || !sameScale || Math.abs(shift) >= plot) {
      cache ??= { front: new CanvasPainter(document.createElement('canvas')), back: new CanvasPainter(document.createElement('canvas')), origin: d0, slope, key };
      Object.assign(cache, { origin: d0, slope, key });
      cache.front.begin(this.width, this.height);
      this.drawContent(cache.front, this.x, left, right, laneY);
      this.cache = cache;
      shift = 0;
    } else if (shift !== 0) {
      // Move what is drawn, then draw only the strip that came into view.
      cache.back.begin(this.width, this.height);
      cache.back.blit(cache.front, shift);
      [cache.front, cache.back] = [cache.back, cache.front];
      cache.origin -= shift / slope;
      const xs = scaleLinear().domain([cache.origin, cache.origin + (d1 - d0)]).range([left, right]);
      const [xa, xb] = shift > 0 ? [left, left + shift] : [right + shift, right];
      cache.front.clip(xa, xb, this.height);
      this.drawContent(cache.front, xs, xa, xb, laneY);
      cache.front.unclip();
    }
    main.begin(this.width, this.height);
    main.blit(cache.front, 0, left, right);
    this.drawFixed(main, laneY);
  }

  /**
   * Everything anchored to a time, within pixels [xa, xb] (plus a margin, so marks straddling the
   * edge are drawn whole and the clip cuts them cleanly).
   */
  private drawContent(p: Painter, x: ScaleLinear<number, number>, xa: number, xb: number, laneY: (lane: number) => number): void {
    const PAD = 48;
    const t0 = x.invert(xa - PAD);
    const t1 = x.invert(xb + PAD);
    this.cull = [t0, t1, xa, xb];
    const left = M.left;
    const right = this.width - M.right;
    const clampX = (v: number) => Math.max(Math.max(left, xa) - 2, Math.min(Math.min(right, xb) + 2, v));
    const { lanes } = this.model;
    const svg = p.kind === 'svg';

    // Background, grid and axis: tick positions come from the whole view, so strips line up.
    const [d0, d1] = x.domain() as [number, number];
    const step = tickStep(d0, d1, Math.max(2, Math.floor((right - left) / 110)));
    for (let k = Math.ceil(t0 / step); k * step <= t1; k++) {
      const t = k * step;
      const px = x(t);
      if (px < left - 0.5 || px > right + 0.5) continue;
      p.line(px, 24, px, this.height - 22, COLORS.grid, 1);
    }

    // Strip: phases, outages, partitions.
    const strip = this.section('strip');
    for (const band of lanes.phases) {
      if (band.to < t0 || band.from > t1) continue;
      const x1 = clampX(x(band.from));
      const x2 = clampX(x(band.to));
      p.rect(x1, strip.y, x2 - x1, strip.h, PHASE_COLORS[band.label] ?? '#eee', { testid: 'phase-band', title: `phase ${band.label}` });
    }
    for (const band of [...lanes.outages, ...lanes.partitions]) {
      if (band.to < t0 || band.from > t1) continue;
      const x1 = clampX(x(band.from));
      const x2 = clampX(x(band.to));
      p.rect(x1, strip.y + strip.h - 4, x2 - x1, 4, '#7f1d1d', { title: band.label, testid: 'fault-band' });
    }

    // Lanes: backgrounds, connectivity, crashes.
    const lanesSection = this.section('lanes');
    const bx1 = clampX(left);
    const bx2 = clampX(right);
    p.rect(bx1, lanesSection.y, bx2 - bx1, SERVER_H, '#f3f4f6', { testid: 'server-lane' });
    lanes.devices.forEach((device, k) => {
      const y = laneY(k + 1) - LANE_H / 2;
      p.rect(bx1, y + 2, bx2 - bx1, LANE_H - 4, '#fafafa', { testid: 'lane', data: { device } });
    });
    for (const band of lanes.connectivity) {
      if (band.to < t0 || band.from > t1) continue;
      const lane = this.laneOf.get(band.device) ?? 0;
      const x1 = clampX(x(band.from));
      const x2 = clampX(x(band.to));
      if (x2 - x1 < 0.3) continue;
      // Test ids and tooltips exist only as SVG elements: a canvas would build thousands of strings to drop them.
      p.rect(x1, laneY(lane) - LANE_H / 2 + 2, x2 - x1, LANE_H - 4, COLORS[band.value], svg ? { testid: 'connectivity', data: { device: band.device, mode: band.value }, title: `${band.device} ${band.value} ${formatTime(band.from)}–${formatTime(band.to)}` } : undefined);
    }
    for (const crash of lanes.crashes) {
      const to = crash.restartAt ?? lanes.end;
      if (to < t0 || crash.crashAt > t1) continue;
      const y = laneY(this.laneOf.get(crash.device) ?? 0);
      const x1 = clampX(x(crash.crashAt));
      const x2 = clampX(x(to));
      p.rect(x1, y - LANE_H / 2 + 2, x2 - x1, LANE_H - 4, COLORS.crashed, svg ? { opacity: 0.9, title: `${crash.device} down (${crash.point})` } : CRASHED);
      if (p.kind === 'svg') for (let hx = x1; hx < x2; hx += 8) p.line(hx, y + LANE_H / 2 - 3, Math.min(x2, hx + 8), y - LANE_H / 2 + 3, '#e8a0a6', 1);
      cross(p, x(crash.crashAt), y, 6, COLORS.dropped, 2.5, svg ? { testid: 'crash-marker', data: { device: crash.device }, title: `${crash.device} crashed (${crash.point}) at ${formatTime(crash.crashAt)}` } : undefined);
      if (crash.restartAt !== null) {
        const rx = x(crash.restartAt);
        p.polygon([rx - 6, y + 6, rx + 6, y + 6, rx, y - 6], COLORS.converged, svg ? { testid: 'restart-marker', data: { device: crash.device }, title: `${crash.device} restarted at ${formatTime(crash.restartAt)}` } : undefined);
      }
    }

    this.drawArrows(p, x, laneY, t0, t1);
    this.drawWrites(p, x, laneY, t0, t1);

    // Charts.
    const devices = lanes.devices;
    const color = (d: string) => DEVICE_COLORS[Math.max(0, devices.indexOf(d)) % DEVICE_COLORS.length]!;
    const outbox = this.section('outbox');
    this.chartBackground(p, outbox, bx1, bx2);
    const yOut = scaleLinear().domain([0, this.ranges.outbox]).range([outbox.y + outbox.h, outbox.y + 4]);
    for (const [device, points] of this.model.outbox) this.stepLine(p, x, points, yOut, color(device), { testid: 'outbox-line', data: { device } }, true);

    this.drawDivergence(p, x, this.section('divergence'), this.model, color, bx1, bx2);
    if (this.state.diffModel) this.drawDivergence(p, x, this.section('divergence-b'), this.state.diffModel, color, bx1, bx2);

    const clock = this.section('clock');
    this.chartBackground(p, clock, bx1, bx2);
    const yClock = scaleLinear().domain([-this.ranges.skew, this.ranges.skew]).range([clock.y + clock.h, clock.y + 4]);
    p.line(bx1, yClock(0), bx2, yClock(0), '#c7cbd3', 1, { dash: [3, 3] });
    for (const [device, points] of this.clockSeries) {
      this.stepLine(p, x, points, yClock, color(device), { testid: 'clock-line', data: { device } }, true);
      for (const q of lanes.clock.get(device) ?? []) if (q.jump && q.t >= t0 && q.t <= t1) p.circle(x(q.t), yClock(q.offsetMs), 4, color(device), { stroke: '#fff', title: `${device} clock jump to ${q.offsetMs} ms` });
    }

    // Markers across everything: violations and where two runs part.
    const top = strip.y;
    const bottom = this.height - 22;
    this.model.violations.forEach((v, n) => {
      if (v.t < t0 || v.t > t1) return;
      const vx = x(v.t);
      p.line(vx, top, vx, bottom, COLORS.violation, 1.5, { dash: [5, 3], testid: 'violation-marker', data: { index: String(v.eventIndex) }, title: `${v.checker}: ${v.message}` });
      p.polygon([vx - 6, top - 2, vx + 6, top - 2, vx, top + 9], COLORS.violation, { title: `violation ${n + 1}: ${v.checker}` });
    });
    if (this.state.diffIndex !== null) {
      const e = this.model.events[this.state.diffIndex] ?? this.state.diffModel?.events[this.state.diffIndex];
      if (e && e.t >= t0 && e.t <= t1) {
        const dx = x(e.t);
        p.line(dx, top, dx, bottom, '#7c3aed', 2, { dash: [2, 2], testid: 'diff-marker', title: 'first event where the runs differ' });
        p.text(dx + 4, this.section('divergence').y + 12, 'runs part here', { color: '#7c3aed', size: 11, weight: 'bold' });
      }
    }
  }

  /** What stays put while the content pans: names, chart titles and frames, sticky phase labels, the playhead. */
  private drawFixed(p: Painter, laneY: (lane: number) => number): void {
    const x = this.x;
    const [t0, t1] = x.domain() as [number, number];
    const left = M.left;
    const right = this.width - M.right;
    const { lanes } = this.model;
    const strip = this.section('strip');
    // Axis labels stay whole at the plot's edges (the grid lines themselves are content).
    const step = tickStep(t0, t1, Math.max(2, Math.floor((right - left) / 110)));
    for (let k = Math.ceil(t0 / step); k * step <= t1; k++) {
      const px = x(k * step);
      if (px < left - 0.5 || px > right + 0.5) continue;
      const label = formatTime(k * step);
      p.text(px, 18, label, { color: COLORS.muted, size: 11, anchor: 'middle' });
      p.text(px, this.height - 6, label, { color: COLORS.muted, size: 11, anchor: 'middle' });
    }
    for (const band of lanes.phases) {
      if (band.to < t0 || band.from > t1) continue;
      const x1 = Math.max(left, x(band.from));
      const x2 = Math.min(right, x(band.to));
      if (x2 - x1 > 70) p.text(x1 + 4, strip.y + strip.h / 2, `${band.label} phase`, { size: 10, baseline: 'middle', color: COLORS.text });
    }
    p.text(left - 8, strip.y + strip.h / 2, 'phase', { anchor: 'end', baseline: 'middle', size: 11, color: COLORS.muted });
    p.text(left - 8, laneY(0), 'server', { anchor: 'end', baseline: 'middle', size: 12, weight: 'bold', color: COLORS.text });
    lanes.devices.forEach((device, k) => {
      const y = laneY(k + 1);
      p.rect(6, y - 5, 10, 10, DEVICE_COLORS[k % DEVICE_COLORS.length]!);
      p.text(left - 8, y, `device ${device}`, { anchor: 'end', baseline: 'middle', size: 12, weight: 'bold', color: COLORS.text });
    });
    this.chartFrame(p, this.section('outbox'), 'outbox depth (ops waiting to be pushed)', this.ranges.outbox);
    if (this.divergencePending) {
      const s = this.section('divergence');
      this.chartFrame(p, s, 'divergence from the final state (records that differ)', '…');
      p.text(left + 8, s.y + s.h / 2, 'computing divergence…', { size: 11, baseline: 'middle', color: COLORS.muted, testid: 'divergence-pending' });
    } else {
      this.chartFrame(p, this.section('divergence'), 'divergence from the final state (records that differ)', this.ranges.divergence);
      this.convergenceLabel(p, this.section('divergence'), this.model, 'convergence-label');
    }
    if (this.state.diffModel) {
      this.chartFrame(p, this.section('divergence-b'), `run B divergence: ${this.state.diffModel.source}`, this.divergenceMaxOf(this.state.diffModel));
      this.convergenceLabel(p, this.section('divergence-b'), this.state.diffModel, 'convergence-label-b');
    }
    this.chartFrame(p, this.section('clock'), 'clock skew (device clock − true time, ms)', this.ranges.skew, -this.ranges.skew);

    const ph = this.model.events[this.state.playheadIndex];
    if (ph && ph.t >= t0 && ph.t <= t1) {
      const px = x(ph.t);
      p.line(px, strip.y - 6, px, this.height - 22, COLORS.playhead, 1.5, { testid: 'playhead', data: { index: String(this.state.playheadIndex) } });
      p.rect(px - 34, 0, 68, 15, COLORS.playhead);
      p.text(px, 11, formatTime(ph.t), { color: '#fff', size: 10, anchor: 'middle', weight: 'bold' });
    }
  }

  private chartBackground(p: Painter, s: Section, x1: number, x2: number): void {
    p.rect(x1, s.y, x2 - x1, s.h, '#fcfcfd');
  }

  private chartFrame(p: Painter, s: Section, label: string, max: number | string, min = 0): void {
    const left = M.left;
    const right = this.width - M.right;
    p.rect(left, s.y, right - left, s.h, 'none', { stroke: '#e5e7eb' });
    p.text(left, s.y - 8, label, { size: 12, weight: 'bold', color: COLORS.text });
    p.text(left - 8, s.y + 8, String(max), { anchor: 'end', size: 10, color: COLORS.muted });
    p.text(left - 8, s.y + s.h, String(min), { anchor: 'end', size: 10, color: COLORS.muted });
  }

  private drawDivergence(p: Painter, x: ScaleLinear<number, number>, s: Section, model: VizModel, color: (d: string) => string, x1: number, x2: number): void {
    if (model === this.model && this.divergencePending) {
      this.chartBackground(p, s, x1, x2);
      return;
    }
    const d = model.divergence;
    const max = model === this.model ? this.ranges.divergence : this.divergenceMaxOf(model);
    this.chartBackground(p, s, x1, x2);
    const y = scaleLinear().domain([0, max]).range([s.y + s.h, s.y + 6]);
    for (const [device, points] of d.series) {
      this.stepLine(p, x, points, y, color(device), { testid: s.name === 'divergence' ? 'divergence-line' : 'divergence-line-b', data: { device, final: String(points.at(-1)?.value ?? 0) } }, true, model.lanes.end);
    }
    const [t0, t1] = this.cull;
    if (d.convergedAt !== null && d.convergedAt >= t0 && d.convergedAt <= t1) {
      p.line(x(d.convergedAt), s.y - 4, x(d.convergedAt), s.y + s.h, COLORS.converged, 2, { testid: s.name === 'divergence' ? 'convergence-marker' : 'convergence-marker-b', data: { t: String(d.convergedAt) } });
    }
  }

  private divergenceMax: { model: VizModel; max: number } | null = null;
  private divergenceMaxOf(model: VizModel): number {
    if (this.divergenceMax?.model !== model) {
      let max = 1;
      for (const points of model.divergence.series.values()) for (const q of points) max = Math.max(max, q.value);
      this.divergenceMax = { model, max };
    }
    return this.divergenceMax.max;
  }

  private convergenceLabel(p: Painter, s: Section, model: VizModel, testid: string): void {
    const d = model.divergence;
    if (d.convergedAt !== null) {
      const after = d.healAt !== null && d.convergedAt <= d.healAt ? ' · before faults healed' : d.timeToConverge === null ? '' : ` · time to converge ${formatTime(d.timeToConverge)} after ${d.healAt === null ? 'start' : 'heal'}`;
      p.text(this.width - M.right, s.y - 8, `converged at ${formatTime(d.convergedAt)}${after}`, { anchor: 'end', size: 11, color: COLORS.converged, weight: 'bold', testid });
    } else {
      p.text(this.width - M.right, s.y - 8, 'did NOT converge', { anchor: 'end', size: 11, color: COLORS.violation, weight: 'bold', testid });
    }
  }

  /** Step (or, per pixel, min/max) line of a series; extends the last value to `end`. */
  private stepLine(p: Painter, x: ScaleLinear<number, number>, points: readonly StepPoint[], y: ScaleLinear<number, number>, stroke: string, o: { testid: string; data: Record<string, string> }, step: boolean, end = this.model.lanes.end): void {
    if (points.length === 0) return;
    const [t0, t1] = this.cull;
    let lo = 0;
    let hi = points.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (points[mid]!.t <= t0) lo = mid;
      else hi = mid - 1;
    }
    if (p.kind === 'canvas') {
      this.stepRuns(p, x, points, lo, y, stroke, end);
      return;
    }
    const width = this.width;
    const flat: number[] = [];
    let visible = 0;
    for (let k = lo; k < points.length && points[k]!.t <= t1; k++) visible++;
    if (visible > width * 2) {
      // Per-pixel min/max: the shape of a dense series without one vertex per point.
      let col = -1;
      let mn = 0;
      let mx = 0;
      for (let k = lo; k < points.length && points[k]!.t <= t1; k++) {
        const c = Math.floor(x(points[k]!.t));
        const v = points[k]!.value;
        if (c !== col) {
          if (col >= 0) flat.push(col, y(mx), col, y(mn));
          col = c;
          mn = mx = v;
        } else {
          mn = Math.min(mn, v);
          mx = Math.max(mx, v);
        }
      }
      if (col >= 0) flat.push(col, y(mx), col, y(mn));
    } else {
      let prevY: number | null = null;
      for (let k = lo; k < points.length && points[k]!.t <= t1; k++) {
        const px = Math.max(M.left, x(points[k]!.t));
        const py = y(points[k]!.value);
        if (step && prevY !== null) flat.push(px, prevY);
        flat.push(px, py);
        prevY = py;
      }
      const lastY = prevY ?? y(points[lo]!.value);
      flat.push(Math.min(this.width - M.right, x(Math.min(end, t1))), lastY);
    }
    p.polyline(flat, stroke, 2, o);
  }

  /**
   * A step series on canvas as axis-aligned rectangles: one per pixel column where the value changes
   * (spanning what it took there) and one per flat run between. Stroking long zig-zag polylines is
   * what a software-rendered canvas is slowest at; filled rectangles are what it is fastest at.
   */
  private stepRuns(p: Painter, x: ScaleLinear<number, number>, points: readonly StepPoint[], lo: number, y: ScaleLinear<number, number>, color: string, end: number): void {
    const [d0, d1] = x.domain() as [number, number];
    const [r0, r1] = x.range() as [number, number];
    const [, t1, xa, xb] = this.cull;
    const slope = (r1 - r0) / (d1 - d0);
    // Both scales inlined: this loop runs once per point of every series.
    const [v0, v1] = y.domain() as [number, number];
    const [y0, y1] = y.range() as [number, number];
    const ySlope = (y1 - y0) / (v1 - v0 || 1);
    const yOf = (v: number) => y0 + (v - v0) * ySlope;
    const left = Math.max(M.left, xa - 2);
    const right = Math.min(this.width - M.right, xb + 2);
    if (points[lo]!.t > t1) return;
    const column = (t: number) => Math.max(left, Math.min(right, Math.floor(r0 + (t - d0) * slope)));
    // x, y, w, h of every rectangle, filled as one path in one call.
    const boxes: number[] = [];
    let value = points[lo]!.value;
    let col = column(points[lo]!.t);
    let mn = value;
    let mx = value;
    const flushColumn = () => {
      const top = yOf(mx) - 1;
      boxes.push(col, top, 1, yOf(mn) + 1 - top);
    };
    for (let k = lo + 1; k < points.length && points[k]!.t <= t1; k++) {
      const c = column(points[k]!.t);
      const v = points[k]!.value;
      if (c !== col) {
        flushColumn();
        if (c > col + 1) boxes.push(col + 1, yOf(value) - 1, c - col - 1, 2);
        col = c;
        mn = mx = value;
      }
      value = v;
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
    flushColumn();
    const last = column(Math.min(end, t1));
    if (last > col) boxes.push(col + 1, yOf(value) - 1, last - col, 2);
    if (p instanceof CanvasPainter) p.fillRects(boxes, color);
    else for (let k = 0; k < boxes.length; k += 4) p.rect(boxes[k]!, boxes[k + 1]!, boxes[k + 2]!, boxes[k + 3]!, color);
  }

  /** Whether `count` marks across the whole view are too many to draw one by one. */
  private dense(p: Painter, count: number): boolean {
    const plot = this.width - M.left - M.right;
    return count > plot * 1.5 || (p.kind === 'canvas' && count > 1500);
  }

  private drawArrows(p: Painter, x: ScaleLinear<number, number>, laneY: (lane: number) => number, t0: number, t1: number): void {
    const n = this.aSend.length;
    const [v0, v1] = x.domain() as [number, number];
    // Detail or density is decided on the whole view, so every strip of a pan draws the same way.
    if (this.dense(p, lowerBound(this.aSend, v1 + 1e-9) - lowerBound(this.aSend, v0))) {
      this.drawArrowDensity(p, x, laneY, lowerBound(this.aSend, t0), lowerBound(this.aSend, t1 + 1e-9));
      return;
    }
    // First arrow that can still be in flight at t0.
    const lo = lowerBound(this.aSend, t0 - this.maxFlight);
    let end = lo;
    while (end < n && this.aSend[end]! <= t1) end++;
    for (let k = lo; k < end; k++) {
      const tEnd = this.aEnd[k]!;
      if (tEnd < t0) continue;
      const fate = this.aFate[k]!;
      const copy = this.aCopy[k] === 1;
      const x1 = x(this.aSend[k]!);
      const y1 = laneY(this.aFrom[k]!);
      const yTo = laneY(this.aTo[k]!);
      const x2 = x(tEnd);
      const y2 = fate === 0 ? yTo + (yTo > y1 ? -5 : 5) : y1 + (yTo - y1) * 0.55;
      const stroke = copy ? COLORS.copy : fate === 0 ? COLORS.delivered : fate === 1 ? COLORS.dropped : COLORS.queued;
      const fateName = fate === 0 ? 'delivered' : fate === 1 ? 'dropped' : 'queued';
      const id = this.aId[k]!;
      const o = { testid: copy ? 'arrow-copy' : 'arrow', data: { fate: fateName, msg: id }, title: `${id} ${fateName}${copy ? ' (duplicate copy)' : ''}`, ...(copy || fate === 2 ? { dash: DASH_COPY } : {}) };
      p.line(x1, y1, x2, y2, stroke, copy ? 1.3 : 1.4, o);
      if (fate === 0) arrowHead(p, x1, y1, x2, y2, stroke);
      else if (fate === 1) cross(p, x2, y2, 5, COLORS.dropped, 2.5, { testid: 'drop-mark', data: { msg: id }, title: `${id} dropped` });
      else p.circle(x2, y2, 3.5, '#fff', { stroke: COLORS.queued, strokeWidth: 2, testid: 'queued-mark', data: { msg: id } });
    }
  }

  /** Message density per pixel column and lane: delivered above the lane line, lost as red ticks on it. */
  private drawArrowDensity(p: Painter, x: ScaleLinear<number, number>, laneY: (lane: number) => number, lo: number, end: number): void {
    const lanes = this.model.lanes.devices.length + 1;
    const cols = Math.ceil(this.width);
    const size = lanes * cols * 2;
    if (this.bucket.length < size) this.bucket = new Uint32Array(size);
    const bucket = this.bucket;
    bucket.fill(0, 0, size);
    const [, , xa, xb] = this.cull;
    const left = Math.max(M.left, Math.floor(xa) - 1);
    const right = Math.min(this.width - M.right, Math.ceil(xb) + 1);
    // The scale inlined: d3's scale call per message is the hot loop of a dense frame.
    const [d0, d1] = x.domain() as [number, number];
    const [r0, r1] = x.range() as [number, number];
    const slope = (r1 - r0) / (d1 - d0);
    for (let k = lo; k < end; k++) {
      const c = Math.floor(r0 + (this.aSend[k]! - d0) * slope);
      if (c < left || c > right) continue;
      const lane = this.aFrom[k]!;
      bucket[(lane * cols + c) * 2 + (this.aFate[k] === 1 ? 1 : 0)]!++;
    }
    const level = (n: number, base: number, per: number) => (n === 0 ? 0 : Math.min(8, Math.round((base + Math.log2(n + 1) / per) * 8)));
    const SLOTS = [
      { slot: 0, base: 0.2, per: 6, h: 12, color: COLORS.delivered },
      { slot: 1, base: 0.4, per: 4, h: 6, color: COLORS.dropped },
    ] as const;
    // One row of quantised levels (0..8) per lane and slot.
    const rows: { y: number; h: number; color: string }[] = [];
    const levels = new Uint8Array(lanes * SLOTS.length * cols);
    for (let lane = 0; lane < lanes; lane++) {
      const y = laneY(lane);
      for (const { slot, base, per, h, color } of SLOTS) {
        const row = rows.length;
        rows.push({ y: slot === 1 ? y - 3 : lane === 0 ? y : y - 12, h, color });
        for (let c = left; c <= right; c++) levels[row * cols + c] = level(bucket[(lane * cols + c) * 2 + slot]!, base, per);
      }
    }
    if (p instanceof CanvasPainter) {
      p.levels(rows, levels, cols, left, right + 1);
      return;
    }
    // Runs of columns with the same level become one rectangle: far fewer marks.
    rows.forEach(({ y, h, color }, row) => {
      let runStart = left;
      let runLevel = 0;
      for (let c = left; c <= right + 1; c++) {
        const l = c > right ? -1 : levels[row * cols + c]!;
        if (l === runLevel) continue;
        if (runLevel > 0) p.rect(runStart, y, c - runStart, h, color, { opacity: runLevel / 8 });
        runStart = c;
        runLevel = l;
      }
    });
  }

  private drawWrites(p: Painter, x: ScaleLinear<number, number>, laneY: (lane: number) => number, t0: number, t1: number): void {
    const times = this.writeTimes;
    const lo = lowerBound(times, t0);
    const end = lowerBound(times, t1 + 1e-9);
    const writes = this.model.lanes.writes;
    const devices = this.model.lanes.devices;
    const [v0, v1] = x.domain() as [number, number];
    if (this.dense(p, lowerBound(times, v1 + 1e-9) - lowerBound(times, v0))) {
      // One tick per pixel column that has writes, merged into runs per lane.
      const [d0, d1] = x.domain() as [number, number];
      const [r0, r1] = x.range() as [number, number];
      const slope = (r1 - r0) / (d1 - d0);
      const lanes = devices.length + 1;
      const cols = Math.ceil(this.width) + 2;
      const marks = new Uint8Array(lanes * cols);
      for (let k = lo; k < end; k++) {
        const c = Math.floor(r0 + (times[k]! - d0) * slope);
        if (c >= 0 && c < cols) marks[this.writeLane[k]! * cols + c] = 1;
      }
      for (let lane = 1; lane < lanes; lane++) {
        const color = DEVICE_COLORS[(lane - 1) % DEVICE_COLORS.length]!;
        const y = laneY(lane) + 8;
        let runStart = -1;
        for (let c = 0; c <= cols; c++) {
          const on = c < cols && marks[lane * cols + c] === 1;
          if (on && runStart === -1) runStart = c;
          else if (!on && runStart !== -1) {
            p.rect(runStart, y, c - runStart, 8, color);
            runStart = -1;
          }
        }
      }
      return;
    }
    for (let k = lo; k < end; k++) {
      const w = writes[k]!;
      const lane = this.laneOf.get(w.device) ?? 0;
      const cx = x(w.t);
      const cy = laneY(lane) + 12;
      const fill = DEVICE_COLORS[Math.max(0, devices.indexOf(w.device)) % DEVICE_COLORS.length]!;
      const o = { testid: 'write', data: { device: w.device, op: w.op, record: w.recordId }, title: `${w.device} ${w.op} ${w.recordId} at ${formatTime(w.t)}${w.ok ? '' : ' (FAILED)'}`, stroke: w.ok ? '#fff' : COLORS.violation, strokeWidth: w.ok ? 1 : 2 };
      if (w.op === 'create') p.circle(cx, cy, 5, fill, o);
      else if (w.op === 'edit') p.polygon([cx, cy - 6, cx + 6, cy, cx, cy + 6, cx - 6, cy], fill, o);
      else {
        p.rect(cx - 5, cy - 5, 10, 10, '#fff', { ...o, stroke: fill, strokeWidth: 2 });
        cross(p, cx, cy, 3, fill, 2);
      }
    }
  }
}

/** The first index whose value is >= v in an ascending array. */
function lowerBound(values: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function arrowHead(p: Painter, x1: number, y1: number, x2: number, y2: number, fill: string): void {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const size = 6;
  p.polygon(
    [x2, y2, x2 - size * Math.cos(angle - 0.45), y2 - size * Math.sin(angle - 0.45), x2 - size * Math.cos(angle + 0.45), y2 - size * Math.sin(angle + 0.45)],
    fill,
  );
}

function cross(p: Painter, cx: number, cy: number, r: number, stroke: string, width: number, o?: { testid?: string; data?: Record<string, string>; title?: string }): void {
  p.line(cx - r, cy - r, cx + r, cy + r, stroke, width, o);
  p.line(cx - r, cy + r, cx + r, cy - r, stroke, width);
}
