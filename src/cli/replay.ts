/**
 * `sync-lab replay <file>`: reproduces a recorded failure exactly and says whether it still happens.
 * Exit 1: the violation still happens; 0: it no longer does (fixed); 2: bad file. A trace hash that
 * differs from the recorded one is reported (the engine or the simulator changed since).
 */
import type { Command } from 'commander';
import { runChecked } from '../lab/run-checked.ts';
import { readReplayFile } from '../explore/replay-file.ts';
import { canonicalJson } from '../core/canonical.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { loadReconciler } from '../io/reconciler-loader.ts';
import { UsageError } from '../io/usage-error.ts';
import { writeVizHtml } from '../report/viz-html.ts';
import { errorText } from '../io/error-text.ts';

export interface ReplayOutcome {
  file: string;
  checker: string;
  /** The reconciler the schedule ran against: the recorded one unless overridden. */
  reconciler: string;
  reproduced: boolean;
  traceHash: string;
  recordedTraceHash: string;
  hashMatches: boolean;
  violations: { checker: string; message: string; eventIndex: number; t: number }[];
}

/** `reconcilerOverride`: a module path (or 'default') to replay the schedule against instead of the recorded one. */
/** `vizPath`: also write a self-contained HTML visualizer of the replayed run there. */
export async function replayFile(path: string, tracePath?: string, reconcilerOverride?: string, vizPath?: string): Promise<ReplayOutcome> {
  const file = readReplayFile(path);
  let options;
  try {
    options = resolveSimOptions(file.options, `${path} (options)`);
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(`replay: ${error.message}`);
    throw error;
  }
  const modulePath = reconcilerOverride ?? file.reconciler;
  const reconciler = await loadReconciler(modulePath === 'default' ? undefined : modulePath);
  const result = runChecked({ options, schedule: file.schedule as unknown as Schedule, reconciler });
  if (tracePath) writeTextAtomic(tracePath, result.trace.map((e) => canonicalJson(e)).join('\n') + '\n');
  if (vizPath) {
    try {
      await writeVizHtml({ trace: result.trace, violations: result.violations, outPath: vizPath, title: `replay ${path.split(/[\\/]/).at(-1) ?? path}` });
    } catch (error) {
      throw new UsageError(`replay: --viz ${vizPath}: cannot write: ${errorText(error)}`);
    }
  }
  return {
    file: path,
    checker: file.checker,
    reconciler: modulePath,
    reproduced: result.violations.some((v) => v.checker === file.checker),
    traceHash: result.traceHash,
    recordedTraceHash: file.traceHash,
    hashMatches: result.traceHash === file.traceHash,
    violations: result.violations.map((v) => ({ checker: v.checker, message: v.message, eventIndex: v.eventIndex, t: v.t })),
  };
}

function hashNote(outcome: ReplayOutcome, overridden: boolean): string {
  if (outcome.hashMatches) return '(matches the recording)';
  if (overridden) return `(the recording, ${outcome.recordedTraceHash}, ran another reconciler)`;
  return `(DIFFERS from the recorded ${outcome.recordedTraceHash}: engine or simulator changed)`;
}

export function registerReplay(program: Command): void {
  program
    .command('replay <file>')
    .description('re-run a replay file exactly; exit 1 if its violation still happens')
    .option('--trace <out.jsonl>', 'write the trace')
    .option('--json', 'print one JSON object')
    .option('--reconciler <module>', "replay against this reconciler module ('default' for the built-in one) instead of the recorded one")
    .option('--viz <report.html>', 'write a self-contained HTML visualizer of the replayed run')
    .action(async (path: string, opts: { trace?: string; json?: boolean; reconciler?: string; viz?: string }) => {
      const outcome = await replayFile(path, opts.trace, opts.reconciler, opts.viz);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(outcome)}\n`);
      } else {
        const first = outcome.violations.find((v) => v.checker === outcome.checker);
        process.stdout.write(
          [
            `replay ${path} (reconciler ${outcome.reconciler})`,
            `  trace hash ${outcome.traceHash} ${hashNote(outcome, opts.reconciler !== undefined)}`,
            outcome.reproduced
              ? `  ${outcome.checker} still violated at event ${first?.eventIndex} (t=${first?.t} µs): ${first?.message}`
              : `  ${outcome.checker} no longer violated`,
            ...(opts.trace ? [`  trace: ${opts.trace}`] : []),
            ...(opts.viz ? [`  visualizer: ${opts.viz}`] : []),
          ].join('\n') + '\n',
        );
      }
      process.exitCode = outcome.reproduced ? 1 : 0;
    });
}
