/**
 * Conflict cards: for each conflict event, the record, the two competing stamps with the devices that
 * made them, the rule applied, which one won, and (when the trace shows it) what each version held,
 * so a reviewer can read the lost write, and whether the two writes were really concurrent.
 */
import type { TraceEvent } from '../../../src/trace/events.ts';
import { visibleValue } from './replica.ts';

export interface StampInfo {
  stamp: string;
  /** The device that minted it (the stamp's last part). */
  device: string;
  wallMs: number | null;
  counter: number | null;
  /** What the version held, if any event of the trace carries it; null: a tombstone; undefined: unseen. */
  value: string | null | undefined;
}

export interface ConflictCard {
  i: number;
  t: number;
  /** The device that detected it. */
  device: string;
  recordId: string;
  rule: string;
  outcome: string;
  winner: StampInfo;
  loser: StampInfo;
  /**
   * How the two writes relate, from `base` on the local writes (the version each writer was
   * editing): `concurrent` (a real conflict), `update` (the winner's writer had seen the loser: a
   * plain update the engine logged as a conflict), `unknown` (the trace carries no causality).
   */
  relation: 'concurrent' | 'update' | 'unknown';
}

/** Encoded stamps are `<15-digit wallMs>.<8-digit counter>.<deviceId>`; anything else is shown as is. */
export function splitStamp(stamp: string): { device: string; wallMs: number | null; counter: number | null } {
  const first = stamp.indexOf('.');
  const second = first === -1 ? -1 : stamp.indexOf('.', first + 1);
  if (first === -1 || second === -1) return { device: '?', wallMs: null, counter: null };
  const wallMs = Number(stamp.slice(0, first));
  const counter = Number(stamp.slice(first + 1, second));
  return { device: stamp.slice(second + 1), wallMs: Number.isFinite(wallMs) ? wallMs : null, counter: Number.isFinite(counter) ? counter : null };
}

export function deriveConflicts(events: readonly TraceEvent[]): ConflictCard[] {
  // Only the stamps that appear in conflicts need their values looked up.
  const wanted = new Set<string>();
  for (const e of events) if (e.kind === 'conflict') wanted.add(e.winner).add(e.loser);
  if (wanted.size === 0) return [];
  const values = new Map<string, string | null>();
  const note = (stamp: string, v: Parameters<typeof visibleValue>[0]) => {
    if (wanted.has(stamp) && !values.has(stamp)) values.set(stamp, visibleValue(v));
  };
  for (const e of events) {
    if (e.kind === 'local-write' && e.version) note(e.version.stamp, e.version);
    else if (e.kind === 'merge' && e.version) note(e.version.stamp, e.version);
    else if (e.kind === 'restart') for (const v of e.versions) note(v.stamp, v);
  }
  const bases = new Map<string, string | null>();
  const opOf = new Map<string, string>();
  for (const e of events) {
    if (e.kind !== 'local-write' || !e.ok || !e.version) continue;
    opOf.set(e.version.stamp, e.version.opId);
    if (e.base !== undefined) bases.set(e.version.opId, e.base);
  }
  const descends = (op: string, ancestor: string): boolean => {
    const walked = new Set<string>();
    for (let at = bases.get(op); at; at = bases.get(at)) {
      if (at === ancestor) return true;
      if (walked.has(at)) return false;
      walked.add(at);
    }
    return false;
  };
  const relation = (winner: string, loser: string): ConflictCard['relation'] => {
    const w = opOf.get(winner);
    const l = opOf.get(loser);
    if (!w || !l || !bases.has(w) || !bases.has(l)) return 'unknown';
    return descends(w, l) ? 'update' : 'concurrent';
  };
  const info = (stamp: string): StampInfo => ({ stamp, ...splitStamp(stamp), value: values.has(stamp) ? values.get(stamp)! : undefined });
  const cards: ConflictCard[] = [];
  for (const e of events) {
    if (e.kind !== 'conflict') continue;
    cards.push({ i: e.i, t: e.t, device: e.device, recordId: e.recordId, rule: e.rule, outcome: e.outcome, winner: info(e.winner), loser: info(e.loser), relation: relation(e.winner, e.loser) });
  }
  return cards;
}
