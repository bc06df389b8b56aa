/**
 * Derived views of one trace, computed once and shared by every checker that reads them (issue 15,
 * "checkers may run as one fused pass ... sharing derived views"). Before, each checker re-derived
 * its own: the committed ops (nine checkers and the hazards), the oracle, the causality of writes,
 * which writes reached the server, run-end. Each view is computed on first use from the
 * trace alone (and the order the run is judged by), then kept: `checkRun` builds one `TraceViews` per
 * trace and hands it to every checker; a checker called on its own builds its own.
 *
 * The views are read-only (ReadonlyMap, classes without mutators): a checker that wants its own
 * copy to fold must copy it. Nothing here knows the engine; it reads only the trace format.
 */
import type { RunEndEvent, TraceEvent, TraceVersion } from '../../trace/events.ts';
import type { StampOrder } from '../../trace/stamp-order.ts';
import { Causality } from './causality.ts';
import { damagedAnswerCopies, undecidedMerges } from './damaged-answers.ts';
import { committedOps, lwwFold, orderOf, runEnd, ServerLog } from './reading.ts';
import type { CheckInput, CommittedOp, Compare } from './reading.ts';

const UNSET = Symbol('unset');
type Lazy<T> = T | typeof UNSET;

export class TraceViews {
  readonly trace: readonly TraceEvent[];
  /** The order the run is judged by: the engine's declared one, or the built-in one. */
  readonly order: StampOrder;
  /** Its comparison (negative: a is older). */
  readonly compare: Compare;
  private committedView: Lazy<ReadonlyMap<string, CommittedOp>> = UNSET;
  private oracleView: Lazy<ReadonlyMap<string, TraceVersion>> = UNSET;
  private causalityView: Lazy<Causality> = UNSET;
  private serverLogView: Lazy<ServerLog | undefined> = UNSET;
  private endView: Lazy<RunEndEvent | undefined> = UNSET;
  private undecidedView: Lazy<ReadonlySet<number>> = UNSET;
  private damagedCopiesView: Lazy<ReadonlySet<string>> = UNSET;

  constructor(readonly input: CheckInput) {
    this.trace = input.trace;
    this.order = orderOf(input);
    const order = this.order;
    this.compare = (a, b) => order.compare(a, b);
  }

  /** Every write the user was told is saved (ok local-writes), by op id, in trace order (`committedOps`). */
  get committed(): ReadonlyMap<string, CommittedOp> {
    if (this.committedView === UNSET) this.committedView = committedOps(this.trace);
    return this.committedView;
  }

  /** The oracle (`oracleState`): per record, the committed version with the greatest stamp by the order the run is judged by. */
  get oracle(): ReadonlyMap<string, TraceVersion> {
    if (this.oracleView === UNSET) this.oracleView = lwwFold(this.committed, this.compare);
    return this.oracleView;
  }

  /** Which committed write descends from which (local-write `base`), their writers and stamps. */
  get causality(): Causality {
    if (this.causalityView === UNSET) this.causalityView = new Causality(this.trace);
    return this.causalityView;
  }

  /** The last event of the trace when it is run-end, else undefined (a trace cut short). */
  get end(): RunEndEvent | undefined {
    if (this.endView === UNSET) this.endView = runEnd(this.trace);
    return this.endView;
  }

  /** Which committed ops reached the server, read from run-end's server log (undefined without run-end). */
  get serverLog(): ServerLog | undefined {
    if (this.serverLogView === UNSET) {
      const end = this.end;
      this.serverLogView = end === undefined ? undefined : new ServerLog(end, this.compare);
    }
    return this.serverLogView;
  }

  /** The `i` of merges of answers delivered with a damaged op that do not show the op they name (damaged-answers.ts): no ranking decision. */
  get undecided(): ReadonlySet<number> {
    if (this.undecidedView === UNSET) this.undecidedView = undecidedMerges(this.trace, this.damagedCopies);
    return this.undecidedView;
  }

  /** The answer copies (msg ids) that reached their device with an op damaged in transit (damaged-answers.ts). */
  get damagedCopies(): ReadonlySet<string> {
    if (this.damagedCopiesView === UNSET) this.damagedCopiesView = damagedAnswerCopies(this.trace);
    return this.damagedCopiesView;
  }
}

/** The views of `input`: `given` when it was built for this very input, else fresh ones. */
export function viewsOf(input: CheckInput, given?: TraceViews): TraceViews {
  return given !== undefined && given.input === input ? given : new TraceViews(input);
}
