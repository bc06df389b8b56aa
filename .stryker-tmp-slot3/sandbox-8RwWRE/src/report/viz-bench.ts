/**
 * Browser benchmark of the visualizer (measured, not a pass/fail test): builds synthetic traces of
 * 100,000 and 1,000,000 events, writes each as the self-contained HTML report (the trace embedded in
 * columns), opens it in headless Chromium from disk, several times per size, and reports the median,
 * min and max of
 *   - first draw: from the app's first line of script to the timeline drawn (decode of the columns +
 *     checks + the first screen's model + first draw), with each part;
 *   - load: from navigation start (the HTML read and parsed, the script compiled) to the timeline drawn;
 *   - ready: to everything shown (divergence, side panels: every event built and checked);
 *   - pan: frames per second while panning programmatically (d3-zoom translate on every animation
 *     frame, zoomed to a quarter of the run so the view stays dense), and the script time of each pan
 *     frame (p50/p95): rAF caps the observed fps at the display rate, the frame time says how much
 *     room is left under the 16.7 ms of a 60 fps frame.
 * Prints one JSON object. Run: `npx tsx src/report/viz-bench.ts [--events 100000,1000000] [--runs 3] [--pan-ms 3000]`
 * or `npm run bench -- --viz`. Goals (issue 15): first draw <= 300 ms at 100k events, load <= 2 s at
 * 1M, pan >= 60 fps at 1M.
 */
// @ts-nocheck

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeVizHtml } from './viz-html.ts';
import { syntheticTrace } from '../trace/synthetic.ts';
import { launchChromium, waitForViz, watchedPage } from './chromium.ts';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface VizBenchCase {
  events: number;
  runs: number;
  htmlMB: number;
  renderer: string | null;
  /** Decode and checks of the embedded columns, in the page. */
  parseMs: Spread;
  /** The first screen's model. */
  modelMs: Spread;
  /** The first timeline draw alone. */
  drawMs: Spread;
  /** parse + model + draw: what a user waits for after the file has loaded. */
  firstDrawMs: Spread;
  /** Navigation start to the timeline drawn (HTML read and parsed, script compiled, first draw). */
  loadMs: Spread;
  /** From the app's first line of script to everything shown. */
  readyMs: Spread;
  pan: { fps: Spread; frameMsP50: Spread; frameMsP95: Spread };
}

export const VIZ_GOALS = { firstDrawMsAt100k: 300, loadMsAt1M: 2000, panFpsAt1M: 60 } as const;

export interface VizBenchResult {
  browser: string;
  cases: VizBenchCase[];
  goals: typeof VIZ_GOALS;
  meets: { firstDrawAt100k: boolean | null; loadAt1M: boolean | null; panFpsAt1M: boolean | null };
}

interface BenchHook {
  renderer: string | null;
  error: string | null;
  timings: { parseMs: number; modelMs: number; firstDrawMs: number; totalMs: number; readyMs: number; firstDrawAtMs: number };
}

const round = (v: number) => Math.round(v * 10) / 10;
function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted.at(-1)!) };
}
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

export async function benchVisualizer(options: { events?: number[]; panMs?: number; runs?: number } = {}): Promise<VizBenchResult> {
  const sizes = options.events ?? [100_000, 1_000_000];
  const panMs = options.panMs ?? 3000;
  const runs = options.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'sync-lab-viz-bench-'));
  const browser = await launchChromium();
  const cases: VizBenchCase[] = [];
  try {
    for (const events of sizes) {
      const trace = syntheticTrace({ events });
      const outPath = join(dir, `bench-${events}.html`);
      const written = await writeVizHtml({ trace, outPath, title: `synthetic ${events.toLocaleString('en')} events` });
      const start = trace[0]!.t;
      const end = trace.at(-1)!.t;
      const samples: { timings: BenchHook['timings']; renderer: string | null; fps: number; p50: number; p95: number }[] = [];
      // One warm-up load (disk cache, the browser's own start), then the measured runs.
      for (let run = -1; run < runs; run++) {
        const w = await watchedPage(browser, { width: 1600, height: 1000 });
        await w.page.goto(pathToFileURL(outPath).href, { timeout: 600_000 });
        await waitForViz(w.page, 600_000);
        const loaded = await w.page.evaluate(() => {
          const h = (window as unknown as { __syncLabViz: BenchHook }).__syncLabViz;
          return { renderer: h.renderer, error: h.error, timings: h.timings };
        });
        if (loaded.error) throw new Error(`viz-bench: ${events} events: the page reported ${loaded.error}`);
        // A string, not a function: tsx's transform would wrap named closures in a helper the page lacks.
        const window0 = start + (end - start) * 0.375;
        const window1 = start + (end - start) * 0.625;
        const pan = (await w.page.evaluate(`new Promise((resolve) => {
          const h = window.__syncLabViz;
          h.zoomTo(${window0}, ${window1});
          const draws0 = h.frames();
          const frameMs = [];
          let frames = 0;
          let first = 0;
          let drawn = h.drawMs();
          const tick = (now) => {
            if (first === 0) first = now;
            frames++;
            const d = h.drawMs();
            if (frames > 1) frameMs.push(d - drawn);
            drawn = d;
            // Back and forth, so the view never reaches the end of the run and stops moving.
            h.panBy(Math.floor(frames / 90) % 2 === 0 ? -24 : 24);
            if (now - first < ${panMs}) requestAnimationFrame(tick);
            else resolve({ ms: now - first, frames, draws: h.frames() - draws0, frameMs });
          };
          requestAnimationFrame(tick);
        })`)) as { ms: number; frames: number; draws: number; frameMs: number[] };
        if (w.errors.length > 0) throw new Error(`viz-bench: ${events} events: page errors: ${w.errors.join('; ')}`);
        await w.context.close();
        if (run < 0) continue;
        samples.push({ timings: loaded.timings, renderer: loaded.renderer, fps: (Math.min(pan.frames, pan.draws) * 1000) / pan.ms, p50: quantile(pan.frameMs, 0.5), p95: quantile(pan.frameMs, 0.95) });
      }
      const of = (f: (t: BenchHook['timings']) => number) => spread(samples.map((x) => f(x.timings)));
      cases.push({
        events: trace.length,
        runs,
        htmlMB: round(written.bytes / 1e6),
        renderer: samples[0]?.renderer ?? null,
        parseMs: of((t) => t.parseMs),
        modelMs: of((t) => t.modelMs),
        drawMs: of((t) => t.firstDrawMs),
        firstDrawMs: of((t) => t.parseMs + t.modelMs + t.firstDrawMs),
        loadMs: of((t) => t.firstDrawAtMs),
        readyMs: of((t) => t.readyMs),
        pan: { fps: spread(samples.map((x) => x.fps)), frameMsP50: spread(samples.map((x) => x.p50)), frameMsP95: spread(samples.map((x) => x.p95)) },
      });
    }
    const at = (n: number) => cases.find((c) => Math.abs(c.events - n) <= 10);
    const c100k = at(100_000);
    const c1m = at(1_000_000);
    return {
      browser: `chromium ${browser.version()}`,
      cases,
      goals: VIZ_GOALS,
      meets: {
        firstDrawAt100k: c100k ? c100k.firstDrawMs.median <= VIZ_GOALS.firstDrawMsAt100k : null,
        loadAt1M: c1m ? c1m.loadMs.median <= VIZ_GOALS.loadMsAt1M : null,
        panFpsAt1M: c1m ? c1m.pan.fps.median >= VIZ_GOALS.panFpsAt1M : null,
      },
    };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function flag(name: string): string | undefined {
  const k = process.argv.indexOf(name);
  return k === -1 ? undefined : process.argv[k + 1];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const events = flag('--events')?.split(',').map((s) => Number(s.trim()));
  const panMs = flag('--pan-ms');
  const runs = flag('--runs');
  if (events?.some((n) => !Number.isInteger(n) || n < 10)) {
    process.stderr.write('viz-bench: --events: expected comma-separated event counts (integers >= 10), e.g. 100000,1000000\n');
    process.exit(2);
  }
  if (runs !== undefined && !/^[1-9]\d?$/.test(runs)) {
    process.stderr.write(`viz-bench: --runs: expected a whole number of measured loads per size, 1 to 99, got ${JSON.stringify(runs)}\n`);
    process.exit(2);
  }
  if (panMs !== undefined && !/^\d+$/.test(panMs)) {
    process.stderr.write(`viz-bench: --pan-ms: expected milliseconds of panning (a whole number), got ${JSON.stringify(panMs)}\n`);
    process.exit(2);
  }
  const result = await benchVisualizer({ ...(events ? { events } : {}), ...(panMs ? { panMs: Number(panMs) } : {}), ...(runs ? { runs: Number(runs) } : {}) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
