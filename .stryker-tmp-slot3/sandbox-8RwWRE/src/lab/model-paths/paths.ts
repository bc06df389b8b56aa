/**
 * Path sets for model-based tests, generated with @xstate/graph: shortest paths to every state,
 * bounded simple paths where the machine is small enough, and for every transition the shortest
 * paths miss, the shortest path to its source followed by that transition. The result covers every
 * reachable state and transition with few, short paths, in an order that depends only on the model.
 */
// @ts-nocheck

import { __unsafe_getAllOwnEventDescriptors } from 'xstate';
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from '@xstate/graph';
import { eventTypeLabel, transitionsTaken } from './coverage.ts';
import type { CoveragePath } from './coverage.ts';

export interface ModelTraversal {
  /** Every variant of a parameterised event type the traversal tries (others are sent as `{ type }`). */
  events?: Record<string, readonly EventObject[]>;
  /** The part of the context that distinguishes states (the rest is folded); default: none. */
  abstractContext?: (context: unknown) => unknown;
  /** Also take loop-free simple paths, the shortest first, at most this many (0: none). */
  maxSimplePaths?: number;
}

export interface ModelPath extends CoveragePath {
  /** `<machine>/<n>`, stable for a given model. */
  id: string;
  machine: string;
  /** Human-readable events, e.g. `GO_OFFLINE`, `CRASH(now)`, `after(backoffDelay)`. */
  labels: string[];
}

/** `CRASH` with `{ point: 'now' }` → `CRASH(now)`; delayed events → `after(<delay>)`. */
export function eventLabel(event: EventObject): string {
  const params = Object.entries(event)
    .filter(([key]) => key !== 'type')
    .map(([, value]) => String(value));
  const base = eventTypeLabel(event.type);
  return params.length > 0 ? `${base}(${params.join(',')})` : base;
}

function traversalOptions(traversal: ModelTraversal) {
  const variants = traversal.events ?? {};
  const abstract = traversal.abstractContext ?? (() => null);
  return {
    events: (snapshot: AnyMachineSnapshot): EventObject[] =>
      __unsafe_getAllOwnEventDescriptors(snapshot).flatMap((type: string) => variants[type] ?? [{ type }]),
    serializeState: (snapshot: AnyMachineSnapshot) => JSON.stringify([snapshot.value, abstract(snapshot.context)]),
  };
}

type GraphPath = { steps: { event: EventObject; state: AnyMachineSnapshot }[] };

function toSteps(path: GraphPath): { start: AnyMachineSnapshot; steps: { event: EventObject; state: AnyMachineSnapshot }[] } {
  const [first, ...rest] = path.steps;
  if (!first) throw new Error('models/paths: @xstate/graph returned a path without steps');
  // @xstate/graph starts every path with the initial snapshot reached by `xstate.init`.
  if (first.event.type === 'xstate.init') return { start: first.state, steps: rest };
  throw new Error(`models/paths: expected a path to start with xstate.init, got ${first.event.type}`);
}

export function generatePaths(id: string, machine: AnyStateMachine, traversal: ModelTraversal = {}): ModelPath[] {
  // The @xstate/graph option types are generic over each machine's snapshot; ours are built for any machine.
  const options = traversalOptions(traversal) as never;
  const shortest = (getShortestPaths(machine, options) as unknown as GraphPath[]).map(toSteps);
  const byLabels = new Map<string, { start: AnyMachineSnapshot; steps: { event: EventObject; state: AnyMachineSnapshot }[] }>();
  const keyOf = (steps: readonly { event: EventObject }[]) => steps.map((s) => eventLabel(s.event)).join(' ');
  const shortestTo = new Map<string, (typeof shortest)[number]>();
  const serialize = traversalOptions(traversal).serializeState;
  for (const p of shortest) {
    shortestTo.set(serialize(p.steps.at(-1)?.state ?? p.start), p);
    if (p.steps.length > 0) byLabels.set(keyOf(p.steps), p);
  }

  const maxSimple = traversal.maxSimplePaths ?? 0;
  if (maxSimple > 0) {
    const simple = (getSimplePaths(machine, options) as unknown as GraphPath[]).map(toSteps).filter((p) => p.steps.length > 0);
    simple.sort((x, y) => x.steps.length - y.steps.length || (keyOf(x.steps) < keyOf(y.steps) ? -1 : keyOf(x.steps) > keyOf(y.steps) ? 1 : 0));
    for (const p of simple.slice(0, maxSimple)) byLabels.set(keyOf(p.steps), p);
  }

  // Transitions no path takes yet: reach the source the shortest way, then take it.
  const covered = new Set<string>();
  for (const p of byLabels.values()) {
    let before = p.start;
    for (const s of p.steps) {
      for (const k of transitionsTaken(machine, before, s.event, s.state)) covered.add(k);
      before = s.state;
    }
  }
  const adjacency = getAdjacencyMap(machine, options) as unknown as Record<string, { state: AnyMachineSnapshot; transitions: Record<string, { event: EventObject; state: AnyMachineSnapshot }> }>;
  for (const [serialized, entry] of Object.entries(adjacency)) {
    const prefix = shortestTo.get(serialized);
    if (!prefix) continue;
    for (const { event, state } of Object.values(entry.transitions)) {
      const keys = transitionsTaken(machine, entry.state, event, state);
      if (keys.length === 0 || keys.every((k) => covered.has(k))) continue;
      for (const k of keys) covered.add(k);
      const steps = [...prefix.steps, { event, state }];
      byLabels.set(keyOf(steps), { start: prefix.start, steps });
    }
  }

  return [...byLabels.values()].map((p, n) => ({
    id: `${id}/${n + 1}`,
    machine: id,
    start: p.start,
    steps: p.steps,
    labels: p.steps.map((s) => eventLabel(s.event)),
  }));
}
