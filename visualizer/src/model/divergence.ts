/**
 * Divergence: per device, how many records' visible values differ from the final converged state,
 * over time. The reference is the final replica when the run converged; otherwise, per record, the
 * final version with the highest stamp (encoded stamps sort as strings), i.e. what LWW would settle on.
 */
import type { RunEndEvent, TraceEvent, TraceVersion } from '../../../src/trace/events.ts';
import type { StepPoint } from './outbox.ts';
import { visibleValue } from './replica.ts';

export interface Divergence {
  series: Map<string, StepPoint[]>;
  /** Visible value per record in the reference state. */
  reference: Map<string, string | null>;
  converged: boolean;
  convergedAt: number | null;
  /** Start of the heal phase (faults off), when the trace has one. */
  healAt: number | null;
  /**
   * convergedAt - healAt (µs), or convergedAt - start when there is no heal phase; 0 when the replicas
   * had already converged before faults were healed (the liveness phase had nothing left to do).
   */
  timeToConverge: number | null;
  /** The last time any device's divergence changed to zero for everyone (null if never). */
  allZeroFrom: number | null;
}

export function referenceState(end: RunEndEvent | undefined, devices: readonly string[]): Map<string, string | null> {
  const reference = new Map<string, string | null>();
  if (!end) return reference;
  const first = devices.find((d) => end.replicas[d]) ?? Object.keys(end.replicas)[0];
  if (end.converged && first !== undefined) {
    for (const v of end.replicas[first] ?? []) reference.set(v.id, visibleValue(v));
    return reference;
  }
  const best = new Map<string, TraceVersion>();
  for (const versions of Object.values(end.replicas)) {
    for (const v of versions) {
      const held = best.get(v.id);
      if (!held || v.stamp > held.stamp) best.set(v.id, v);
    }
  }
  for (const [id, v] of best) reference.set(id, visibleValue(v));
  return reference;
}

export function deriveDivergence(events: readonly TraceEvent[], devices: readonly string[]): Divergence {
  const last = events.at(-1);
  const end = last?.kind === 'run-end' ? last : undefined;
  const reference = referenceState(end, devices);
  const start = events[0]?.t ?? 0;
  // A (record, stamp) pair names one version, so its visible text is computed once however many
  // devices merge it.
  const texts = new Map<string, string | null>();
  const textOf = (v: TraceVersion) => {
    const key = `${v.id}\u0000${v.stamp}`;
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = visibleValue(v)));
    return text;
  };
  // Per device, the visible value of each record it holds, as text.
  const state = new Map<string, Map<string, string | null>>(devices.map((d) => [d, new Map()]));
  const replica = (device: string) => state.get(device) ?? state.set(device, new Map()).get(device)!;
  // A device that holds nothing differs on every record the reference shows.
  const visibleInReference = [...reference.values()].filter((v) => v !== null).length;
  const diff = new Map<string, number>(devices.map((d) => [d, visibleInReference]));
  const series = new Map<string, StepPoint[]>(devices.map((d) => [d, [{ t: start, value: visibleInReference }]]));
  const differs = (value: string | null | undefined, recordId: string) => (value ?? null) !== (reference.get(recordId) ?? null);
  const recount = (device: string) => {
    let n = 0;
    const held = replica(device);
    for (const [id, value] of reference) if ((held.get(id) ?? null) !== value) n++;
    for (const [id, value] of held) if (!reference.has(id) && value !== null) n++;
    return n;
  };
  let healAt: number | null = null;
  let allZeroFrom: number | null = visibleInReference === 0 ? start : null;
  let nonZero = devices.length > 0 && visibleInReference > 0 ? devices.length : 0;

  for (const e of events) {
    if (e.kind === 'phase' && e.phase === 'heal' && healAt === null) healAt = e.t;
    let device: string;
    let count: number;
    if (e.kind === 'restart') {
      device = e.device;
      state.set(device, new Map(e.versions.map((v) => [v.id, textOf(v)])));
      count = recount(device);
    } else if ((e.kind === 'local-write' && e.ok && e.version) || (e.kind === 'merge' && e.version)) {
      device = e.device;
      const held = replica(device);
      const before = differs(held.get(e.recordId), e.recordId);
      const value = textOf(e.version);
      held.set(e.recordId, value);
      const after = differs(value, e.recordId);
      count = (diff.get(device) ?? 0) + (after ? 1 : 0) - (before ? 1 : 0);
    } else continue;
    const previous = diff.get(device) ?? 0;
    if (count === previous) continue;
    diff.set(device, count);
    if (!series.has(device)) series.set(device, []);
    const points = series.get(device)!;
    const tail = points.at(-1);
    if (tail && tail.t === e.t) tail.value = count;
    else points.push({ t: e.t, value: count });
    if (previous === 0 && count > 0) nonZero++;
    if (previous > 0 && count === 0) nonZero--;
    allZeroFrom = nonZero === 0 ? e.t : null;
  }
  const convergedAt = end?.convergedAt ?? null;
  return {
    series,
    reference,
    converged: end?.converged ?? false,
    convergedAt,
    healAt,
    timeToConverge: convergedAt === null ? null : Math.max(0, convergedAt - (healAt ?? start)),
    allZeroFrom,
  };
}
