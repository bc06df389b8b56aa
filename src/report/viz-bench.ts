/**
 * Browser benchmark of the visualizer (measured, not a pass/fail test): builds synthetic traces of
 * 100,000 and 1,000,000 events, writes each as the self-contained HTML report, opens it in headless
 * Chromium from disk and measures
 *   - first draw: from the app's first line of script to the timeline drawn (JSON.parse + checks +
 *     model + first draw), with each part, and from navigation start to ready;
 *   - pan fps: frames drawn per second while panning programmatically (d3-zoom translate on every
 *     animation frame, zoomed to a quarter of the run so the view stays dense).
 * Prints one JSON object. Run: `npx tsx src/report/viz-bench.ts [--events 100000,1000000] [--pan-ms 3000]`
 * or `npm run bench -- --viz`.
 * Targets: first draw <= 500 ms at 100k events; >= 50 fps panning at 1M.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeVizHtml } from './viz-html.ts';
import { syntheticTrace } from '../trace/synthetic.ts';
import { launchChromium, waitForViz, watchedPage } from './chromium.ts';

export interface VizBenchCase {
  events: number;
  htmlMB: number;
  renderer: string | null;
  /** JSON.parse + field checks of the embedded trace, in the page. */
  parseMs: number;
  modelMs: number;
  /** The first timeline draw alone. */
  drawMs: number;
  /** From the app's first line of script to the first draw done: what a user waits for after the file has loaded. */
  firstDrawMs: number;
  /** From the app's first line of script to everything shown (divergence chart and side panels follow the first draw). */
  readyMs: number;
  /** From navigation start (HTML read and parsed, script compiled) to ready. */
  navigationToReadyMs: number;
  pan: { ms: number; frames: number; draws: number; fps: number };
}

export interface VizBenchResult {
  browser: string;
  cases: VizBenchCase[];
  targets: { firstDrawMsAt100k: number; panFpsAt1M: number };
  meets: { firstDrawAt100k: boolean | null; panFpsAt1M: boolean | null };
}

interface BenchHook {
  renderer: string | null;
  error: string | null;
  timings: { parseMs: number; modelMs: number; firstDrawMs: number; totalMs: number; readyMs: number };
}

const round = (v: number) => Math.round(v * 10) / 10;

export async function benchVisualizer(options: { events?: number[]; panMs?: number } = {}): Promise<VizBenchResult> {
  const sizes = options.events ?? [100_000, 1_000_000];
  const panMs = options.panMs ?? 3000;
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
      const w = await watchedPage(browser, { width: 1600, height: 1000 });
      await w.page.goto(pathToFileURL(outPath).href, { timeout: 300_000 });
      await waitForViz(w.page, 300_000);
      const navigationToReadyMs = await w.page.evaluate(() => performance.now());
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
        let frames = 0;
        let first = 0;
        const tick = (now) => {
          if (first === 0) first = now;
          frames++;
          // Back and forth, so the view never reaches the end of the run and stops moving.
          h.panBy(Math.floor(frames / 90) % 2 === 0 ? -24 : 24);
          if (now - first < ${panMs}) requestAnimationFrame(tick);
          else resolve({ ms: now - first, frames, draws: h.frames() - draws0 });
        };
        requestAnimationFrame(tick);
      })`)) as { ms: number; frames: number; draws: number };
      cases.push({
        events: trace.length,
        htmlMB: round(written.bytes / 1e6),
        renderer: loaded.renderer,
        parseMs: round(loaded.timings.parseMs),
        modelMs: round(loaded.timings.modelMs),
        drawMs: round(loaded.timings.firstDrawMs),
        firstDrawMs: round(loaded.timings.parseMs + loaded.timings.modelMs + loaded.timings.firstDrawMs),
        readyMs: round(loaded.timings.readyMs),
        navigationToReadyMs: round(navigationToReadyMs),
        pan: { ms: round(pan.ms), frames: pan.frames, draws: pan.draws, fps: round((Math.min(pan.frames, pan.draws) * 1000) / pan.ms) },
      });
      if (w.errors.length > 0) throw new Error(`viz-bench: ${events} events: page errors: ${w.errors.join('; ')}`);
      await w.context.close();
    }
    const at = (n: number) => cases.find((c) => Math.abs(c.events - n) <= 10);
    const c100k = at(100_000);
    const c1m = at(1_000_000);
    return {
      browser: `chromium ${browser.version()}`,
      cases,
      targets: { firstDrawMsAt100k: 500, panFpsAt1M: 50 },
      meets: { firstDrawAt100k: c100k ? c100k.firstDrawMs <= 500 : null, panFpsAt1M: c1m ? c1m.pan.fps >= 50 : null },
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
  if (events?.some((n) => !Number.isInteger(n) || n < 10)) {
    process.stderr.write('viz-bench: --events: expected comma-separated event counts (integers >= 10), e.g. 100000,1000000\n');
    process.exit(2);
  }
  const result = await benchVisualizer({ ...(events ? { events } : {}), ...(panMs ? { panMs: Number(panMs) } : {}) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
