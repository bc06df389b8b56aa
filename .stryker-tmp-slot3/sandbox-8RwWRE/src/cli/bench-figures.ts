/**
 * The in-process figures of `sync-lab bench`, each the median, min and max of several runs after a
 * warm-up, with its goal (issue 15) beside it: simulator events/s, a light 3-device week, trace bytes
 * per event (JSONL and the v2 hash's compact encoding) and the cost of hashing. Wall-clock reads live here, at the edge.
 */
// @ts-nocheck

import { performance } from 'node:perf_hooks';
import { canonicalJson } from '../core/canonical.ts';
import { TraceHasher, encodeTrace } from '../core/trace-hash.ts';
import { createHash } from 'node:crypto';
import { resolveSimOptions } from '../sim/options.ts';
import { simulate } from '../sim/run.ts';
import type { SimResult } from '../sim/run.ts';
import { figure } from './bench-stats.ts';
import type { Figure } from './bench-stats.ts';

export const GOALS = {
  eventsPerSecond: 1_000_000,
  lightWeekWallSeconds: 1,
  simOverheadRatio: 1.5,
  exploreSeedsPerSecondPerThread: 600,
  poolEfficiency: 0.9,
  cliHelpSeconds: 0.25,
  cliRunSeed1Seconds: 0.4,
  /** The trace hash's cost per event (issue 15's v2 redefinition; hash2 brief). */
  hashNsPerEvent: 300,
} as const;

const DAY_MS = 24 * 3600_000;
/** A quiet device population: a handful of entries a day, ordinary network, rare faults. */
export const LIGHT_WORKLOAD = { devices: 3, opsPerMinute: 0.05, modeChangesPerHour: 1, crashesPerHour: 0.05, partitionsPerHour: 0.1, serverOutagesPerHour: 0.05, tokenExpiriesPerHour: 0.05, clockJumpsPerHour: 0.05, backupsPerHour: 0.05, clockSampleMs: 600_000 };

function runSeeds(seeds: number, overrides: Record<string, unknown>, label: string): { events: number; simulatedMs: number; ms: number; last: SimResult } {
  let events = 0;
  let simulatedMs = 0;
  let last: SimResult | undefined;
  const start = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    last = simulate({ options: resolveSimOptions({ ...overrides, seed }, label) });
    events += last.trace.length;
    simulatedMs += last.simulatedMs;
  }
  return { events, simulatedMs, ms: performance.now() - start, last: last! };
}

export interface SimulatorFigures {
  seedsPerRun: number;
  eventsPerRun: number;
  eventsPerSecond: Figure;
  /** Simulated time per unit of wall time. */
  timeCompression: Figure;
}

/** The default profile, one thread: `seeds` seeds per run, `runs` runs after one warm-up run. */
export function simulatorFigures(seeds: number, runs: number): SimulatorFigures {
  runSeeds(Math.min(seeds, 3), {}, 'bench default'); // warm-up
  const rates: number[] = [];
  const compression: number[] = [];
  let events = 0;
  for (let r = 0; r < runs; r++) {
    const run = runSeeds(seeds, {}, 'bench default');
    events = run.events;
    rates.push((run.events / run.ms) * 1000);
    compression.push(run.simulatedMs / run.ms);
  }
  return { seedsPerRun: seeds, eventsPerRun: events, eventsPerSecond: figure(rates, 'events/s', GOALS.eventsPerSecond, 'higher'), timeCompression: figure(compression, '×', null, 'higher') };
}

export interface LightWeekFigures {
  simulatedDays: number;
  events: number;
  /** Wall seconds of the run scaled to 7 simulated days. */
  wallSecondsPerSimulatedWeek: Figure;
  eventsPerSecond: Figure;
}

export function lightWeekFigures(days: number, runs: number): LightWeekFigures {
  const overrides = { ...LIGHT_WORKLOAD, durationMs: Math.round(days * DAY_MS) };
  runSeeds(1, { ...overrides, durationMs: Math.round(Math.min(days, 0.05) * DAY_MS) }, 'bench light'); // warm-up
  const week: number[] = [];
  const rates: number[] = [];
  let events = 0;
  for (let r = 0; r < runs; r++) {
    const run = runSeeds(1, overrides, `bench light-${days}d`);
    events = run.events;
    week.push((run.ms / 1000) * (7 / days));
    rates.push((run.events / run.ms) * 1000);
  }
  return { simulatedDays: days, events, wallSecondsPerSimulatedWeek: figure(week, 's', GOALS.lightWeekWallSeconds, 'lower'), eventsPerSecond: figure(rates, 'events/s', null, 'higher') };
}

export interface TraceCostFigures {
  events: number;
  /** Canonical JSONL bytes (UTF-8) per event: what `--trace` writes, built only when asked for. */
  traceBytesPerEvent: number;
  /** Bytes per event of the compact encoding the trace hash (v2) covers. */
  hashBytesPerEvent: number;
  /** The v2 trace hash (compact encoding + sha256) over every event, as the recorder does while a run goes. */
  hashNsPerEvent: Figure;
  /** Of that, sha256 alone over the finished encoding. */
  sha256NsPerEvent: Figure;
  /** The canonical JSONL text of every event (what `--trace`, `check` files and failures cost; not on the hot path). */
  jsonlNsPerEvent: Figure;
  /** The hashing's share of the run it was measured on (hash ms ÷ run ms, medians). */
  hashShareOfRun: number;
}

/** Trace size and hashing cost on the trace of default-profile seed 1 (devices and duration as `overrides`). */
export function traceCostFigures(runs: number, overrides: Record<string, unknown> = {}): TraceCostFigures {
  const options = resolveSimOptions({ seed: 1, ...overrides }, 'bench trace');
  const runMs: number[] = [];
  let trace: SimResult['trace'] = [];
  for (let r = 0; r <= runs; r++) {
    const start = performance.now();
    trace = simulate({ options }).trace;
    if (r > 0) runMs.push(performance.now() - start);
  }
  const text = trace.map((e) => canonicalJson(e)).join('\n') + '\n';
  const bytes = Buffer.byteLength(text, 'utf8');
  const encoded = encodeTrace(trace);
  const hashNs: number[] = [];
  const shaNs: number[] = [];
  const jsonlNs: number[] = [];
  const hashMs: number[] = [];
  // Each measurement hashes at least ~50,000 events' worth (the trace several times), so one slow instant on a shared machine weighs little.
  const repeat = Math.max(1, Math.ceil(50_000 / trace.length));
  let sink = 0;
  for (let r = 0; r <= runs; r++) {
    let start = performance.now();
    for (let k = 0; k < repeat; k++) {
      const hasher = new TraceHasher();
      for (const e of trace) hasher.update(e);
      sink += hasher.digest().length;
    }
    const ms = (performance.now() - start) / repeat;
    start = performance.now();
    for (let k = 0; k < repeat; k++) sink += createHash('sha256').update(encoded).digest('hex').length;
    const sha = (performance.now() - start) / repeat;
    start = performance.now();
    for (let k = 0; k < repeat; k++) for (const e of trace) sink += canonicalJson(e).length;
    const jsonl = (performance.now() - start) / repeat;
    if (r === 0) continue; // warm-up
    hashMs.push(ms);
    hashNs.push((ms * 1e6) / trace.length);
    shaNs.push((sha * 1e6) / trace.length);
    jsonlNs.push((jsonl * 1e6) / trace.length);
  }
  if (sink === 0) throw new Error('bench: nothing was hashed');
  const median = (xs: number[]): number => figure(xs, '', null, 'lower').median;
  return {
    events: trace.length,
    traceBytesPerEvent: Math.round(bytes / trace.length),
    hashBytesPerEvent: Math.round(encoded.length / trace.length),
    hashNsPerEvent: figure(hashNs, 'ns/event', GOALS.hashNsPerEvent, 'lower'),
    sha256NsPerEvent: figure(shaNs, 'ns/event', null, 'lower'),
    jsonlNsPerEvent: figure(jsonlNs, 'ns/event', null, 'lower'),
    hashShareOfRun: Number((median(hashMs) / median(runMs)).toFixed(3)),
  };
}
