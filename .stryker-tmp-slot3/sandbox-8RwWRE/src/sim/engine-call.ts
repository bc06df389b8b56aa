/**
 * How the world waits for an async engine without slowing down a synchronous one.
 *
 * The world's code that calls the engine is written once, as generators (`Step`): a call whose answer
 * is a value goes on at once; a call whose answer is a promise is handed out with `yield` as a
 * `PendingCall` (made by engine-guard.ts, which checks the settled answer as it checks a sync one).
 * Two drivers run a step: `runSync` (a synchronous engine: nothing is ever yielded, so the run is plain
 * synchronous code plus one generator per step) and `runAsync` (awaits each pending call, at most
 * `SETTLE_TURNS_MAX` microtask turns, then drains `DRAIN_TURNS` more turns after every simulated
 * event). Only microtask turns are awaited, never a timer or I/O, so an engine that needs one never
 * settles within the bound and that is a finding (an `EngineError` naming the call), not a hang.
 */
// @ts-nocheck

import type { SyncReconciler } from '../reconciler/types.ts';

/** Most microtask turns one call's promise may take to settle. */
export const SETTLE_TURNS_MAX = 10_000;
/** Microtask turns drained after every simulated event (work an engine left running after its answer). */
export const DRAIN_TURNS = 64;

/** An async engine's answer the world must wait for. `promise` settles with the checked answer or an error. */
export class PendingCall<T = unknown> {
  constructor(
    readonly call: string,
    readonly device: string,
    readonly promise: Promise<T>,
    /** Records (once) and returns the error for a promise that did not settle within the bound. */
    readonly unsettled: (turns: number) => Error,
  ) {
    // The sync driver may abandon a pending call: its rejection is not a process-wide unhandled one.
    promise.then(undefined, () => undefined);
  }
}

/** What the world's engine-calling code yields (a pending call, or the end of a simulated event). */
export type Yielded = PendingCall | typeof EVENT_END;
/** Marks the end of one simulated event for the async driver's drain. */
export const EVENT_END = Symbol('event-end');

/** A piece of the world's code that may wait on the engine. */
export type Step<T> = Generator<Yielded, T, unknown>;

/** An answer as the guarded engine gives it: the value, or a call to wait on. */
export type Answer<T> = T | PendingCall<T>;
type GuardedMethod<F> = F extends (...args: infer A) => infer R ? (...args: A) => Answer<R> : F;
/** The engine as the world sees it through engine-guard.ts (which always counts conflicts, see conflictsTotal). */
export type GuardedEngine = { [K in keyof SyncReconciler]: GuardedMethod<SyncReconciler[K]> } & { conflictsTotal(): Answer<number> };

/** The value of an answer, waiting for it when it is pending. */
export function* settle<T>(answer: Answer<T>): Step<T> {
  if (answer instanceof PendingCall) return (yield answer) as T;
  return answer;
}

/** A synchronous entry was given an engine that answered with a promise. */
export class AsyncEngineError extends Error {
  constructor(
    readonly call: string,
    readonly device: string,
  ) {
    super(`the engine answered ${call} on device ${device} with a promise: it is an async engine, run it with simulateAsync (runCheckedAsync), not the synchronous simulate`);
    this.name = 'AsyncEngineError';
  }
}

/** Runs `step` to its end; a synchronous engine never makes it wait. */
export function runSync<T>(step: Step<T>): T {
  for (let next = step.next(); ; next = step.next()) {
    if (next.done) return next.value;
    if (next.value === EVENT_END) continue;
    const pending = next.value;
    step.return(undefined as T);
    throw new AsyncEngineError(pending.call, pending.device);
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function waitFor(pending: PendingCall): Promise<Outcome> {
  let outcome: Outcome | null = null;
  pending.promise.then(
    (value) => (outcome = { ok: true, value }),
    (error: unknown) => (outcome = { ok: false, error }),
  );
  for (let turn = 0; turn < SETTLE_TURNS_MAX && outcome === null; turn++) await undefined;
  return outcome ?? { ok: false, error: pending.unsettled(SETTLE_TURNS_MAX) };
}

/** Runs `step` to its end, awaiting each pending call and draining microtasks after each event. */
export async function runAsync<T>(step: Step<T>): Promise<T> {
  let next = step.next();
  for (;;) {
    if (next.done) return next.value;
    if (next.value === EVENT_END) {
      for (let turn = 0; turn < DRAIN_TURNS; turn++) await undefined;
      next = step.next();
      continue;
    }
    const outcome = await waitFor(next.value);
    next = outcome.ok ? step.next(outcome.value) : step.throw(outcome.error);
  }
}
