/**
 * The engine-direct baseline of `sync-lab bench`: what the engine alone costs for the work of a
 * simulated run. A run is simulated once with the engine module wrapped so that every call the
 * simulator makes on any device's engine (create, restore, every method) is recorded with a private
 * copy of its arguments, in order. Replaying that exact sequence against fresh engines, with no
 * simulator, server, network, trace or checker around them, is the baseline; `simOverheadRatio` is
 * the whole simulated run's wall time over the replay's. The replay feeds the engines the very
 * responses the server sent in the run, so the engines do the same work.
 */
// @ts-nocheck

import { resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import { simulate } from '../sim/run.ts';
import { defaultReconciler } from '../reconciler/index.ts';
import type { DurableSnapshot, ReconcilerOptions, SyncReconciler as Reconciler, SyncReconcilerModule as ReconcilerModule } from '../reconciler/types.ts';
import { figure, timed } from './bench-stats.ts';
import type { Figure } from './bench-stats.ts';

/**
 * One engine call: which engine (in order of creation), and what was called with which arguments.
 * For `module.create`/`module.restore` (a new engine), `nonces` holds every nonce the engine drew from its options' nonce source, in
 * order (the source is a function, so the replay hands the same bytes back instead of calling it).
 */
export interface EngineCall {
  engine: number;
  call: string;
  args: unknown[];
  nonces?: Uint8Array[];
}

/** The options with a nonce source that logs what it hands out, and their copy for the replay (no function in it). */
function recordedOptions(options: ReconcilerOptions, nonces: Uint8Array[]): { live: ReconcilerOptions; copy: unknown } {
  const { nonces: source, ...rest } = options;
  const live: ReconcilerOptions = {
    ...options,
    nonces: (length: number) => {
      const bytes = source(length);
      nonces.push(bytes.slice());
      return bytes;
    },
  };
  return { live, copy: structuredClone(rest) };
}

/** Options for a replayed engine: the recorded copy, with a nonce source handing back the recorded bytes. */
function replayedOptions(copy: unknown, nonces: readonly Uint8Array[]): ReconcilerOptions {
  let next = 0;
  return {
    ...(copy as Omit<ReconcilerOptions, 'nonces'>),
    nonces: (length: number) => {
      const bytes = nonces[next++];
      if (bytes === undefined || bytes.length !== length) throw new Error(`bench: the replayed engine drew nonce #${next} of ${length} bytes, the run drew ${bytes?.length ?? 'none'}`);
      return bytes;
    },
  };
}

/** Wraps `module` so every engine call is appended to `calls` (arguments copied as they were at the call). */
export function recordingModule(module: ReconcilerModule, calls: EngineCall[]): ReconcilerModule {
  let engines = 0;
  const wrap = (engine: Reconciler, index: number): Reconciler =>
    new Proxy(engine, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function' || typeof key !== 'string') return value;
        return (...args: unknown[]) => {
          calls.push({ engine: index, call: key, args: structuredClone(args) });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    ...module,
    create(options) {
      const index = engines++;
      const nonces: Uint8Array[] = [];
      const { live, copy } = recordedOptions(options, nonces);
      calls.push({ engine: index, call: 'module.create', args: [copy], nonces });
      return wrap(module.create(live), index);
    },
    restore(snapshot, options, nowMs) {
      const index = engines++;
      const nonces: Uint8Array[] = [];
      const { live, copy } = recordedOptions(options, nonces);
      calls.push({ engine: index, call: 'module.restore', args: [structuredClone(snapshot), copy, nowMs], nonces });
      return wrap(module.restore(snapshot, live, nowMs), index);
    },
  };
}

/**
 * Replays recorded calls against fresh engines of `module`; returns the engines, in order of creation.
 * A call that threw in the run throws again here (same engine, same inputs) and is caught the same way.
 */
export function replayEngineCalls(module: ReconcilerModule, calls: readonly EngineCall[]): Reconciler[] {
  const engines: Reconciler[] = [];
  for (const c of calls) {
    if (c.call === 'module.create') engines[c.engine] = module.create(replayedOptions(c.args[0], c.nonces ?? []));
    else if (c.call === 'module.restore') engines[c.engine] = module.restore(c.args[0] as DurableSnapshot, replayedOptions(c.args[1], c.nonces ?? []), c.args[2] as number);
    else {
      const engine = engines[c.engine] as unknown as Record<string, (...a: unknown[]) => unknown>;
      try {
        engine[c.call]!(...c.args);
      } catch {
        // The engine refused this call in the run too (e.g. an edit of a record it does not hold).
      }
    }
  }
  return engines;
}

export interface OverheadBench {
  options: string;
  engineCalls: number;
  events: number;
  simulatedRunMs: Figure;
  engineDirectMs: Figure;
  /** Whole simulated run ÷ the same engine calls driven directly (median over median). */
  simOverheadRatio: Figure;
}

/** The default reconciler on one seed of `overrides`: the run, timed `runs` times, against its replayed engine calls. */
export function benchOverhead(overrides: Record<string, unknown>, runs: number, module: ReconcilerModule = defaultReconciler): OverheadBench {
  const options: SimOptions = resolveSimOptions({ seed: 1, ...overrides }, 'bench overhead');
  const calls: EngineCall[] = [];
  const recorded = simulate({ options, reconciler: recordingModule(module, calls) });
  // Interleaved: run, replay, run, replay..., so load on a shared machine hits both alike.
  const runMs: number[] = [];
  const directMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const run = timed(0, 1, () => simulate({ options, reconciler: module })).ms[0]!;
    const copy = structuredClone(calls);
    const direct = timed(0, 1, () => replayEngineCalls(module, copy)).ms[0]!;
    if (i === 0) continue; // warm-up
    runMs.push(run);
    directMs.push(direct);
    ratios.push(run / direct);
  }
  return {
    options: JSON.stringify(overrides),
    engineCalls: calls.length,
    events: recorded.trace.length,
    simulatedRunMs: figure(runMs, 'ms', null, 'lower'),
    engineDirectMs: figure(directMs, 'ms', null, 'lower'),
    simOverheadRatio: figure(ratios, '×', 1.5, 'lower'),
  };
}
