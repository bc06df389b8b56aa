/**
 * The outbox-depth and clock-skew charts: one step line per device in its colour, the clock chart
 * with a zero line and a dot at every clock jump. Each chart's y range is fixed for the trace, so
 * the axes do not jump while panning.
 */
import { scaleLinear } from 'd3';
import type { VizModel } from '../../model/model.ts';
import { clampX, type ContentFrame, type Frame } from '../../draw/frame.ts';
import { M, deviceColor } from '../../draw/theme.ts';
import { chartBackground, chartFrame, maxOf, stepLine } from './series.ts';

export interface ChartLayer {
  /** The chart's content within the window. */
  draw(f: ContentFrame): void;
  /** Frame, title and y range: drawn over the content. */
  drawFrame(f: Frame): void;
}

export function outboxChart(model: VizModel): ChartLayer {
  const max = maxOf(model.outbox.values());
  const devices = model.lanes.devices;
  return {
    draw(f) {
      const s = f.layout.section('outbox');
      chartBackground(f, s, clampX(f, M.left), clampX(f, f.width - M.right));
      const y = scaleLinear().domain([0, max]).range([s.y + s.h, s.y + 4]);
      for (const [device, points] of model.outbox) stepLine(f, points, y, deviceColor(devices, device), { testid: 'outbox-line', data: { device } }, true, model.lanes.end);
    },
    drawFrame(f) {
      chartFrame(f, f.layout.section('outbox'), 'outbox depth (ops waiting to be pushed)', max);
    },
  };
}

export function clockChart(model: VizModel): ChartLayer {
  const { lanes } = model;
  const devices = lanes.devices;
  const series = new Map([...lanes.clock].map(([d, points]) => [d, points.map((q) => ({ t: q.t, value: q.offsetMs }))]));
  const skew = maxOf(series.values(), true);
  return {
    draw(f) {
      const { p, x, t0, t1 } = f;
      const s = f.layout.section('clock');
      const bx1 = clampX(f, M.left);
      const bx2 = clampX(f, f.width - M.right);
      chartBackground(f, s, bx1, bx2);
      const y = scaleLinear().domain([-skew, skew]).range([s.y + s.h, s.y + 4]);
      p.line(bx1, y(0), bx2, y(0), '#c7cbd3', 1, { dash: [3, 3] });
      for (const [device, points] of series) {
        const color = deviceColor(devices, device);
        stepLine(f, points, y, color, { testid: 'clock-line', data: { device } }, true, lanes.end);
        for (const q of lanes.clock.get(device) ?? []) if (q.jump && q.t >= t0 && q.t <= t1) p.circle(x(q.t), y(q.offsetMs), 4, color, { stroke: '#fff', title: `${device} clock jump to ${q.offsetMs} ms` });
      }
    },
    drawFrame(f) {
      chartFrame(f, f.layout.section('clock'), 'clock skew (device clock − true time, ms)', skew, -skew);
    },
  };
}
