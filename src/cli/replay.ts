/**
 * `sync-lab replay <file>`: reproduces a recorded failure exactly and says whether it still happens.
 * Exit 1: the violation still happens; 0: it no longer does (fixed); 2: bad file. A trace hash that
 * differs from the recorded one is reported (the engine or the simulator changed since).
 */
import type { Command } from 'commander';
import { runChecked } from '../check/run-checked.ts';
import { readReplayFile } from '../explore/replay-file.ts';
import { canonicalJson } from '../core/canonical.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import { writeTextAtomic } from './write-atomic.ts';
import { loadReconciler } from './reconciler-loader.ts';
import { UsageError } from './usage-error.ts';

export interface ReplayOutcome {
  file: string;
  checker: string;
  reproduced: boolean;
  traceHash: string;
  recordedTraceHash: string;
  hashMatches: boolean;
  violations: { checker: string; message: string; eventIndex: number; t: number }[];
}

export async function replayFile(path: string, tracePath?: string): Promise<ReplayOutcome> {
  const file = readReplayFile(path);
  let options;
  try {
    options = resolveSimOptions(file.options, `${path} (options)`);
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(`replay: ${error.message}`);
    throw error;
  }
  const reconciler = await loadReconciler(file.reconciler === 'default' ? undefined : file.reconciler);
  const result = runChecked({ options, schedule: file.schedule as unknown as Schedule, reconciler });
  if (tracePath) writeTextAtomic(tracePath, result.trace.map((e) => canonicalJson(e)).join('\n') + '\n');
  return {
    file: path,
    checker: file.checker,
    reproduced: result.violations.some((v) => v.checker === file.checker),
    traceHash: result.traceHash,
    recordedTraceHash: file.traceHash,
    hashMatches: result.traceHash === file.traceHash,
    violations: result.violations.map((v) => ({ checker: v.checker, message: v.message, eventIndex: v.eventIndex, t: v.t })),
  };
}

export function registerReplay(program: Command): void {
  program
    .command('replay <file>')
    .description('re-run a replay file exactly; exit 1 if its violation still happens')
    .option('--trace <out.jsonl>', 'write the trace')
    .option('--json', 'print one JSON object')
    .action(async (path: string, opts: { trace?: string; json?: boolean }) => {
      const outcome = await replayFile(path, opts.trace);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(outcome)}\n`);
      } else {
        const first = outcome.violations.find((v) => v.checker === outcome.checker);
        process.stdout.write(
          [
            `replay ${path}`,
            `  trace hash ${outcome.traceHash} ${outcome.hashMatches ? '(matches the recording)' : `(DIFFERS from the recorded ${outcome.recordedTraceHash}: engine or simulator changed)`}`,
            outcome.reproduced
              ? `  ${outcome.checker} still violated at event ${first?.eventIndex} (t=${first?.t} µs): ${first?.message}`
              : `  ${outcome.checker} no longer violated`,
            ...(opts.trace ? [`  trace: ${opts.trace}`] : []),
          ].join('\n') + '\n',
        );
      }
      process.exitCode = outcome.reproduced ? 1 : 0;
    });
}
