/**
 * The idle-wake bound: an efficiency bound on wake-ups that lead nowhere. A device that asks to be
 * woken again and again with nothing it can send drains a phone's battery, and the event budget
 * (event-budget.ts), sized for the whole run, lets one device busy-wake through seconds offline.
 *
 * An idle wake-up is a wake-up the engine asked for (its `nextWakeMs`, host.ts `wake`) after which
 * it handed over no request (`poll`, in that wake's `pump`). Per device, the bound counts them in a
 * sliding window of one simulated second of true time (µs in (now - 1 s, now]); past
 * `idleWakesPerDeviceSecondMax` the run ends with an `engine-error` finding (call `idle-wakes`),
 * as the event budget's does. 0: no bound (nothing is counted, so the trace is as before).
 *
 * Cheap and deterministic: a device's window is a ring of the times of its idle wake-ups, at most
 * the bound plus one, allocated at its first idle wake-up; each wake-up is amortised O(1).
 */
import { EngineError } from './engine-answers.ts';
import type { SimOptions } from './options.ts';

/** The window the bound counts in: one simulated second, in µs of true time. */
export const IDLE_WAKE_WINDOW_US = 1_000_000;

/** One device's idle wake-ups inside the window, oldest first: `times[head]`, then `size - 1` more, wrapping. */
interface Window {
  readonly times: Float64Array;
  head: number;
  size: number;
}

export class IdleWakes {
  private readonly windows = new Map<string, Window>();

  private constructor(readonly max: number) {}

  /** The bound for these options, or undefined when it is off (idleWakesPerDeviceSecondMax 0). */
  static of(options: Pick<SimOptions, 'idleWakesPerDeviceSecondMax'>): IdleWakes | undefined {
    const max = options.idleWakesPerDeviceSecondMax;
    return max > 0 ? new IdleWakes(max) : undefined;
  }

  /** Counts an idle wake-up of `device` at `nowUs` (true time); past the bound, throws the finding (the world ends the run there). */
  idle(device: string, nowUs: number): void {
    let w = this.windows.get(device);
    if (!w) this.windows.set(device, (w = { times: new Float64Array(this.max + 1), head: 0, size: 0 }));
    const capacity = w.times.length;
    while (w.size > 0 && w.times[w.head]! <= nowUs - IDLE_WAKE_WINDOW_US) {
      w.head = (w.head + 1) % capacity;
      w.size--;
    }
    w.times[(w.head + w.size) % capacity] = nowUs;
    if (++w.size <= this.max) return;
    const firstUs = w.times[w.head]!;
    throw new EngineError(
      'idle-wakes',
      device,
      `idle wake-ups: device ${device} was woken ${w.size} times within ${IDLE_WAKE_WINDOW_US / 1000} ms (from ${ms(firstUs)} to ${ms(nowUs)} ms) at the times it asked for (nextWakeMs) and sent no request after any of them (bound: idleWakesPerDeviceSecondMax ${this.max} per device per simulated second); expected a device with nothing it can send (offline, waiting for an answer or its backoff) to ask to be woken when it can send, not again and again (a busy wait drains a phone's battery)`,
    );
  }

  /** The idle wake-ups of `device` in the window ending at its latest one (0 before any). */
  countOf(device: string): number {
    return this.windows.get(device)?.size ?? 0;
  }
}

/** A true time in µs as ms with up to three decimals. */
function ms(us: number): string {
  return String(us / 1000);
}
