/**
 * The library API: `import { runChecked, explore, ... } from 'sync-lab'`. A thin top floor (beside
 * cli/) over the lab's layers, with defaults a test can lean on: options are partial and resolved
 * through the one strict schema (bad input throws, naming the field), a schedule alone says how many
 * devices run. Nothing here prints; `explore` reports progress through a callback.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate as simulateWorld, simulateAsync as simulateWorldAsync } from '../sim/run.ts';
import type { SimResult } from '../sim/run.ts';
import { resolveSimOptions, simOptionsSchema, DEFAULT_SIM_OPTIONS } from '../sim/options.ts';
import type { SimOptions, SimOptionsInput } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import { runChecked as runCheckedWorld, runCheckedAsync as runCheckedWorldAsync } from '../lab/run-checked.ts';
import type { CheckedRun } from '../lab/run-checked.ts';
import { checkRun, CHECKERS, CHECKER_IDS, checkerById, isCheckerId } from '../check/index.ts';
import type { CheckerId } from '../check/index.ts';
import { runExplore } from '../explore/run-explore.ts';
import type { ExploreProgress, ExploreSummary } from '../explore/run-explore.ts';
import { readReplayFile, replayEngineOptions, replayFileSchema, replaySchemaRef, REPLAY_FILE_VERSION } from '../explore/replay-file.ts';
import type { ReplayFile } from '../explore/replay-file.ts';
import { loadScenario, loadScenarios } from '../explore/scenario-file.ts';
import type { Scenario } from '../explore/scenario-file.ts';
import { loadProfile, profileSchema } from '../explore/profile.ts';
import type { Profile } from '../explore/profile.ts';
import { readDataFile } from '../io/load-file.ts';
import { loadReconciler } from '../io/reconciler-loader.ts';
import { defaultReconciler } from '../reconciler/index.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { TraceEvent, Violation } from '../trace/events.ts';
import { parseTraceText } from '../trace/parse.ts';
import { compareRecordedHash } from '../core/trace-hash.ts';

export type {
  MaybePromise,
  Reconciler,
  ReconcilerModule,
  SyncReconciler,
  SyncReconcilerModule,
  ReconcilerOptions,
  SyncPolicy,
  SyncStatus,
  ConflictEntry,
  DurableSnapshot,
  NonceSource,
  RemoteActionStatus,
} from '../reconciler/types.ts';
export { RecordNotFoundError, DEFAULT_SYNC_POLICY } from '../reconciler/types.ts';
export type { ClientInfo, JsonValue, ProtocolServer, ServerAnswer, ServerCreateOptions, ServerModule, StoredVersion } from '../reconciler/server-seam.ts';
export { defaultReconciler };
export { AsyncEngineError } from '../sim/engine-call.ts';
export type * from '../trace/events.ts';
export type { Schedule, ScheduleEvent, ScheduleAction } from '../sim/schedule.ts';
export type { SimOptions, SimOptionsInput, SimResult, CheckedRun, ExploreProgress, ExploreSummary, ReplayFile, Scenario, Profile, CheckerId };
export { CHECKERS, CHECKER_IDS, checkerById, isCheckerId, DEFAULT_SIM_OPTIONS, simOptionsSchema, profileSchema, replayFileSchema, replaySchemaRef, REPLAY_FILE_VERSION };
export * from './adapter-kit.ts';
/** Recording a real app's session (outside the simulator) in the trace format, for `sync-lab check`. */
export { recordReconciler } from './record-reconciler.ts';
export { TraceRecorderKit, TraceKitError } from '../trace/recorder-kit.ts';
export type { TraceKitOptions, TraceBody } from '../trace/recorder-kit.ts';
export { generateSchedule } from '../sim/workload.ts';
export { deviceIds } from '../sim/schedule.ts';
export { canonicalJson, sha256Hex } from '../core/canonical.ts';
/** The trace hash (`v2:`) of any trace, e.g. one read back from JSONL: the same as the run that recorded it. */
export { traceHash, compareRecordedHash, TRACE_HASH_PATTERN } from '../core/trace-hash.ts';

export interface RunInput {
  /** Simulation options; anything left out takes its default. `devices` defaults to the schedule's device count. */
  options?: SimOptionsInput | SimOptions;
  /** The user actions and faults to play; generated from the options' seed when left out. */
  schedule?: Schedule;
  /** The engine under test (default: the built-in reconciler). */
  reconciler?: ReconcilerModule;
}

function resolveInput(input: RunInput, source: string): { options: SimOptions; schedule?: Schedule; reconciler: ReconcilerModule } {
  const given = { ...(input.options ?? {}) } as Record<string, unknown>;
  if (given['devices'] === undefined && input.schedule) given['devices'] = input.schedule.devices.length;
  const options = resolveSimOptions(given, source);
  return { options, ...(input.schedule ? { schedule: input.schedule } : {}), reconciler: input.reconciler ?? defaultReconciler };
}

/**
 * One deterministic world: the trace, its hash, the final server state. No checker runs. A
 * synchronous engine only: an async one (an answer that is a promise) throws `AsyncEngineError`,
 * which names `simulateAsync`.
 */
export function simulate(input: RunInput = {}): SimResult {
  return simulateWorld(resolveInput(input, 'simulate options'));
}

/** `simulate` for any engine, async ones included; a synchronous engine gives the same result. */
export function simulateAsync(input: RunInput = {}): Promise<SimResult> {
  return simulateWorldAsync(resolveInput(input, 'simulateAsync options'));
}

/** One world judged by every checker: `violations` is empty when every property held. Synchronous engines only (see `simulate`). */
export function runChecked(input: RunInput = {}): CheckedRun {
  return runCheckedWorld(resolveInput(input, 'runChecked options'));
}

/** `runChecked` for any engine, async ones included. */
export function runCheckedAsync(input: RunInput = {}): Promise<CheckedRun> {
  return runCheckedWorldAsync(resolveInput(input, 'runCheckedAsync options'));
}

export interface ExploreInput {
  /** Seeds to run (default 100), starting at `from` (default 0). */
  seeds?: number;
  from?: number;
  /** A built-in profile name (default 'default') or a profile file. */
  profile?: string;
  /** Threads (default 1: this one). */
  workers?: number;
  /** A reconciler module file or installed package name (workers load it by path); default: the built-in reconciler. */
  reconciler?: string;
  /** The module's own options (`options.engineOptions` in create/restore, checked by its optionsSchema); recorded in replay files. */
  reconcilerOptions?: unknown;
  /** Where the summary and replay files go (default: a new folder under the system temp folder). */
  out?: string;
  /** Shrink failures into replay files (default true). */
  shrink?: boolean;
  onProgress?: (progress: ExploreProgress) => void;
}

/** A swarm of seeded worlds; the summary names every failure and the replay file of its shrunk schedule. */
export async function explore(input: ExploreInput = {}): Promise<ExploreSummary & { out: string }> {
  const out = input.out ?? mkdtempSync(join(tmpdir(), 'sync-lab-explore-'));
  const summary = await runExplore({
    seeds: input.seeds ?? 100,
    from: input.from ?? 0,
    profile: input.profile ?? 'default',
    workers: input.workers ?? 1,
    shard: { index: 0, count: 1 },
    ...(input.reconciler !== undefined ? { reconciler: input.reconciler } : {}),
    ...(input.reconcilerOptions !== undefined ? { reconcilerOptions: { value: input.reconcilerOptions, source: 'explore: reconcilerOptions' } } : {}),
    out,
    shrink: input.shrink ?? true,
    shrinkLimit: 8,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  return { ...summary, out };
}

/** Re-runs a replay file exactly; `reproduced` says whether its recorded checker is still violated. */
export async function replay(path: string, opts: { reconciler?: ReconcilerModule } = {}): Promise<CheckedRun & { file: ReplayFile; reproduced: boolean; hashMatches: boolean; recordedHashVersion: 'v1' | 'v2' }> {
  const file = readReplayFile(path);
  const reconciler = opts.reconciler ?? (await loadReconciler(file.reconciler === 'default' ? undefined : file.reconciler, undefined, replayEngineOptions(file, path)));
  const run = await runCheckedWorldAsync({ options: file.options, schedule: file.schedule, reconciler });
  // A file recorded before trace hash v2 carries a v1 hash: compared as v1 (`recordedHashVersion`).
  const recorded = compareRecordedHash(file.traceHash, run);
  return { ...run, file, reproduced: run.violations.some((v) => v.checker === file.checker), hashMatches: recorded.matches, recordedHashVersion: recorded.version };
}

/**
 * Judges a trace recorded anywhere (events, or JSONL text) by the checkers (default: all of them).
 * `serverState` is the server's final stored state when you have it (the content-exposure checker
 * scans it too); the stamp mode comes from the trace's run-start event.
 */
export function check(trace: readonly TraceEvent[] | string, opts: { serverState?: unknown; only?: readonly CheckerId[] } = {}): Violation[] {
  const events = typeof trace === 'string' ? parseTraceText(trace, 'check trace').events : trace;
  const start = events[0];
  const stampMode = start?.kind === 'run-start' ? start.stampMode : 'hlc';
  return checkRun({ trace: events, serverState: opts.serverState, stampMode }, opts.only);
}

/** A simulation options file (YAML or JSON), resolved through the strict schema. */
export function loadOptions(path: string): SimOptions {
  return resolveSimOptions(readDataFile(path, { label: 'loadOptions', what: 'options file' }), path);
}

export { loadScenario, loadScenarios, loadProfile, loadReconciler };
