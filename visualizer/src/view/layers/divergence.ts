/**
 * The divergence chart: per device, how many records differ from the final state, the convergence
 * marker and a label with the time to converge. The same chart draws a compared run (run B) in its
 * own section. Divergence is the costliest part of the model, so a big trace's chart can start
 * pending (`deferred`) and be filled in by `show()` once the first frame has painted.
 */
import { scaleLinear } from 'd3';
import { formatTime, type VizModel } from '../../model/model.ts';
import { clampX, type ContentFrame, type Frame } from '../../draw/frame.ts';
import { COLORS, M, deviceColor } from '../../draw/theme.ts';
import { chartBackground, chartFrame, maxOf, stepLine } from './series.ts';

const TITLE = 'divergence from the final state (records that differ)';

export interface DivergenceLayer {
  /** Derives the run's divergence range and ends the pending state; false if it was not pending. */
  show(): boolean;
  /** The run's chart and, when comparing, run B's (in its own section, coloured by this run's devices). */
  draw(f: ContentFrame, other: VizModel | null): void;
  drawFrame(f: Frame, other: VizModel | null): void;
}

export function divergenceChart(model: VizModel, options: { deferred: boolean }): DivergenceLayer {
  let pending = options.deferred;
  let max = pending ? 1 : maxOf(model.divergence.series.values());
  let otherMax: { model: VizModel; max: number } | null = null;
  const maxFor = (m: VizModel): number => {
    if (m === model) return max;
    if (otherMax?.model !== m) otherMax = { model: m, max: maxOf(m.divergence.series.values()) };
    return otherMax.max;
  };
  const devices = model.lanes.devices;

  function chart(f: ContentFrame, name: 'divergence' | 'divergence-b', m: VizModel): void {
    const s = f.layout.section(name);
    const bx1 = clampX(f, M.left);
    const bx2 = clampX(f, f.width - M.right);
    if (m === model && pending) {
      chartBackground(f, s, bx1, bx2);
      return;
    }
    const d = m.divergence;
    const top = maxFor(m);
    chartBackground(f, s, bx1, bx2);
    const y = scaleLinear().domain([0, top]).range([s.y + s.h, s.y + 6]);
    for (const [device, points] of d.series) {
      stepLine(f, points, y, deviceColor(devices, device), { testid: name === 'divergence' ? 'divergence-line' : 'divergence-line-b', data: { device, final: String(points.at(-1)?.value ?? 0) } }, true, m.lanes.end);
    }
    const { p, x, t0, t1 } = f;
    if (d.convergedAt !== null && d.convergedAt >= t0 && d.convergedAt <= t1) {
      p.line(x(d.convergedAt), s.y - 4, x(d.convergedAt), s.y + s.h, COLORS.converged, 2, { testid: name === 'divergence' ? 'convergence-marker' : 'convergence-marker-b', data: { t: String(d.convergedAt) } });
    }
  }

  function convergenceLabel(f: Frame, name: string, m: VizModel, testid: string): void {
    const s = f.layout.section(name);
    const d = m.divergence;
    const right = f.width - M.right;
    if (d.convergedAt !== null) {
      const after = d.healAt !== null && d.convergedAt <= d.healAt ? ' · before faults healed' : d.timeToConverge === null ? '' : ` · time to converge ${formatTime(d.timeToConverge)} after ${d.healAt === null ? 'start' : 'heal'}`;
      f.p.text(right, s.y - 8, `converged at ${formatTime(d.convergedAt)}${after}`, { anchor: 'end', size: 11, color: COLORS.converged, weight: 'bold', testid });
    } else {
      f.p.text(right, s.y - 8, 'did NOT converge', { anchor: 'end', size: 11, color: COLORS.violation, weight: 'bold', testid });
    }
  }

  return {
    show() {
      if (!pending) return false;
      pending = false;
      max = maxOf(model.divergence.series.values());
      return true;
    },
    draw(f, other) {
      chart(f, 'divergence', model);
      if (other) chart(f, 'divergence-b', other);
    },
    drawFrame(f, other) {
      const s = f.layout.section('divergence');
      if (pending) {
        chartFrame(f, s, TITLE, '…');
        f.p.text(M.left + 8, s.y + s.h / 2, 'computing divergence…', { size: 11, baseline: 'middle', color: COLORS.muted, testid: 'divergence-pending' });
      } else {
        chartFrame(f, s, TITLE, max);
        convergenceLabel(f, 'divergence', model, 'convergence-label');
      }
      if (other) {
        chartFrame(f, f.layout.section('divergence-b'), `run B divergence: ${other.source}`, maxFor(other));
        convergenceLabel(f, 'divergence-b', other, 'convergence-label-b');
      }
    },
  };
}
