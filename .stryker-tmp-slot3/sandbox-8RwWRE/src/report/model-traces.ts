/**
 * Recovers the traces of the model paths for the audit. `runModelEvidence` reports each path's seed
 * and trace hash but not its trace (90 traces would be a lot to hold); this re-runs every path with
 * src/lab/model-paths/evidence.ts's own `checkedRunForPathAsync` and keeps a trace only when its hash equals the
 * reported one, so a trace in the audit is provably the run that was judged. Anything that does not
 * reproduce is left without a trace (and the audit says so), never guessed.
 */
// @ts-nocheck

import type { ReconcilerModule } from '../reconciler/types.ts';
import type { TraceEvent } from '../trace/events.ts';
import { checkedRunForPathAsync, modelPathSets } from '../lab/model-paths/evidence.ts';

/** Traces by path id, for the paths whose re-run hash equals `expected` (path id -> trace hash). */
export async function reproduceModelTraces(reconciler: ReconcilerModule, expected: ReadonlyMap<string, string>): Promise<Map<string, TraceEvent[]>> {
  const traces = new Map<string, TraceEvent[]>();
  for (const { model, paths } of modelPathSets()) {
    for (const path of paths) {
      const hash = expected.get(path.id);
      if (hash === undefined) continue;
      const run = await checkedRunForPathAsync(model, path, reconciler);
      if (run.traceHash === hash) traces.set(path.id, run.trace);
    }
  }
  return traces;
}
