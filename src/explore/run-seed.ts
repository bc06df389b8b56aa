/**
 * One seed of an exploration: draw the seed's options from the profile, simulate with every checker
 * on, and keep only what the summary needs (hash, size, the first violation per checker). Runs the
 * same in the main thread and in a worker.
 */
import { runCheckedAsync } from '../lab/run-checked.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { EngineOptionsInput } from '../io/engine-options.ts';
import { drawOptions, profileMixes } from './profile.ts';
import { simOptionsSchema } from '../sim/options.ts';
import { declaresNoAdmin, declaresNoBackup, drawnForEngine } from '../sim/engine-fit.ts';
import { speaksSyncLab } from '../sim/request-damage-protocol.ts';
import type { SimOptions } from '../sim/options.ts';
import { failureSignature } from './signature.ts';
import type { Profile } from './profile.ts';

export interface SeedTask {
  seed: number;
  profile: Profile;
  /** Path of the reconciler module (absolute), or undefined for the default. */
  reconciler?: string | undefined;
  /** The engine options, raw with their source (each thread validates them with the module's schema). */
  reconcilerOptions?: EngineOptionsInput;
}

export interface SeedViolation {
  checker: string;
  message: string;
  eventIndex: number;
  t: number;
  /** Triage: checker, violating event kind, the records' history shape (signature.ts). */
  signature: string;
}

export interface SeedOutcome {
  seed: number;
  traceHash: string;
  events: number;
  converged: boolean;
  violations: SeedViolation[];
  /** Schedule events that could not take effect (`schedule-skip`), by code: legitimate in random schedules, counted, not failures. */
  skips: Record<string, number>;
  /** Hazards (future-stamp), by kind: reported apart from violations, never failures of a swarm. */
  hazards: Record<string, number>;
  /** Checkers the profile declares expected for this seed's draw (`expectedFindings`) that found something here: 1 each; not failures. */
  expected: Record<string, number>;
}

/** A drawn knob the swarm sets to 0 for this engine, and why (explore says it once: log line and summary). */
export interface NotDrawn {
  option: keyof SimOptions;
  /** The most the profile draws (base value or top of its range); for `stampMode`, the percent of seeds it draws the mode in `value`. */
  profileMax: number;
  /** A choice (not a number) the engine cannot take: the value not drawn and what every seed runs instead (`stampMode`). */
  value?: string;
  runsAs?: string;
  reason: string;
}

/**
 * What this profile would draw but this engine cannot take: the swarm runs it at 0 (drawnForEngine,
 * applied to every seed in runSeed). Server faults its own server cannot take, and backups for an
 * engine that declares no backup remote action. Empty for the built-in server and an engine that
 * declares nothing, and for a knob the profile never draws above 0 (nor its option default).
 */
export function notDrawnFor(profile: Profile, reconciler: Pick<ReconcilerModule, 'name' | 'server' | 'capabilities'>): NotDrawn[] {
  const most = (option: 'partialApplyPercent' | 'serverBusyPercent' | 'backupQuotaRefusalPercent' | 'slowAckPercent' | 'backupsPerHour' | 'damagedRequestPercent' | 'damagedRemoteActionPercent' | 'adminActionsPerHour' | 'damagedPulledOpPercent' | 'accountDeletionPercent'): number => {
    // The most any seed draws: over the profile and each of its variants.
    const mostIn = (mix: Profile): number => {
      const range = mix.ranges[option];
      const base = mix.base[option];
      if (range !== undefined) return typeof range[1] === 'number' ? range[1] : 0;
      if (typeof base === 'number') return base;
      const fallback = simOptionsSchema.shape[option].parse(undefined);
      return typeof fallback === 'number' ? fallback : 0;
    };
    return Math.max(...profileMixes(profile).map(mostIn));
  };
  const out: NotDrawn[] = [];
  const backups = most('backupsPerHour');
  if (declaresNoBackup(reconciler) && backups > 0) {
    out.push({ option: 'backupsPerHour', profileMax: backups, reason: `engine ${reconciler.name} declares its remote actions (${reconciler.capabilities?.remoteActions?.join(', ') || 'none'}) and backup is not one of them` });
  }
  const admin = most('adminActionsPerHour');
  if (declaresNoAdmin(reconciler) && admin > 0) {
    out.push({ option: 'adminActionsPerHour', profileMax: admin, reason: `engine ${reconciler.name} declares its remote actions (${reconciler.capabilities?.remoteActions?.join(', ') || 'none'}) and admin is not one of them` });
  }
  const deletion = most('accountDeletionPercent');
  if (declaresNoAdmin(reconciler) && deletion > 0) {
    out.push({ option: 'accountDeletionPercent', profileMax: deletion, reason: `engine ${reconciler.name} declares its remote actions (${reconciler.capabilities?.remoteActions?.join(', ') || 'none'}) and admin (an account deletion is one) is not one of them` });
  }
  const modes = reconciler.capabilities?.stampModes;
  const choices = profile.ranges['stampMode'] ?? [profile.base['stampMode'] ?? simOptionsSchema.shape.stampMode.parse(undefined)];
  if (modes !== undefined && modes.length > 0) {
    for (const mode of [...new Set(choices.map(String))].filter((m) => !(modes as readonly string[]).includes(m))) {
      const percent = Math.round((choices.filter((c) => c === mode).length / choices.length) * 100);
      out.push({ option: 'stampMode', profileMax: percent, value: mode, runsAs: modes[0]!, reason: `engine ${reconciler.name} declares its stamp modes (${modes.join(', ')}) and ${mode} is not one of them` });
    }
  }
  const server = reconciler.server;
  if (server === undefined) return out;
  const partial = most('partialApplyPercent');
  if (partial > 0) out.push({ option: 'partialApplyPercent', profileMax: partial, reason: `engine ${reconciler.name} brings its own server (${server.name}); a partial push is injected inside the built-in server's push handling` });
  const busy = most('serverBusyPercent');
  if (busy > 0) out.push({ option: 'serverBusyPercent', profileMax: busy, reason: `engine ${reconciler.name} brings its own server (${server.name}); a busy refusal is injected inside the built-in server's request handling` });
  const quota = most('backupQuotaRefusalPercent');
  if (quota > 0) out.push({ option: 'backupQuotaRefusalPercent', profileMax: quota, reason: `engine ${reconciler.name} brings its own server (${server.name}); a quota refusal is injected inside the built-in server's backup handling` });
  const slow = most('slowAckPercent');
  if (slow > 0 && typeof server.kindOf !== 'function') {
    out.push({ option: 'slowAckPercent', profileMax: slow, reason: `engine ${reconciler.name}'s protocol ${server.name} declares no kindOf, so its push acknowledgements cannot be told apart` });
  }
  const damaged = most('damagedRequestPercent');
  if (damaged > 0 && !speaksSyncLab(reconciler)) {
    out.push({ option: 'damagedRequestPercent', profileMax: damaged, reason: `engine ${reconciler.name}'s server speaks its own protocol (${server.name}); the damage catalogue walks sync-lab's` });
  }
  const remote = most('damagedRemoteActionPercent');
  if (remote > 0 && !speaksSyncLab(reconciler)) {
    out.push({ option: 'damagedRemoteActionPercent', profileMax: remote, reason: `engine ${reconciler.name}'s server speaks its own protocol (${server.name}); the damage catalogue walks sync-lab's` });
  }
  const answers = most('damagedPulledOpPercent');
  if (answers > 0 && !speaksSyncLab(reconciler)) {
    out.push({ option: 'damagedPulledOpPercent', profileMax: answers, reason: `engine ${reconciler.name}'s server speaks its own protocol (${server.name}); the fault damages an op's ciphertext in sync-lab's pull answers` });
  }
  return out;
}

/** Async so an async engine runs too; a synchronous engine runs straight through (see simulateAsync). */
export async function runSeed(task: SeedTask, reconciler: ReconcilerModule): Promise<SeedOutcome> {
  // What the engine cannot take (its own server's limits, a remote action it declares it lacks) is not
  // drawn; explore says so once (notDrawnFor).
  const options = drawnForEngine(drawOptions(task.profile, task.seed), reconciler);
  const result = await runCheckedAsync({ options, reconciler });
  const firstPerChecker = new Map<string, SeedViolation>();
  const expected: Record<string, number> = {};
  const declared = new Set(task.profile.expectedFindings.filter((x) => x.stampMode === options.stampMode).map((x) => x.checker));
  for (const v of result.violations) {
    if (declared.has(v.checker)) {
      expected[v.checker] = 1; // one per seed, as failures are counted
      continue;
    }
    if (!firstPerChecker.has(v.checker)) firstPerChecker.set(v.checker, { checker: v.checker, message: v.message, eventIndex: v.eventIndex, t: v.t, signature: failureSignature(v, result.trace) });
  }
  const skips: Record<string, number> = {};
  for (const e of result.trace) if (e.kind === 'schedule-skip') skips[e.code] = (skips[e.code] ?? 0) + 1;
  return {
    seed: task.seed,
    traceHash: result.traceHash,
    events: result.trace.length,
    converged: result.converged,
    violations: [...firstPerChecker.values()],
    skips,
    hazards: result.hazards.reduce<Record<string, number>>((n, h) => ({ ...n, [h.hazard]: (n[h.hazard] ?? 0) + 1 }), {}),
    expected,
  };
}
