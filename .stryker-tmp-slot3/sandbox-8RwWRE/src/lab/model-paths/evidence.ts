/**
 * Model evidence for the audit: every path of every model (catalogue.ts MODELS) runs as a
 * simulation with all checkers on, and state/transition coverage of the path set is reported per
 * machine and in total. Deterministic: the same models give the same paths, seeds and trace hashes
 * on every call and every machine.
 *
 * Contract (used by `sync-lab audit`; keep the shape):
 * - `ModelPathResult.id` is `<machine>/<n>`; `steps` are the path's events as labels
 *   (`GO_OFFLINE`, `CRASH(now)`, `after(backoffDelay)`); `seed` is derived from the id;
 *   `traceHash` is the run's determinism fingerprint; `converged` and `violations` come from
 *   runChecked (an empty list means every checker held).
 * - `coverage` sums all machines; `perMachine` is keyed by model id; `missing` lists name state
 *   node ids and transitions as `<source> --<event>[<n>]--> <targets>`.
 */
// @ts-nocheck

import { runChecked, runCheckedAsync } from '../run-checked.ts';
import type { CheckedRun, CheckedRunInput } from '../run-checked.ts';
import type { ReconcilerModule } from '../../reconciler/types.ts';
import { resolveSimOptions } from '../../sim/options.ts';
import { coverageOf, sumCoverage } from './coverage.ts';
import type { Coverage } from './coverage.ts';
import { MODELS } from './catalogue.ts';
import type { ModelDefinition } from './catalogue.ts';
import { pathToSchedule } from './path-to-schedule.ts';
import { generatePaths } from './paths.ts';
import type { ModelPath } from './paths.ts';

export interface ModelPathResult {
  id: string;
  machine: string;
  steps: string[];
  seed: number;
  traceHash: string;
  converged: boolean;
  violations: { checker: string; message: string }[];
}
export interface ModelCoverage {
  states: { covered: number; total: number; missing: string[] };
  transitions: { covered: number; total: number; missing: string[] };
}
export interface ModelEvidence {
  coverage: ModelCoverage;
  perMachine: Record<string, ModelCoverage>;
  paths: ModelPathResult[];
}

export interface ModelEvidenceOptions {
  onProgress?: (done: number, total: number) => void;
  /** Run the paths against another reconciler (tests use broken ones); default: the real one. */
  reconciler?: ReconcilerModule;
  /** Only these model ids (default: all). */
  models?: readonly string[];
}

/** FNV-1a of the path id: a stable seed per path, independent of the order paths run in. */
export function seedForPath(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Every model with its generated path set. */
export function modelPathSets(models: readonly ModelDefinition[] = MODELS): { model: ModelDefinition; paths: ModelPath[] }[] {
  return models.map((model) => ({ model, paths: generatePaths(model.id, model.machine, model.traversal) }));
}

/** The full checked run of one path (trace included): what a path result of `runModelEvidence` summarises. */
export function checkedRunForPath(model: ModelDefinition, path: ModelPath, reconciler?: ReconcilerModule): CheckedRun {
  return runChecked(pathInput(model, path, reconciler));
}

/** `checkedRunForPath` for any engine, async ones included. */
export function checkedRunForPathAsync(model: ModelDefinition, path: ModelPath, reconciler?: ReconcilerModule): Promise<CheckedRun> {
  return runCheckedAsync(pathInput(model, path, reconciler));
}

function pathInput(model: ModelDefinition, path: ModelPath, reconciler?: ReconcilerModule): CheckedRunInput {
  const { schedule, durationMs } = pathToSchedule(
    path.steps.map((s) => s.event),
    { devices: 3, initialMode: model.initialMode },
  );
  const options = resolveSimOptions({ seed: seedForPath(path.id), devices: schedule.devices.length, durationMs, quiescenceMs: 60_000 }, `models/evidence ${path.id}`);
  return { options, schedule, ...(reconciler ? { reconciler } : {}) };
}

function pathResult(path: ModelPath, run: CheckedRun): ModelPathResult {
  const seed = seedForPath(path.id);
  return {
    id: path.id,
    machine: path.machine,
    steps: [...path.labels],
    seed,
    traceHash: run.traceHash,
    converged: run.converged,
    violations: run.violations.map((v) => ({ checker: v.checker, message: v.message })),
  };
}

/** Every path of every model (or of `opts.models`) run and checked, with coverage; any engine, async ones included. */
export async function runModelEvidence(opts: ModelEvidenceOptions = {}): Promise<ModelEvidence> {
  const wanted = opts.models;
  const sets = modelPathSets(wanted ? MODELS.filter((m) => wanted.includes(m.id)) : MODELS);
  const total = sets.reduce((n, s) => n + s.paths.length, 0);
  const perMachine: Record<string, Coverage> = {};
  const paths: ModelPathResult[] = [];
  for (const { model, paths: modelPaths } of sets) {
    perMachine[model.id] = coverageOf(model.machine, modelPaths);
    for (const path of modelPaths) {
      paths.push(pathResult(path, await checkedRunForPathAsync(model, path, opts.reconciler)));
      opts.onProgress?.(paths.length, total);
    }
  }
  return { coverage: sumCoverage(perMachine), perMachine, paths };
}
