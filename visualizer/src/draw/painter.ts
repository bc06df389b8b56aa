/**
 * One drawing vocabulary, two backends: SVG for small traces (every mark is an element a test can
 * find by data-testid) and canvas for large ones (one bitmap, redrawn per frame). Text always goes in
 * as text (textContent / fillText), never parsed as markup.
 */
export interface MarkOptions {
  testid?: string;
  data?: Record<string, string>;
  /** Tooltip text. */
  title?: string;
  dash?: readonly number[];
  opacity?: number;
  stroke?: string;
  strokeWidth?: number;
}

export interface TextOptions extends MarkOptions {
  color?: string;
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'normal' | 'bold';
  baseline?: 'middle' | 'alphabetic' | 'hanging';
}

export interface Painter {
  readonly kind: 'svg' | 'canvas';
  begin(width: number, height: number): void;
  end(): void;
  rect(x: number, y: number, w: number, h: number, fill: string, o?: MarkOptions): void;
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, o?: MarkOptions): void;
  polyline(points: readonly number[], stroke: string, width: number, o?: MarkOptions): void;
  polygon(points: readonly number[], fill: string, o?: MarkOptions): void;
  circle(cx: number, cy: number, r: number, fill: string, o?: MarkOptions): void;
  text(x: number, y: number, text: string, o?: TextOptions): void;
}

const NS = 'http://www.w3.org/2000/svg';
const NO_DASH: readonly number[] = [];

export class SvgPainter implements Painter {
  readonly kind = 'svg' as const;
  private fragment: DocumentFragment = document.createDocumentFragment();
  constructor(readonly svg: SVGSVGElement) {}

  begin(width: number, height: number): void {
    this.svg.setAttribute('width', String(width));
    this.svg.setAttribute('height', String(height));
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.fragment = document.createDocumentFragment();
  }

  end(): void {
    this.svg.replaceChildren(this.fragment);
  }

  private add(tag: string, attrs: Record<string, string | number>, o: MarkOptions | undefined): SVGElement {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (o?.testid) el.setAttribute('data-testid', o.testid);
    if (o?.data) for (const [k, v] of Object.entries(o.data)) el.setAttribute(`data-${k}`, v);
    if (o?.dash) el.setAttribute('stroke-dasharray', o.dash.join(' '));
    if (o?.opacity !== undefined) el.setAttribute('opacity', String(o.opacity));
    if (o?.title) {
      const title = document.createElementNS(NS, 'title');
      title.textContent = o.title;
      el.append(title);
    }
    this.fragment.append(el);
    return el;
  }

  rect(x: number, y: number, w: number, h: number, fill: string, o?: MarkOptions): void {
    const attrs: Record<string, string | number> = { x: r(x), y: r(y), width: r(Math.max(0, w)), height: r(Math.max(0, h)), fill };
    if (o?.stroke) Object.assign(attrs, { stroke: o.stroke, 'stroke-width': o.strokeWidth ?? 1 });
    this.add('rect', attrs, o);
  }
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, o?: MarkOptions): void {
    this.add('line', { x1: r(x1), y1: r(y1), x2: r(x2), y2: r(y2), stroke, 'stroke-width': width }, o);
  }
  polyline(points: readonly number[], stroke: string, width: number, o?: MarkOptions): void {
    this.add('polyline', { points: pairs(points), stroke, 'stroke-width': width, fill: 'none', 'stroke-linejoin': 'round' }, o);
  }
  polygon(points: readonly number[], fill: string, o?: MarkOptions): void {
    const attrs: Record<string, string | number> = { points: pairs(points), fill };
    if (o?.stroke) Object.assign(attrs, { stroke: o.stroke, 'stroke-width': o.strokeWidth ?? 1 });
    this.add('polygon', attrs, o);
  }
  circle(cx: number, cy: number, radius: number, fill: string, o?: MarkOptions): void {
    const attrs: Record<string, string | number> = { cx: r(cx), cy: r(cy), r: radius, fill };
    if (o?.stroke) Object.assign(attrs, { stroke: o.stroke, 'stroke-width': o.strokeWidth ?? 1 });
    this.add('circle', attrs, o);
  }
  text(x: number, y: number, text: string, o?: TextOptions): void {
    const el = this.add(
      'text',
      {
        x: r(x), y: r(y), fill: o?.color ?? '#333', 'font-size': o?.size ?? 11, 'text-anchor': o?.anchor ?? 'start',
        'font-weight': o?.weight ?? 'normal', 'dominant-baseline': o?.baseline === 'hanging' ? 'hanging' : o?.baseline === 'middle' ? 'central' : 'auto',
      },
      { ...o, title: '' },
    );
    el.textContent = text;
  }
}

export class CanvasPainter implements Painter {
  readonly kind = 'canvas' as const;
  private ctx: CanvasRenderingContext2D;
  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('visualizer: this browser gives no 2D canvas context');
    this.ctx = ctx;
  }
  begin(width: number, height: number): void {
    const ratio = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    this.forget();
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.ctx.globalAlpha = this.alpha = 1;
    this.ctx.setLineDash([]);
    this.dash = NO_DASH;
    this.ctx.clearRect(0, 0, width, height);
  }
  end(): void {}

  /**
   * Copies `source` (a canvas of the same size) onto this one, moved right by dx CSS pixels; only
   * its columns [from, to) are copied.
   */
  blit(source: CanvasPainter, dx: number, from = 0, to = this.canvas.width): void {
    const r = window.devicePixelRatio || 1;
    const sx = Math.max(0, Math.round(from * r));
    const w = Math.min(source.canvas.width, Math.round(to * r)) - sx;
    if (w <= 0) return;
    this.ctx.save();
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.globalAlpha = 1;
    this.ctx.drawImage(source.canvas, sx, 0, w, source.canvas.height, sx + Math.round(dx * r), 0, w, source.canvas.height);
    this.ctx.restore();
    this.forget();
  }

  /** Many same-coloured rectangles (x, y, w, h in turn) as one path: one fill instead of one per rectangle. */
  fillRects(boxes: readonly number[], fill: string): void {
    if (boxes.length < 4) return;
    this.style(undefined);
    this.setFill(fill);
    this.ctx.beginPath();
    for (let k = 0; k + 3 < boxes.length; k += 4) this.ctx.rect(boxes[k]!, boxes[k + 1]!, boxes[k + 2]!, boxes[k + 3]!);
    this.ctx.fill();
  }

  private scratch: { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } | null = null;

  /**
   * Rows of per-column levels (0..8: the colour at level/8 opacity), each drawn as a bar of height h
   * at y over columns [from, to). A dense frame has thousands of such runs; as pixels in one image,
   * scaled to the bars' heights, they cost a dozen canvas calls instead of a rectangle per run.
   */
  levels(rows: readonly { y: number; h: number; color: string }[], levels: Uint8Array, cols: number, from: number, to: number): void {
    const width = to - from;
    if (width <= 0 || rows.length === 0) return;
    if (!this.scratch) {
      const canvas = document.createElement('canvas');
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('visualizer: this browser gives no 2D canvas context');
      this.scratch = { canvas, ctx };
    }
    const { canvas, ctx } = this.scratch;
    if (canvas.width < width || canvas.height < rows.length) {
      canvas.width = Math.max(canvas.width, width);
      canvas.height = Math.max(canvas.height, rows.length);
    }
    const image = ctx.createImageData(width, rows.length);
    const px = image.data;
    rows.forEach((row, r) => {
      const rgb = parseInt(row.color.slice(1), 16);
      const red = (rgb >> 16) & 255;
      const green = (rgb >> 8) & 255;
      const blue = rgb & 255;
      for (let c = 0; c < width; c++) {
        const level = levels[r * cols + from + c]!;
        if (level === 0) continue;
        const o = (r * width + c) * 4;
        px[o] = red;
        px[o + 1] = green;
        px[o + 2] = blue;
        px[o + 3] = Math.round((level / 8) * 255);
      }
    });
    ctx.putImageData(image, 0, 0);
    this.style(undefined);
    this.ctx.imageSmoothingEnabled = false;
    rows.forEach((row, r) => this.ctx.drawImage(canvas, 0, r, width, 1, from, row.y, width, row.h));
    this.ctx.imageSmoothingEnabled = true;
  }

  /** Restricts drawing to the columns [xa, xb) and clears them. */
  clip(xa: number, xb: number, height: number): void {
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(xa, 0, xb - xa, height);
    this.ctx.clip();
    this.ctx.clearRect(xa, 0, xb - xa, height);
  }

  unclip(): void {
    this.ctx.restore();
    this.forget();
    this.ctx.globalAlpha = this.alpha = 1;
    this.ctx.setLineDash([]);
    this.dash = NO_DASH;
  }

  // Canvas state changes cost more than the marks themselves on a software-rendered canvas, so
  // alpha and dash are set only when they change.
  private alpha = 1;
  private dash: readonly number[] = [];
  // Setting a colour or font makes the canvas parse a CSS string, even when it is the one already set:
  // dense frames draw thousands of same-coloured marks, so the last value set is remembered.
  private fill = '';
  private stroke = '';
  private font = '';
  private forget(): void {
    this.fill = this.stroke = this.font = '';
  }
  private setFill(color: string): void {
    if (color !== this.fill) this.ctx.fillStyle = this.fill = color;
  }
  private setStroke(color: string): void {
    if (color !== this.stroke) this.ctx.strokeStyle = this.stroke = color;
  }

  private style(o: MarkOptions | undefined): void {
    const alpha = o?.opacity ?? 1;
    if (alpha !== this.alpha) this.ctx.globalAlpha = this.alpha = alpha;
    const dash = o?.dash ?? NO_DASH;
    if (dash !== this.dash && (dash.length !== 0 || this.dash.length !== 0)) {
      this.ctx.setLineDash([...dash]);
      this.dash = dash;
    }
  }
  rect(x: number, y: number, w: number, h: number, fill: string, o?: MarkOptions): void {
    this.style(o);
    if (fill !== 'none') {
      this.setFill(fill);
      this.ctx.fillRect(x, y, w, h);
    }
    if (o?.stroke) {
      this.setStroke(o.stroke);
      this.ctx.lineWidth = o.strokeWidth ?? 1;
      this.ctx.strokeRect(x, y, w, h);
    }
  }
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width: number, o?: MarkOptions): void {
    this.style(o);
    this.setStroke(stroke);
    this.ctx.lineWidth = width;
    this.ctx.beginPath();
    this.ctx.moveTo(x1, y1);
    this.ctx.lineTo(x2, y2);
    this.ctx.stroke();
  }
  polyline(points: readonly number[], stroke: string, width: number, o?: MarkOptions): void {
    if (points.length < 4) return;
    this.style(o);
    this.setStroke(stroke);
    this.ctx.lineWidth = width;
    this.ctx.beginPath();
    this.ctx.moveTo(points[0]!, points[1]!);
    for (let k = 2; k < points.length; k += 2) this.ctx.lineTo(points[k]!, points[k + 1]!);
    this.ctx.stroke();
  }
  polygon(points: readonly number[], fill: string, o?: MarkOptions): void {
    this.style(o);
    this.setFill(fill);
    this.ctx.beginPath();
    this.ctx.moveTo(points[0]!, points[1]!);
    for (let k = 2; k < points.length; k += 2) this.ctx.lineTo(points[k]!, points[k + 1]!);
    this.ctx.closePath();
    this.ctx.fill();
    if (o?.stroke) {
      this.setStroke(o.stroke);
      this.ctx.lineWidth = o.strokeWidth ?? 1;
      this.ctx.stroke();
    }
  }
  circle(cx: number, cy: number, radius: number, fill: string, o?: MarkOptions): void {
    this.style(o);
    this.setFill(fill);
    this.ctx.beginPath();
    this.ctx.arc(cx, cy, radius, 0, Math.PI * 2);
    this.ctx.fill();
    if (o?.stroke) {
      this.setStroke(o.stroke);
      this.ctx.lineWidth = o.strokeWidth ?? 1;
      this.ctx.stroke();
    }
  }
  text(x: number, y: number, text: string, o?: TextOptions): void {
    this.style(o);
    this.setFill(o?.color ?? '#333');
    const font = `${o?.weight === 'bold' ? 'bold ' : ''}${o?.size ?? 11}px system-ui, sans-serif`;
    if (font !== this.font) this.ctx.font = this.font = font;
    this.ctx.textAlign = o?.anchor === 'middle' ? 'center' : o?.anchor === 'end' ? 'right' : 'left';
    this.ctx.textBaseline = o?.baseline === 'hanging' ? 'top' : o?.baseline === 'middle' ? 'middle' : 'alphabetic';
    this.ctx.fillText(text, x, y);
  }
}

const r = (v: number) => Math.round(v * 10) / 10;
function pairs(points: readonly number[]): string {
  let out = '';
  for (let k = 0; k < points.length; k += 2) out += `${r(points[k]!)},${r(points[k + 1]!)} `;
  return out;
}
