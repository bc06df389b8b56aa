/**
 * The run's event budget: a livelock fails fast instead of making a seed slow. An engine that keeps
 * the world busy (answers that trigger a new request at once, wake-ups every millisecond) still ends
 * at the run's end in virtual time, but after millions of simulated events; exploring, it looks like
 * a hang. The budget is `eventBudgetPerSimSecond` times the run's length in simulated seconds
 * (durationMs + quiescenceMs), counted in events the simulator dispatches (deliveries, wake-ups,
 * timeouts, schedule events, ...). Past it the run ends with an `engine-error` finding (call
 * `event-budget`) naming the budget and the device that caused most of the recent traffic; the
 * other checkers judge what came before it. 0: no budget.
 */
import { EngineError } from './engine-answers.ts';
import type { SimOptions } from './options.ts';
import type { TraceEvent } from '../trace/events.ts';

/** How many of the last trace events the finding reads to name the busiest device. */
const RECENT = 2000;

export class EventBudget {
  private spent = 0;
  /** Most dispatched events this run may take (Infinity: no budget). */
  readonly limit: number;

  constructor(private readonly options: Pick<SimOptions, 'eventBudgetPerSimSecond' | 'durationMs' | 'quiescenceMs'>) {
    const rate = options.eventBudgetPerSimSecond;
    this.limit = rate > 0 ? Math.ceil((rate * (options.durationMs + options.quiescenceMs)) / 1000) : Number.POSITIVE_INFINITY;
  }

  /** Counts one dispatched event; past the budget, throws the finding (the world ends the run there). */
  spend(trace: readonly TraceEvent[], nowUs: number): void {
    if (++this.spent <= this.limit) return;
    const { device, count } = busiest(trace.slice(-RECENT));
    const o = this.options;
    throw new EngineError(
      'event-budget',
      device,
      `livelock: the simulator dispatched ${this.limit} events by ${Math.floor(nowUs / 1000)} ms of a ${o.durationMs + o.quiescenceMs} ms run (event budget: eventBudgetPerSimSecond ${o.eventBudgetPerSimSecond} x ${(o.durationMs + o.quiescenceMs) / 1000} s), ${trace.length} trace events; the engine kept the world busy (device ${device}: ${count} of the last ${Math.min(RECENT, trace.length)} trace events)`,
    );
  }
}

/** The device named by most events (a message's sender; `server` counts for its answers' receiver). */
function busiest(events: readonly TraceEvent[]): { device: string; count: number } {
  const counts = new Map<string, number>();
  for (const e of events) {
    const d = 'device' in e && typeof e.device === 'string' ? e.device : e.kind === 'msg-send' ? (e.from === 'server' ? e.to : e.from) : undefined;
    if (d !== undefined) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = { device: 'server', count: 0 };
  for (const [device, count] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) if (count > best.count) best = { device, count };
  return best;
}
