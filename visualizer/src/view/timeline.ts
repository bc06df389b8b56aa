/**
 * The time-axis views in one zoomable surface. This class owns what is shared — the x scale driven
 * by d3-zoom, the section layout, the frame loop and, on canvas, the panned bitmap cache — and draws
 * each frame by calling the layers in order (layers/: axis, strip, lanes, arrows, writes, charts,
 * divergence, markers), each a small function or factory: data in, marks out through the Painter.
 * Culling and per-pixel aggregation in the layers keep big traces (canvas) at frame rate.
 */
import { scaleLinear, select, zoom as d3zoom, zoomIdentity, type ScaleLinear, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { VizModel } from '../model/model.ts';
import { layoutTimeline, type ContentFrame, type Frame, type Layout } from '../draw/frame.ts';
import { arrowLayer, type ArrowLayer } from './layers/arrows.ts';
import { drawAxisLabels, drawGrid } from './layers/axis.ts';
import { clockChart, outboxChart, type ChartLayer } from './layers/charts.ts';
import { divergenceChart, type DivergenceLayer } from './layers/divergence.ts';
import { drawLaneLabels, drawLanes, laneNumbers } from './layers/lanes.ts';
import { drawLaneMarks } from './layers/marks.ts';
import { drawMarkers, drawPlayhead, type MarkerState } from './layers/markers.ts';
import { drawNotices } from './layers/notices.ts';
import { drawStrip, drawStripLabels } from './layers/strip.ts';
import { writeLayer, type WriteLayer } from './layers/writes.ts';
import { CanvasPainter, type Painter } from '../draw/painter.ts';
import { M } from '../draw/theme.ts';

export interface TimelineState extends MarkerState {
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
  private readonly laneOf: ReadonlyMap<string, number>;
  private readonly zoomBehavior: ZoomBehavior<Element, unknown>;
  private transform: ZoomTransform = zoomIdentity;
  private pending = 0;
  private readonly arrows: ArrowLayer;
  private readonly writes: WriteLayer;
  private readonly outbox: ChartLayer;
  private readonly clock: ChartLayer;
  private readonly divergence: DivergenceLayer;
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
    const { lanes } = model;
    this.laneOf = laneNumbers(lanes);
    this.arrows = arrowLayer(model, this.laneOf);
    this.writes = writeLayer(model, this.laneOf);
    this.outbox = outboxChart(model);
    // True until showDivergence(): big traces get their first frame before the divergence series is
    // derived (it is the costliest part of the model), and the chart fills in a frame later.
    this.divergence = divergenceChart(model, { deferred: options.deferDivergence === true });
    this.clock = clockChart(model);
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

  /**
   * Draws a frame. SVG: everything, every time. Canvas: the time-anchored content lives in an
   * offscreen bitmap; a pan shifts that bitmap and draws only the strip that came into view, then
   * the fixed overlay (labels, frames, playhead) goes on top. A zoom or resize redraws it whole.
   */
  draw(): void {
    this.frames++;
    const began = performance.now();
    const layout = layoutTimeline(this.model.lanes.devices.length, this.state.diffModel !== null);
    this.height = layout.height;
    const p = this.painter;
    if (p instanceof CanvasPainter) this.drawCanvas(p, layout);
    else {
      p.begin(this.width, this.height);
      this.drawContent(p, this.x, M.left - 40, this.width - M.right + 40, layout);
      this.drawFixed(p, layout);
      p.end();
    }
    this.drawMs += performance.now() - began;
  }

  /** Draws the divergence chart once the model's divergence can be read (see deferDivergence). */
  showDivergence(): void {
    if (!this.divergence.show()) return;
    this.invalidate();
    this.draw();
  }

  /** Forgets the cached content (a second run was loaded, markers changed). */
  invalidate(): void {
    this.cache = null;
  }

  private drawCanvas(main: CanvasPainter, layout: Layout): void {
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
      this.drawContent(main, this.x, left, right, layout);
      main.unclip();
      this.drawFixed(main, layout);
      return;
    }
    let cache = this.cache;
    let shift = cache ? Math.round((cache.origin - d0) * slope) : 0;
    const sameScale = cache !== null && Math.abs(cache.slope - slope) <= slope * 1e-9;
    if (!cache || cache.key !== key || !sameScale || Math.abs(shift) >= plot) {
      cache ??= { front: new CanvasPainter(document.createElement('canvas')), back: new CanvasPainter(document.createElement('canvas')), origin: d0, slope, key };
      Object.assign(cache, { origin: d0, slope, key });
      cache.front.begin(this.width, this.height);
      this.drawContent(cache.front, this.x, left, right, layout);
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
      this.drawContent(cache.front, xs, xa, xb, layout);
      cache.front.unclip();
    }
    main.begin(this.width, this.height);
    main.blit(cache.front, 0, left, right);
    this.drawFixed(main, layout);
  }

  /**
   * Everything anchored to a time, within pixels [xa, xb] (plus a margin, so marks straddling the
   * edge are drawn whole and the clip cuts them cleanly), layer by layer, back to front.
   */
  private drawContent(p: Painter, x: ScaleLinear<number, number>, xa: number, xb: number, layout: Layout): void {
    const PAD = 48;
    const f: ContentFrame = { p, x, width: this.width, height: this.height, layout, t0: x.invert(xa - PAD), t1: x.invert(xb + PAD), xa, xb };
    const { lanes } = this.model;
    drawGrid(f);
    drawStrip(f, lanes);
    drawLanes(f, lanes, this.laneOf);
    drawLaneMarks(f, this.model.marks, this.laneOf);
    this.arrows.draw(f);
    this.writes.draw(f);
    drawNotices(f, this.model, this.laneOf);
    this.outbox.draw(f);
    this.divergence.draw(f, this.state.diffModel);
    this.clock.draw(f);
    drawMarkers(f, this.model, this.state);
  }

  /** What stays put while the content pans: names, chart titles and frames, sticky phase labels, the playhead. */
  private drawFixed(p: Painter, layout: Layout): void {
    const f: Frame = { p, x: this.x, width: this.width, height: this.height, layout };
    const { lanes } = this.model;
    drawAxisLabels(f);
    drawStripLabels(f, lanes);
    drawLaneLabels(f, lanes);
    this.outbox.drawFrame(f);
    this.divergence.drawFrame(f, this.state.diffModel);
    this.clock.drawFrame(f);
    drawPlayhead(f, this.model, this.state.playheadIndex);
  }
}
