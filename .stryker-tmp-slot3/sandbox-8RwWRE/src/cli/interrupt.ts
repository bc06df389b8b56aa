/**
 * Ctrl-C (SIGINT; SIGTERM is handled the same way but exits 143) during a long command (`explore`, `lab`): gives the terminal back
 * its cursor and line wrap, throws away results still being staged (the previous results stay as they
 * were; nothing is half-written), says how many seeds finished, and exits 130 (128 + SIGINT), the
 * code shells expect from an interrupted program.
 */
// @ts-nocheck

import { abandonActiveStages } from '../io/output-dir.ts';
import type { ProgressReporter } from './progress.ts';
import { RESTORE_TERMINAL } from './progress.ts';

export const INTERRUPTED_EXIT_CODE = 130;

export interface InterruptContext {
  command: string;
  progress: Pick<ProgressReporter, 'seeds' | 'stop'>;
  stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
  /** Throws away staged output and returns the folders whose previous results are kept. */
  abandonStaged?: () => string[];
}

/** Everything an interrupt does short of exiting; returns the line it printed. */
export function handleInterrupt(context: InterruptContext): string {
  context.progress.stop();
  if (context.stream.isTTY) context.stream.write(RESTORE_TERMINAL);
  const kept = (context.abandonStaged ?? abandonActiveStages)();
  const { done, total } = context.progress.seeds();
  const seeds = done === 0 && total === undefined ? 'no seed finished' : `${done}${total !== undefined ? ` of ${total}` : ''} seed(s) finished`;
  const results = kept.length > 0 ? `; nothing written: the previous results in ${kept.join(', ')} are as they were` : '; no file was left half-written';
  const line = `${context.command}: interrupted; ${seeds}${results}`;
  // A fresh line: the bar or a progress line may have been mid-way.
  context.stream.write(`\n${line}\n`);
  return line;
}

/** Installs the handler for the length of a command; returns the function that removes it. */
export function onInterrupt(command: string, progress: Pick<ProgressReporter, 'seeds' | 'stop'>): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    handleInterrupt({ command, progress, stream: process.stderr });
    process.exit(signal === 'SIGTERM' ? 143 : INTERRUPTED_EXIT_CODE);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
