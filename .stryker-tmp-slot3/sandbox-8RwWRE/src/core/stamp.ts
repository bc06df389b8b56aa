/**
 * Stamps: the total order that last-write-wins is decided by.
 *
 * A stamp is `(wallMs, counter, deviceId)`, compared lexicographically; ties on time break on the
 * counter and then on the device id, so two distinct writes never compare equal. Two modes make
 * stamps:
 * - `hlc`: a hybrid logical clock. It never goes backwards, even when the wall clock does, and it
 *   moves past every stamp the device has seen, so a write made after seeing another write wins.
 * - `wall`: the device's raw wall-clock reading (the literal reading of "timestamp ordering").
 *   Deterministic, but a skewed or jumping clock makes a later write lose; the lab exists to show it.
 */
// @ts-nocheck


export type StampMode = 'hlc' | 'wall';

export interface Stamp {
  readonly wallMs: number;
  readonly counter: number;
  readonly deviceId: string;
}

/** Total order: negative when a < b, zero only for the same stamp. */
export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.deviceId === b.deviceId) return 0;
  return a.deviceId < b.deviceId ? -1 : 1;
}

export function maxStamp(a: Stamp, b: Stamp): Stamp {
  return compareStamps(a, b) >= 0 ? a : b;
}

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 8;

/** Encodes a stamp as a string that sorts (as a plain string) in stamp order. */
export function encodeStamp(s: Stamp): string {
  if (!Number.isSafeInteger(s.wallMs) || s.wallMs < 0) {
    throw new RangeError(`core/stamp: wallMs must be a non-negative safe integer, got ${s.wallMs}`);
  }
  return `${String(s.wallMs).padStart(WALL_DIGITS, '0')}.${String(s.counter).padStart(COUNTER_DIGITS, '0')}.${s.deviceId}`;
}

export function decodeStamp(text: string): Stamp {
  const first = text.indexOf('.');
  const second = text.indexOf('.', first + 1);
  if (first !== WALL_DIGITS || second !== WALL_DIGITS + 1 + COUNTER_DIGITS) {
    throw new SyntaxError(`core/stamp: expected "<15 digits>.<8 digits>.<deviceId>", got ${JSON.stringify(text)}`);
  }
  return {
    wallMs: Number(text.slice(0, first)),
    counter: Number(text.slice(first + 1, second)),
    deviceId: text.slice(second + 1),
  };
}

/** The state a device keeps to issue stamps: the last stamp it issued or observed. */
export interface StampClock {
  readonly mode: StampMode;
  readonly deviceId: string;
  last: Stamp;
}

export function createStampClock(mode: StampMode, deviceId: string): StampClock {
  return { mode, deviceId, last: { wallMs: 0, counter: 0, deviceId } };
}

/** Issues the stamp for a local write at the given wall-clock reading. Mutates `clock.last`. */
export function tick(clock: StampClock, wallMs: number): Stamp {
  const wall = Math.max(0, Math.floor(wallMs));
  let next: Stamp;
  if (clock.mode === 'wall') {
    // Raw wall time; the counter only separates writes within the same millisecond.
    const counter = clock.last.wallMs === wall ? clock.last.counter + 1 : 0;
    next = { wallMs: wall, counter, deviceId: clock.deviceId };
  } else if (wall > clock.last.wallMs) {
    next = { wallMs: wall, counter: 0, deviceId: clock.deviceId };
  } else {
    next = { wallMs: clock.last.wallMs, counter: clock.last.counter + 1, deviceId: clock.deviceId };
  }
  clock.last = next;
  return next;
}

/** Folds a remote stamp into the clock (HLC receive rule). In `wall` mode nothing is learned. */
export function observe(clock: StampClock, remote: Stamp, wallMs: number): void {
  if (clock.mode === 'wall') return;
  const wall = Math.max(0, Math.floor(wallMs));
  const top = Math.max(wall, clock.last.wallMs, remote.wallMs);
  let counter: number;
  if (top === clock.last.wallMs && top === remote.wallMs) counter = Math.max(clock.last.counter, remote.counter) + 1;
  else if (top === clock.last.wallMs) counter = clock.last.counter + 1;
  else if (top === remote.wallMs) counter = remote.counter + 1;
  else counter = 0;
  clock.last = { wallMs: top, counter, deviceId: clock.deviceId };
}
