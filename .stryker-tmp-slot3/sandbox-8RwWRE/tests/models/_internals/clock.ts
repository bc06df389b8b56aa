/** A virtual clock for machine tests: XState delays fire only when the test advances it. */
// @ts-nocheck

import { VirtualTimers } from '../../../src/sim/lifecycle.ts';

export function virtualClock() {
  let nowUs = 0;
  const timers = new VirtualTimers(() => nowUs);
  return {
    clock: timers.clock,
    timers,
    advanceMs(ms: number): void {
      const until = nowUs + ms * 1000;
      // Fire each timer at its own due time, as the world does.
      for (let due = timers.nextDueUs(); due !== null && due <= until; due = timers.nextDueUs()) {
        nowUs = Math.max(nowUs, due);
        timers.fireDue(nowUs);
      }
      nowUs = until;
    },
  };
}
