/**
 * Local writes on the device lanes: create ●, edit ◆, delete ☒ in the device's colour, a red outline
 * when the save failed. `writeLayer(model, laneOf)` keeps the write times as a sorted column for
 * culling; when too many are in view, each lane gets one tick per pixel column that has writes.
 */
import { formatTime, type VizModel } from '../../model/model.ts';
import { cross, dense, lowerBound, type ContentFrame } from '../../draw/frame.ts';
import { COLORS, DEVICE_COLORS, deviceColor } from '../../draw/theme.ts';

export interface WriteLayer {
  draw(f: ContentFrame): void;
}

export function writeLayer(model: VizModel, laneOf: ReadonlyMap<string, number>): WriteLayer {
  const writes = model.lanes.writes;
  const devices = model.lanes.devices;
  const times = Float64Array.from(writes, (w) => w.t);
  const writeLane = Uint8Array.from(writes, (w) => laneOf.get(w.device) ?? 0);

  function ticks(f: ContentFrame, lo: number, end: number): void {
    const { p, x } = f;
    const { laneY } = f.layout;
    const [d0, d1] = x.domain() as [number, number];
    const [r0, r1] = x.range() as [number, number];
    const slope = (r1 - r0) / (d1 - d0);
    const lanes = devices.length + 1;
    const cols = Math.ceil(f.width) + 2;
    const marks = new Uint8Array(lanes * cols);
    for (let k = lo; k < end; k++) {
      const c = Math.floor(r0 + (times[k]! - d0) * slope);
      if (c >= 0 && c < cols) marks[writeLane[k]! * cols + c] = 1;
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
  }

  function marks(f: ContentFrame, lo: number, end: number): void {
    const { p, x } = f;
    const { laneY } = f.layout;
    for (let k = lo; k < end; k++) {
      const w = writes[k]!;
      const lane = laneOf.get(w.device) ?? 0;
      const cx = x(w.t);
      const cy = laneY(lane) + 12;
      const fill = deviceColor(devices, w.device);
      const o = { testid: 'write', data: { device: w.device, op: w.op, record: w.recordId }, title: `${w.device} ${w.op} ${w.recordId} at ${formatTime(w.t)}${w.ok ? '' : ' (FAILED)'}`, stroke: w.ok ? '#fff' : COLORS.violation, strokeWidth: w.ok ? 1 : 2 };
      if (w.op === 'create') p.circle(cx, cy, 5, fill, o);
      else if (w.op === 'edit') p.polygon([cx, cy - 6, cx + 6, cy, cx, cy + 6, cx - 6, cy], fill, o);
      else {
        p.rect(cx - 5, cy - 5, 10, 10, '#fff', { ...o, stroke: fill, strokeWidth: 2 });
        cross(p, cx, cy, 3, fill, 2);
      }
    }
  }

  return {
    draw(f) {
      const lo = lowerBound(times, f.t0);
      const end = lowerBound(times, f.t1 + 1e-9);
      const [v0, v1] = f.x.domain() as [number, number];
      // Decided on the whole view, so every strip of a pan draws the same way.
      if (dense(f, lowerBound(times, v1 + 1e-9) - lowerBound(times, v0))) ticks(f, lo, end);
      else marks(f, lo, end);
    },
  };
}
