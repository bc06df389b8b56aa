/**
 * The in-process loader of each kind of file: exactly what the command calls before it runs
 * anything, so the fuzz test can push thousands of cases through it without a process each.
 * When a loader moves or is renamed, this is the one place to follow it.
 */
// @ts-nocheck

import { readTraceFile } from '../../../src/cli/viz.ts';
import { readShard } from '../../../src/cli/merge.ts';
import { resolveRunOptions } from '../../../src/cli/run.ts';
import { loadProfile } from '../../../src/explore/profile.ts';
import { readReplayFile } from '../../../src/explore/replay-file.ts';
import { loadScenario } from '../../../src/explore/scenario-file.ts';
import { UsageError } from '../../../src/io/usage-error.ts';
import { OptionsError, resolveSimOptions } from '../../../src/sim/options.ts';
import type { InputKind } from './corpus.ts';

export const LOADERS: Record<InputKind, (path: string) => unknown> = {
  options: (path) => resolveRunOptions({ options: path }),
  scenario: (path) => loadScenario(path),
  replay: (path) => {
    // What `replay` does before it runs the schedule (src/cli/replay.ts).
    const file = readReplayFile(path);
    try {
      return { ...file, options: resolveSimOptions(file.options, `${path} (options)`) };
    } catch (error) {
      if (error instanceof OptionsError) throw new UsageError(`replay: ${error.message}`);
      throw error;
    }
  },
  profile: (path) => loadProfile(path),
  trace: (path) => readTraceFile(path),
  shard: (path) => readShard(path),
};

/**
 * A refusal must say where: the file, and a field (or, for text that does not parse, the format
 * or the line). Returns what is missing, or null when the message is good.
 */
export function refusalProblem(message: string, path: string): string | null {
  if (!message.includes(path)) return `the message does not name the file ${path}`;
  // A problem with the whole document (not an object, empty) has no field: it must say what was expected instead.
  const where = /field "[^"]*"|\bfield\b|:\d+: |not valid (JSON|YAML)|line \d+|trace\[\d+\]|violations|is empty|no events|expected an? (object|array|event|trace)/;
  if (!where.test(message)) return 'the message names neither a field nor where the text stops parsing';
  if (message.includes('\n    at ')) return 'the message carries a stack trace';
  return null;
}
