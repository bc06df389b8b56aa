/**
 * The vitest matchers' logic, free of vitest itself (so it runs and is tested anywhere): each takes a
 * checked run and says whether it passes, with a message that shows the violations and the command
 * that reproduces the run. `./vitest.ts` registers them with `expect.extend`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CheckedRun, CheckerId, ReplayFile, Violation } from '../api/index.ts';
import { CHECKER_IDS, REPLAY_FILE_VERSION, replaySchemaRef } from '../api/index.ts';
import { replayModuleRef, resolveModuleSpec } from '../io/module-spec.ts';
import { writeJsonAtomic } from '../io/write-atomic.ts';

export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

const SHOWN = 5;

function isCheckedRun(value: unknown): value is CheckedRun {
  return typeof value === 'object' && value !== null && Array.isArray((value as CheckedRun).trace) && Array.isArray((value as CheckedRun).violations);
}

function notARun(matcher: string, value: unknown): MatcherResult {
  return { pass: false, message: () => `${matcher}: expected the result of runChecked() or replay() (an object with trace and violations), got ${value === null ? 'null' : typeof value}` };
}

/** How to reproduce the run: its replay file re-runs it exactly (same options, schedule and engine). */
export function reproduceHint(run: CheckedRun): string {
  return `reproduce: saveReplay(run) or attachReplay(run, context) from 'sync-lab/vitest' writes its replay file (seed ${run.summary.seed}); then \`npx sync-lab replay <file>\``;
}

function listViolations(violations: readonly Violation[]): string {
  const lines = violations.slice(0, SHOWN).map((v) => `  - ${v.checker} at event ${v.eventIndex} (t=${v.t} µs): ${v.message}`);
  if (violations.length > SHOWN) lines.push(`  … and ${violations.length - SHOWN} more`);
  return lines.join('\n');
}

export function toHaveNoViolations(received: unknown): MatcherResult {
  if (!isCheckedRun(received)) return notARun('toHaveNoViolations', received);
  const { violations } = received;
  return {
    pass: violations.length === 0,
    message: () =>
      violations.length === 0
        ? `expected the run (seed ${received.summary.seed}) to violate some property, but every checker held`
        : `expected no violations, the run (seed ${received.summary.seed}, trace ${received.traceHash.slice(0, 12)}) has ${violations.length}:\n${listViolations(violations)}\n${reproduceHint(received)}`,
  };
}

export function toConverge(received: unknown): MatcherResult {
  if (!isCheckedRun(received)) return notARun('toConverge', received);
  const pass = received.converged && !received.violations.some((v) => v.checker === 'convergence');
  return {
    pass,
    message: () =>
      pass
        ? `expected the run (seed ${received.summary.seed}) not to converge, but every replica agreed at ${received.summary.convergedAtMs} ms`
        : `expected every replica to converge after the faults healed; the run (seed ${received.summary.seed}) did not${received.violations.length ? `:\n${listViolations(received.violations.filter((v) => v.checker === 'convergence').concat(received.violations.filter((v) => v.checker !== 'convergence')))}` : ''}\n${reproduceHint(received)}`,
  };
}

export function toHoldProperty(received: unknown, checker: CheckerId): MatcherResult {
  if (!(CHECKER_IDS as readonly string[]).includes(checker)) {
    return { pass: false, message: () => `toHoldProperty: unknown checker ${JSON.stringify(checker)}; expected one of ${CHECKER_IDS.join(', ')}` };
  }
  if (!isCheckedRun(received)) return notARun('toHoldProperty', received);
  const mine = received.violations.filter((v) => v.checker === checker);
  return {
    pass: mine.length === 0,
    message: () =>
      mine.length === 0
        ? `expected ${checker} to be violated in the run (seed ${received.summary.seed}), but it held`
        : `expected ${checker} to hold; the run (seed ${received.summary.seed}) violates it ${mine.length} time(s):\n${listViolations(mine)}\n${reproduceHint(received)}`,
  };
}

/**
 * Writes a failed run as a replay file (`npx sync-lab replay <file>` re-runs it exactly) and returns
 * its path. `reconciler` is the module file the run used (the replay loads it), default the built-in one.
 */
export function saveReplay(run: CheckedRun, opts: { dir?: string; name?: string; reconciler?: string } = {}): string {
  const first = run.violations[0];
  if (!first) throw new Error('saveReplay: the run has no violation to replay');
  const start = run.trace[0];
  if (start?.kind !== 'run-start') throw new Error('saveReplay: the trace does not begin with run-start');
  const dir = resolve(opts.dir ?? join('test-results', 'sync-lab-replays'));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${opts.name ?? `seed-${start.seed}-${first.checker}`}.json`);
  const { seed: _seed, ...options } = start.options;
  const file: Omit<ReplayFile, 'options'> & { options: Record<string, unknown>; $schema: string } = {
    $schema: replaySchemaRef(dir),
    version: REPLAY_FILE_VERSION,
    seed: start.seed,
    options,
    // A module path given relative to the cwd is stored relative to the replay file (what version 2 means).
    reconciler: replayModuleRef(resolveModuleSpec(opts.reconciler, process.cwd()), dir),
    checker: first.checker as CheckerId,
    message: first.message,
    schedule: run.schedule,
    traceHash: run.traceHash,
    originalEvents: run.schedule.events.length,
    shrunkEvents: run.schedule.events.length,
    command: `npx sync-lab replay ${path}`,
  };
  writeJsonAtomic(path, file);
  return path;
}
