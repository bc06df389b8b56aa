/**
 * Explore's progress on stderr: a bar on a terminal, plain periodic lines otherwise. Fed by the
 * pipeline's `onProgress` callback; `stop()` must run when the pipeline ends (it restores the cursor
 * and line wrap the bar turned off), and the Ctrl-C handler reads `seeds()` and calls `stop()` too.
 */
// @ts-nocheck

import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { ExploreProgress } from '../explore/run-explore.ts';

/** 'auto' (bar on a terminal, lines otherwise), 'lines' or 'none'. */
export type ProgressMode = 'auto' | 'lines' | 'none';

export interface ProgressReporter {
  onProgress(progress: ExploreProgress): void;
  /** Seeds finished so far and the total (undefined under a time budget). */
  seeds(): { done: number; total: number | undefined };
  /** Ends the bar and gives the terminal back its cursor and line wrap; safe to call twice. */
  stop(): void;
}

/** Shows the cursor (DECTCEM) and turns line wrap back on (DECAWM): what the bar switched off. */
export const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h';

export function makeProgress(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  let done = 0;
  let total: number | undefined;
  const seeds = () => ({ done, total });
  if (mode === 'none') {
    return { onProgress: (p) => ({ done, total } = p), seeds, stop: () => {} };
  }
  const started = performance.now();
  const rate = (count: number, now: number) => (count / (now - started)) * 1000;
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = started;
  return {
    onProgress(progress) {
      ({ done, total } = progress);
      const { failing } = progress;
      const now = performance.now();
      if (mode === 'auto' && stream.isTTY && total !== undefined) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            // gracefulExit off: Ctrl-C is handled by the command (src/cli/interrupt.ts), which stops the bar itself.
            { format: 'explore [{bar}] {value}/{total} seeds | {rate} seeds/s | failures {failures} | ETA {eta_formatted}', stream, hideCursor: true, gracefulExit: false },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0, { rate: '0', failures: 0 });
        }
        bar.update(done, { rate: rate(done, now).toFixed(0), failures: failing });
        return;
      }
      if (now - lastLine < 2000) return;
      lastLine = now;
      const perSecond = rate(done, now);
      const eta = total !== undefined ? ` ETA ${Math.max(0, Math.round((total - done) / perSecond))}s` : '';
      stream.write(`explore: ${done}${total !== undefined ? `/${total}` : ''} seeds, ${perSecond.toFixed(0)} seeds/s, ${failing} failing${eta}\n`);
    },
    seeds,
    stop() {
      if (!bar) return;
      bar.stop();
      bar = undefined;
      // Belt and braces: whatever state the bar left, a terminal gets its cursor and line wrap back.
      stream.write(RESTORE_TERMINAL);
    },
  };
}
