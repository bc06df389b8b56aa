/**
 * The checker registry: every property of DESIGN "The checkers" that can be judged from one trace and
 * the final server state. `determinism` needs two runs, so it lives in determinism.ts.
 */
import type { Violation } from '../trace/events.ts';
import type { CheckInput, Checker } from './_internals/facts.ts';
import { causalLww } from './causal-lww.ts';
import { commitImmediate } from './commit-immediate.ts';
import { convergence } from './convergence.ts';
import { deleteSemantics } from './delete-semantics.ts';
import { durability } from './durability.ts';
import { engineError } from './engine-error.ts';
import { exposureContent } from './exposure-content.ts';
import { exposureMetadata } from './exposure-metadata.ts';
import { exposureOffline } from './exposure-offline.ts';
import { lwwWinner } from './lww-winner.ts';
import { noDuplicates } from './no-duplicates.ts';
import { noSilentRollback } from './no-silent-rollback.ts';
import { nonBlocking } from './non-blocking.ts';
import { tokenExpiry } from './token-expiry.ts';
import { syncStateDisclosure } from './parity/disclosure.ts';

export type { CheckInput, Checker } from './_internals/facts.ts';
export { MAX_VIOLATIONS_PER_CHECKER } from './_internals/facts.ts';
export { oracleState, oracleVersions } from './oracle.ts';

export const CHECKERS: readonly Checker[] = [
  engineError,
  commitImmediate,
  nonBlocking,
  noSilentRollback,
  convergence,
  lwwWinner,
  noDuplicates,
  deleteSemantics,
  durability,
  tokenExpiry,
  exposureOffline,
  exposureMetadata,
  exposureContent,
  causalLww,
  syncStateDisclosure,
];

/** The determinism property, listed with the others for tables and reports. */
export const DETERMINISM_PROPERTY = { id: 'determinism', title: 'Deterministic runs', property: 'identical seed and options give an identical trace hash' } as const;

export function checkerById(id: string): Checker | undefined {
  return CHECKERS.find((c) => c.id === id);
}

/**
 * Checkers whose verdict is about the end of a whole run (after heal and quiescence). A run that an
 * engine error cut short never had that end, so they would only restate the engine error.
 */
const END_OF_RUN_CHECKERS: ReadonlySet<string> = new Set(['convergence', 'durability']);

/**
 * Runs every checker (or the named ones) over one run; violations in registry order. When the engine
 * failed (an `engine-error` event), the other checkers judge only what happened before the failure.
 */
export function checkRun(input: CheckInput, only?: readonly string[]): Violation[] {
  const cutAt = input.trace.find((e) => e.kind === 'engine-error')?.i;
  const violations: Violation[] = [];
  for (const checker of CHECKERS) {
    if (only && !only.includes(checker.id)) continue;
    if (cutAt !== undefined && checker.id !== engineError.id && END_OF_RUN_CHECKERS.has(checker.id)) continue;
    const found = checker.check(input);
    violations.push(...(cutAt === undefined || checker.id === engineError.id ? found : found.filter((v) => v.eventIndex < cutAt)));
  }
  return violations;
}
