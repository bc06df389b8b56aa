/** The timeline's look: colours (shared with the legend and side panels) and the fixed geometry. */
import type { Fate } from '../model/arrows.ts';

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
  /** A schedule event that could not take effect, a lifecycle event refused. */
  skip: '#d97706',
  /** A write stamped too far ahead of true time (the future-stamp hazard). */
  futureStamp: '#be185d',
  grid: '#eceef2',
  text: '#374151',
  muted: '#6b7280',
};
/** Lane marks (token, refused, client timeout, remote action, targeted fault). */
export const MARK_COLORS = {
  'token-expired': '#b45309',
  'token-renewed': '#15803d',
  refused: '#be123c',
  'request-fail': '#9333ea',
  'remote-action': '#0369a1',
  targeted: '#db2777',
} as const;
export const FATE_CODE: Record<Fate, number> = { delivered: 0, dropped: 1, queued: 2 };
export const PHASE_COLORS: Record<string, string> = { fault: '#fde2e1', heal: '#dbeafe', quiescence: '#dcfce7' };
export const DASH_COPY: readonly number[] = [4, 3];
/** Canvas crash spans share one options object: no per-mark allocation in a dense frame. */
export const CRASHED = { opacity: 0.9 };

/** Plot margins: lane names on the left, a little air on the right. */
export const M = { left: 104, right: 28 };
export const LANE_H = 42;
export const SERVER_H = 30;
/** A device lane's server rail: this far below the lane's top edge (its messages run between it and the centre line). */
export const RAIL_INSET = 5;

/** Device colour by its position among the run's devices. */
export function deviceColor(devices: readonly string[], device: string): string {
  return DEVICE_COLORS[Math.max(0, devices.indexOf(device)) % DEVICE_COLORS.length]!;
}
