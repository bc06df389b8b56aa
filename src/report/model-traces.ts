/**
 * Recovers the traces of the model paths for the audit. models/evidence.ts reports each path's seed
 * and trace hash but not its trace; this re-runs every path the same way and keeps a trace only when
 * its hash equals the reported one, so a trace in the audit is provably the run that was judged.
 * Anything that does not reproduce is left without a trace (and the audit says so), never guessed.
 */
import { runChecked } from '../check/run-checked.ts';
import type { ReconcilerModule } from '../reconciler/types.ts';
import { resolveSimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import type { Mode, TraceEvent } from '../sim/trace.ts';

const EVIDENCE_MODULE = new URL('../../models/evidence.ts', import.meta.url);
const PATH_SCHEDULE_MODULE = new URL('../../models/path-to-schedule.ts', import.meta.url);

interface PathShape {
  id: string;
  steps: { event: unknown }[];
}
interface EvidenceModule {
  modelPathSets?: () => { model: { initialMode?: Mode }; paths: PathShape[] }[];
  seedForPath?: (id: string) => number;
}
interface PathScheduleModule {
  pathToSchedule?: (events: unknown[], opts: { devices: 2 | 3; initialMode?: Mode }) => { schedule: Schedule; durationMs: number };
}

/** Traces by path id, for the paths whose re-run hash equals `expected` (path id -> trace hash). */
export async function reproduceModelTraces(reconciler: ReconcilerModule, expected: ReadonlyMap<string, string>): Promise<Map<string, TraceEvent[]>> {
  const traces = new Map<string, TraceEvent[]>();
  const evidence = (await import(EVIDENCE_MODULE.href)) as EvidenceModule;
  const paths = (await import(PATH_SCHEDULE_MODULE.href)) as PathScheduleModule;
  const { modelPathSets, seedForPath } = evidence;
  const { pathToSchedule } = paths;
  if (!modelPathSets || !seedForPath || !pathToSchedule) return traces;
  for (const { model, paths: modelPaths } of modelPathSets()) {
    for (const path of modelPaths) {
      const hash = expected.get(path.id);
      if (hash === undefined) continue;
      const { schedule, durationMs } = pathToSchedule(
        path.steps.map((s) => s.event),
        { devices: 3, ...(model.initialMode ? { initialMode: model.initialMode } : {}) },
      );
      const options = resolveSimOptions({ seed: seedForPath(path.id), devices: schedule.devices.length, durationMs, quiescenceMs: 60_000 }, `model path ${path.id}`);
      const run = runChecked({ options, schedule, reconciler });
      if (run.traceHash === hash) traces.set(path.id, run.trace);
    }
  }
  return traces;
}
