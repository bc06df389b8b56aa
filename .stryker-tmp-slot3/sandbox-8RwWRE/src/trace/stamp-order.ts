/**
 * How an engine orders its stamps, as the checkers need to know it. Types only: a `ReconcilerModule`
 * may declare one (`stampOrder`), and the checkers judge last-write-wins with it instead of the lab's
 * built-in order. Stamps are the encoded strings the trace carries (`TraceVersion.stamp`).
 *
 * What the spec demands of any order, checked separately by the `stamp-order` checker: it is total
 * (`compare` is 0 only for the same stamp, antisymmetric, transitive), the same on every device
 * (every device's merge decisions agree with it and with each other), and consistent with wall time
 * except within the documented tie window (a stamp whose wall reading is more than `tieWindowMs`
 * below another's is ordered before it).
 */
// @ts-nocheck

export interface StampOrder {
  /** Negative when `a` is older, positive when newer, 0 only for the same stamp. Pure and deterministic. */
  compare(a: string, b: string): number;
  /** The wall-clock reading (ms) a stamp carries; without it the wall-time consistency is not judged. */
  wallMs?(stamp: string): number;
  /** Stamps whose wall readings differ by at most this many ms may be ordered either way. Default 0. */
  tieWindowMs?: number;
}
