/**
 * Repeated measurements for `sync-lab bench`: warm-up runs first (JIT, caches), then every figure is
 * reported as the median, min and max of its runs, with the goal it is measured against beside it.
 * Wall-clock reads live here, at the edge, never in the deterministic code being measured.
 */
// @ts-nocheck

import { performance } from 'node:perf_hooks';

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** How a figure compares with its goal: `higher` is better (throughput) or `lower` is (times, ratios). */
export interface Figure extends Spread {
  unit: string;
  goal: number | null;
  better: 'higher' | 'lower';
  /** Whether the median meets the goal; null when there is no goal. */
  met: boolean | null;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError('bench: no measurements to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted[sorted.length - 1]!), runs: values.length };
}

export function figure(values: readonly number[], unit: string, goal: number | null, better: 'higher' | 'lower'): Figure {
  const s = spread(values);
  return { ...s, unit, goal, better, met: goal === null ? null : better === 'higher' ? s.median >= goal : s.median <= goal };
}

/** Three significant digits past the point for small values, whole numbers for large ones. */
export function round(value: number): number {
  if (Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times; the wall ms of each measured run and its result. */
export function timed<T>(warmup: number, runs: number, fn: () => T): { ms: number[]; results: T[] } {
  for (let i = 0; i < warmup; i++) fn();
  const ms: number[] = [];
  const results: T[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    results.push(fn());
    ms.push(performance.now() - start);
  }
  return { ms, results };
}
