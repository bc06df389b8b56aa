/**
 * engine-error: the engine under test never throws, and never answers what the simulator cannot use.
 * The simulator's engine guard (src/sim/engine-guard.ts) ends a run at the first such failure with an
 * `engine-error` event; this checker reads only that event, so a run that ended early is reported as
 * what it is: a finding about the engine, with the call, the device and what went wrong.
 */
import { defineChecker } from './_internals/facts.ts';

export const engineError = defineChecker({
  id: 'engine-error',
  title: 'The engine never fails',
  property: 'no Reconciler call (nor create/restore) throws or returns what the Reconciler interface does not allow',
  check({ trace }, found) {
    for (const e of trace) {
      if (e.kind !== 'engine-error') continue;
      // The simulator's event budget (src/sim/event-budget.ts): no call failed, the engine never let the world go quiet.
      if (e.call === 'event-budget') found.add(`device ${e.device}: ${e.message}; the run stopped there (expected the engine to stop sending and waking when it has nothing to do)`, e, [e.device], []);
      // The idle-wake bound (src/sim/idle-wakes.ts): no call failed, the device was woken again and again for nothing; the message says what was expected.
      else if (e.call === 'idle-wakes') found.add(`device ${e.device}: ${e.message}; the run stopped there`, e, [e.device], []);
      else found.add(`device ${e.device}: the engine failed in ${e.call}: ${e.message}; the run stopped there (expected every Reconciler call to return what the interface promises)`, e, [e.device], []);
    }
    return found.list;
  },
});
