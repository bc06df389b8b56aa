/**
 * Explore's progress on stderr: a bar on a terminal, plain periodic lines otherwise. Fed by the
 * pipeline's `onProgress` callback; `stop()` must run when the pipeline ends (it restores the cursor).
 */
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { ExploreProgress } from '../explore/run-explore.ts';

/** 'auto' (bar on a terminal, lines otherwise), 'lines' or 'none'. */
export type ProgressMode = 'auto' | 'lines' | 'none';

export interface ProgressReporter {
  onProgress(progress: ExploreProgress): void;
  stop(): void;
}

export function makeProgress(mode: ProgressMode): ProgressReporter {
  if (mode === 'none') return { onProgress: () => {}, stop: () => {} };
  const started = performance.now();
  const rate = (done: number, now: number) => (done / (now - started)) * 1000;
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = started;
  return {
    onProgress({ done, total, failing }) {
      const now = performance.now();
      if (mode === 'auto' && process.stderr.isTTY && total !== undefined) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: 'explore [{bar}] {value}/{total} seeds | {rate} seeds/s | failures {failures} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
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
      process.stderr.write(`explore: ${done}${total !== undefined ? `/${total}` : ''} seeds, ${perSecond.toFixed(0)} seeds/s, ${failing} failing${eta}\n`);
    },
    stop: () => bar?.stop(),
  };
}
