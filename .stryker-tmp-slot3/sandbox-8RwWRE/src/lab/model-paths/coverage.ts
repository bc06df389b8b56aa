/**
 * State and transition coverage of a path set over one machine, computed from the machine's own
 * definition (every state node, every transition definition including guarded alternatives and
 * delayed `after` transitions), not from what a traversal happened to reach, so an unreachable
 * state or transition shows up as missing.
 */
// @ts-nocheck

import type { AnyMachineSnapshot, AnyStateMachine, EventObject, StateValue } from 'xstate';
import { getStateNodes } from '@xstate/graph';

type AnyStateNode = AnyStateMachine['root'];

export interface CoverageCount {
  covered: number;
  total: number;
  missing: string[];
}

export interface Coverage {
  states: CoverageCount;
  transitions: CoverageCount;
}

/** A path as coverage reads it: the initial snapshot, then each event with the snapshot it led to. */
export interface CoveragePath {
  start: AnyMachineSnapshot;
  steps: readonly { event: EventObject; state: AnyMachineSnapshot }[];
}

const AFTER_PREFIX = 'xstate.after.';

/** `xstate.after.backoffDelay.sync.backoff` → `after(backoffDelay)`; other event types unchanged. */
export function eventTypeLabel(type: string, sourceId?: string): string {
  if (!type.startsWith(AFTER_PREFIX)) return type;
  let delay = type.slice(AFTER_PREFIX.length);
  if (sourceId && delay.endsWith(`.${sourceId}`)) delay = delay.slice(0, -(sourceId.length + 1));
  else delay = delay.split('.')[0] ?? delay;
  return `after(${delay})`;
}

function transitionKey(source: AnyStateNode, type: string, index: number, targets: readonly AnyStateNode[] | undefined): string {
  const to = targets && targets.length > 0 ? targets.map((t) => t.id).join(',') : '(stay)';
  return `${source.id} --${eventTypeLabel(type, source.id)}[${index}]--> ${to}`;
}

/** Every state node id below the root. */
export function allStateIds(machine: AnyStateMachine): string[] {
  return getStateNodes(machine.root).map((n) => n.id);
}

/** Every transition definition of the machine, as stable keys. */
export function allTransitionKeys(machine: AnyStateMachine): string[] {
  const keys: string[] = [];
  for (const node of [machine.root, ...getStateNodes(machine.root)]) {
    for (const [type, defs] of node.transitions) {
      defs.forEach((def, index) => keys.push(transitionKey(node, type, index, def.target)));
    }
  }
  return keys;
}

/** The active state nodes (atomic and compound) for a state value. */
export function activeStateNodes(machine: AnyStateMachine, value: StateValue): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (node: AnyStateNode, v: StateValue): void => {
    if (typeof v === 'string') {
      const child = node.states[v];
      if (!child) throw new Error(`models/coverage: ${node.id} has no state "${v}"`);
      out.push(child);
      return;
    }
    for (const [key, sub] of Object.entries(v)) {
      const child = node.states[key];
      if (!child) throw new Error(`models/coverage: ${node.id} has no state "${key}"`);
      out.push(child);
      if (sub !== undefined) walk(child, sub as StateValue);
    }
  };
  walk(machine.root, value);
  return out;
}

/**
 * Which transition definitions an event took between two snapshots: per active leaf, the nearest
 * ancestor that handles the event (XState's own selection order), then the first of its candidate
 * definitions whose targets are all active afterwards (guarded alternatives have distinct targets).
 */
export function transitionsTaken(machine: AnyStateMachine, before: AnyMachineSnapshot, event: EventObject, after: AnyMachineSnapshot): string[] {
  const activeBefore = activeStateNodes(machine, before.value);
  const activeAfter = new Set(activeStateNodes(machine, after.value).map((n) => n.id));
  const leaves = activeBefore.filter((n) => Object.keys(n.states).length === 0);
  const sources = new Set<AnyStateNode>();
  for (const leaf of leaves) {
    for (let node: AnyStateNode | undefined = leaf; node; node = node.parent) {
      if (node.transitions.has(event.type)) {
        sources.add(node);
        break;
      }
    }
  }
  const taken: string[] = [];
  for (const source of sources) {
    const defs = source.transitions.get(event.type) ?? [];
    const index = defs.findIndex((def) => (def.target && def.target.length > 0 ? def.target.every((t) => activeAfter.has(t.id)) : activeAfter.has(source.id)));
    const def = index >= 0 ? defs[index] : undefined;
    if (def) taken.push(transitionKey(source, event.type, index, def.target));
  }
  return taken;
}

/** Coverage of `paths` over `machine`; `missing` lists are sorted. */
export function coverageOf(machine: AnyStateMachine, paths: readonly CoveragePath[]): Coverage {
  const states = new Set<string>();
  const transitions = new Set<string>();
  for (const path of paths) {
    let before = path.start;
    for (const n of activeStateNodes(machine, before.value)) states.add(n.id);
    for (const step of path.steps) {
      for (const key of transitionsTaken(machine, before, step.event, step.state)) transitions.add(key);
      for (const n of activeStateNodes(machine, step.state.value)) states.add(n.id);
      before = step.state;
    }
  }
  return { states: count(allStateIds(machine), states), transitions: count(allTransitionKeys(machine), transitions) };
}

function count(all: readonly string[], seen: ReadonlySet<string>): CoverageCount {
  const missing = all.filter((k) => !seen.has(k)).sort();
  return { covered: all.length - missing.length, total: all.length, missing };
}

/** Sums the coverage of several machines, keyed by model id; missing entries become `<model>: <key>`. */
export function sumCoverage(perModel: Readonly<Record<string, Coverage>>): Coverage {
  const parts = Object.entries(perModel);
  const add = (pick: (c: Coverage) => CoverageCount): CoverageCount => ({
    covered: parts.reduce((n, [, c]) => n + pick(c).covered, 0),
    total: parts.reduce((n, [, c]) => n + pick(c).total, 0),
    missing: parts.flatMap(([id, c]) => pick(c).missing.map((m) => `${id}: ${m}`)).sort(),
  });
  return { states: add((c) => c.states), transitions: add((c) => c.transitions) };
}
