/**
 * The simulator's event queue: a binary min-heap ordered by (time in µs, lane, insertion sequence),
 * so events at the same instant run in the order they were scheduled, except that an event pushed on
 * lane FIRST_LANE runs before every ordinary event of its instant (the lifecycle actors' delays: a
 * model's timeout that falls due at an instant has happened by the time anything else there runs).
 * Parallel arrays keep the hot path free of per-comparison allocation.
 */
// @ts-nocheck

export const FIRST_LANE = 0;
const DEFAULT_LANE = 1;

export class EventQueue<T> {
  private times: number[] = [];
  private lanes: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  push(timeUs: number, item: T, lane: number = DEFAULT_LANE): void {
    if (!Number.isSafeInteger(timeUs) || timeUs < 0) {
      throw new RangeError(`sim/event-queue: time must be a non-negative integer of µs, got ${timeUs}`);
    }
    let i = this.items.length;
    this.times.push(timeUs);
    this.lanes.push(lane);
    this.seqs.push(this.nextSeq++);
    this.items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peekTime(): number | undefined {
    return this.times[0];
  }

  peekItem(): T | undefined {
    return this.items[0];
  }

  /** Removes the earliest event; call only when size > 0. */
  pop(): { timeUs: number; item: T } {
    const timeUs = this.times[0]!;
    return { timeUs, item: this.popItem() };
  }

  /** Removes the earliest event and returns its item (its time is `peekTime()` before); call only when size > 0. */
  popItem(): T {
    const item = this.items[0]!;
    const last = this.items.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.lanes.pop();
    this.seqs.pop();
    this.items.pop();
    let i = 0;
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.less(left, smallest)) smallest = left;
      if (right < n && this.less(right, smallest)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
    return item;
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    if (ta !== tb) return ta < tb;
    const la = this.lanes[a]!;
    const lb = this.lanes[b]!;
    return la < lb || (la === lb && this.seqs[a]! < this.seqs[b]!);
  }

  private swap(a: number, b: number): void {
    const t = this.times[a]!;
    this.times[a] = this.times[b]!;
    this.times[b] = t;
    const l = this.lanes[a]!;
    this.lanes[a] = this.lanes[b]!;
    this.lanes[b] = l;
    const s = this.seqs[a]!;
    this.seqs[a] = this.seqs[b]!;
    this.seqs[b] = s;
    const x = this.items[a]!;
    this.items[a] = this.items[b]!;
    this.items[b] = x;
  }
}
