// The `input-probe` trace event, apart from events.ts (which lists it among TraceEvent) to keep that file within its size floor.
/**
 * An input probe of the schedule (userInputProbesPerHour; src/sim/input-probe.ts): what the app handed
 * the engine and what the engine did with it. Bad input must be refused with a reason and change
 * nothing; `all-types` (good input, also recorded as an ordinary `local-write`) must be stored as
 * written, whatever the app does afterwards to the object it passed or the version it got back.
 */
export interface InputProbeEvent {
  i: number;
  t: number;
  kind: 'input-probe';
  device: string;
  /** One of the schedule's INPUT_PROBES. */
  probe: string;
  /** What the app handed the engine, in words (NaN and Infinity have no JSON form). */
  input: string;
  /** The engine accepted it (returned a version); false: it threw. */
  ok: boolean;
  /** When refused: the engine's error text (traceErrorText) and its bare message, which must say why. */
  error?: string;
  reason?: string;
  /** Refusals: the records whose version the call changed, and the pending count before and after it. */
  changed?: string[];
  pending?: { before: number; after: number };
  /** all-types: the fields written, those of the version the call returned (copied at once), and those read back after the app's changes (null: not shown). */
  asked?: Record<string, unknown>;
  returned?: Record<string, unknown>;
  readBack?: Record<string, unknown> | null;
}
