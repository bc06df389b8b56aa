/**
 * Every state the trace holds, on the page (issue 14): token expiry and renewal on the lane, refused
 * requests, client-side timeouts, remote actions, targeted faults, partitions/outages in the legend,
 * a banner for a trace without run-end, and a header verdict that comes from the checkers (never a
 * green zero when no checker ran). Rewrites the reviewer screenshots in docs/screenshots/ only with
 * UPDATE_SCREENSHOTS=1.
 */
// @ts-nocheck

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVizHtml } from '../../src/report/viz-html.ts';
import { launchChromium, waitForViz, watchedPage, type WatchedPage } from '../../src/report/chromium.ts';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { runChecked } from '../../src/lab/run-checked.ts';
import { CHECKER_IDS } from '../../src/check/index.ts';
import type { Schedule } from '../../src/sim/schedule.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sync-lab-e2e-states-'));
let browser: Browser;
const pages: WatchedPage[] = [];

function scenarioRun(file: string, edit?: (s: Schedule) => Schedule): { trace: TraceEvent[]; violations: ReturnType<typeof runChecked>['violations'] } {
  const s = loadScenario(file);
  const run = runChecked({ options: s.options, schedule: edit ? edit(s.schedule) : s.schedule });
  return { trace: run.trace, violations: run.violations };
}

async function open(name: string, trace: readonly TraceEvent[], violations?: Parameters<typeof writeVizHtml>[0]['violations']): Promise<Page> {
  const outPath = join(dir, `${name}.html`);
  await writeVizHtml({ trace, ...(violations ? { violations } : {}), outPath, title: name });
  const watched = await watchedPage(browser);
  pages.push(watched);
  await watched.page.goto(pathToFileURL(outPath).href);
  await waitForViz(watched.page);
  return watched.page;
}

const marks = (page: Page, testid: string) => page.$$eval(`[data-testid="${testid}"]`, (els) => els.map((e) => ({ device: e.getAttribute('data-device'), kind: e.getAttribute('data-kind'), index: Number(e.getAttribute('data-index')) })));
const verdict = (page: Page) => page.$eval('[data-testid="verdict"]', (e) => ({ state: e.getAttribute('data-state'), text: e.textContent ?? '', cls: e.className }));

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const p of pages) await p.context.close();
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('lane marks', () => {
  it('token expiry and renewal, and the requests the server refused meanwhile, are marked on the lane', async () => {
    // b's token expires while online: its requests are refused (ok: false) until the renewal.
    const { trace } = scenarioRun('simulations/reviewer/targeted-sync-now.yaml', (s) => ({
      ...s,
      events: [...s.events, { atMs: 1500, device: 'b', action: 'token-expire' }, { atMs: 9000, device: 'b', action: 'token-renew' }],
    }));
    const page = await open('token', trace);
    const tokens = await marks(page, 'token-mark');
    expect(tokens.map((m) => m.kind)).toEqual(trace.filter((e) => e.kind === 'token').map((e) => (e.kind === 'token' ? `token-${e.state}` : '')));
    expect(tokens.map((m) => m.kind)).toEqual(expect.arrayContaining(['token-expired', 'token-renewed']));
    const refusedInTrace = trace.filter((e) => e.kind === 'msg-send' && e.from === 'server' && (e.payload as { ok?: boolean }).ok === false);
    expect(refusedInTrace.length).toBeGreaterThan(0);
    expect((await marks(page, 'refused-mark')).map((m) => m.index)).toEqual(refusedInTrace.map((e) => e.i));
  });

  it('client-side timeouts and targeted faults are marked where they happen', async () => {
    const { trace } = scenarioRun('simulations/reviewer/targeted-timeout-after-apply.yaml');
    const page = await open('timeout', trace);
    const fails = trace.filter((e) => e.kind === 'request-fail');
    expect(fails.length).toBeGreaterThan(0);
    expect((await marks(page, 'timeout-mark')).map((m) => m.index)).toEqual(fails.map((e) => e.i));
    expect((await marks(page, 'targeted-mark')).map((m) => m.device)).toEqual(['a', 'a']);
  });

  it('remote actions (backup) are drawn with each state they pass through', async () => {
    const { trace } = scenarioRun('simulations/reviewer/targeted-sync-now.yaml', (s) => ({ ...s, events: [...s.events, { atMs: 3000, device: 'a', action: 'backup' }] }));
    const states = trace.filter((e) => e.kind === 'remote-action');
    expect(states.length).toBeGreaterThan(1);
    const page = await open('backup', trace);
    expect((await marks(page, 'remote-action-mark')).map((m) => m.index)).toEqual(states.map((e) => e.i));
  });

  it('server restarts are drawn as ticks in the phase strip, one per restart, named in the legend', async () => {
    const { trace } = scenarioRun('simulations/reviewer/targeted-sync-now.yaml', (s) => ({ ...s, events: [...s.events, { atMs: 2000, action: 'server-restart' }, { atMs: 6000, action: 'server-restart' }] }));
    const restarts = trace.filter((e) => e.kind === 'server' && e.state === 'restart');
    expect(restarts).toHaveLength(2);
    const page = await open('server-restart', trace);
    const ticks = await page.$$eval('[data-testid="server-restart-mark"]', (els) => els.map((e) => ({ index: Number(e.getAttribute('data-index')), title: e.querySelector('title')?.textContent ?? e.getAttribute('title') ?? '' })));
    expect(ticks.map((m) => m.index)).toEqual(restarts.map((e) => e.i));
    for (const m of ticks) expect(m.title).toContain('server restart');
    expect(await page.$eval('[data-testid="legend"]', (e) => e.textContent ?? '')).toContain('server restart');
  });

  it('the legend names partitions and outages and every new mark', async () => {
    const { trace } = scenarioRun('simulations/reviewer/server-outage-extended.yaml');
    const page = await open('legend', trace);
    const legend = await page.$eval('[data-testid="legend"]', (e) => e.textContent ?? '');
    for (const label of ['partition / server outage', 'token expired', 'token renewed', 'request refused', 'client timeout', 'backup / admin action', 'targeted fault']) expect(legend).toContain(label);
    expect(await page.$$('[data-testid="fault-band"]')).not.toHaveLength(0);
  });
});

describe('record names', () => {
  it('with traceRefs the page names records by the scenario\'s refs, in the replicas and on the conflict card', async () => {
    // A scenario with a real concurrent conflict, so the page has a conflict card to name the record on.
    const s = loadScenario('simulations/reviewer/conflict-concurrent-logged.yaml');
    const run = runChecked({ options: { ...s.options, traceRefs: true }, schedule: s.schedule });
    const page = await open('refs', run.trace, run.violations);
    const names = await page.$$eval('[data-testid="record-name"]', (els) => els.map((e) => e.textContent));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^wednesday \(a\/r1\)$/);
    expect(await page.$eval('[data-testid="conflict-card"]', (e) => e.textContent ?? '')).toContain('record wednesday (a/r1)');
  });
});

describe('verdict and completeness', () => {
  it('the header verdict comes from the checkers: a trace written without violations still shows the one they find', async () => {
    const { trace } = scenarioRun('simulations/reviewer/clock-skew-wall.json');
    const page = await open('wall-verdict', trace);
    const v = await verdict(page);
    expect(v.state).toBe('violated');
    expect(v.text).toMatch(new RegExp(`^1 violation · ${CHECKER_IDS.length} checkers judged`));
    expect(await page.$$('[data-testid="violation-marker"]')).toHaveLength(1);
  });

  it('a clean run says every checker judged it and none objected', async () => {
    const { trace, violations } = scenarioRun('simulations/reviewer/offline-conflict.json');
    const v = await verdict(await open('clean', trace, violations));
    expect(v).toMatchObject({ state: 'holds' });
    expect(v.text).toMatch(new RegExp(`^0 violations · ${CHECKER_IDS.length} checkers judged$`));
  });

  it('a trace cut short shows the banner, and its verdict is partial, not a green zero', async () => {
    const { trace } = scenarioRun('simulations/reviewer/crash-mid-sync.json');
    const page = await open('cut', trace.slice(0, Math.floor(trace.length / 2)));
    expect(await page.$eval('[data-testid="incomplete-banner"]', (e) => !(e as HTMLElement).hidden)).toBe(true);
    const v = await verdict(page);
    expect(v.state).toBe('partial');
    expect(v.cls).not.toContain('ok');
    expect(v.text).toMatch(/not judged/);
  });

  it('a trace loaded without any checker run says "no verdict"', async () => {
    const { trace } = scenarioRun('simulations/reviewer/offline-conflict.json');
    const page = await open('no-verdict-host', trace);
    expect(await page.$eval('[data-testid="incomplete-banner"]', (e) => (e as HTMLElement).hidden)).toBe(true);
    await page.evaluate((text) => (window as unknown as { __syncLabViz: { loadText: (t: string, s: string) => void } }).__syncLabViz.loadText(text, 'dropped.jsonl'), trace.map((e) => JSON.stringify(e)).join('\n'));
    await page.waitForFunction(() => (window as unknown as { __syncLabViz: { ready: boolean } }).__syncLabViz.ready);
    const v = await verdict(page);
    expect(v.state).toBe('none');
    expect(v.text).toBe('no verdict: no checker ran on this trace');
    expect(v.cls).not.toContain('ok');
  });
});

/**
 * The reviewer screenshots are files in the repository: this test rewrites them only when asked
 * (`UPDATE_SCREENSHOTS=1 npx vitest run tests/e2e/visualizer-states.spec.ts`); otherwise it renders
 * the same pages, takes the screenshot in memory and checks the marks each one is meant to show.
 */
const UPDATE_SCREENSHOTS = process.env['UPDATE_SCREENSHOTS'] === '1';

describe('screenshots for reviewers (docs/screenshots/)', () => {
  it(`a conflict, a crash mid-sync and the clock jump render their marks${UPDATE_SCREENSHOTS ? ' (and are written to docs/screenshots/)' : ''}`, async () => {
    if (UPDATE_SCREENSHOTS) mkdirSync(join(root, 'docs', 'screenshots'), { recursive: true });
    const count = (page: Page, testid: string) => page.$$eval(`[data-testid="${testid}"]`, (els) => els.length);
    for (const [name, file, shows] of [
      ['conflict', 'simulations/reviewer/offline-conflict.json', 'conflict-card'],
      ['crash-mid-sync', 'simulations/reviewer/crash-mid-sync.json', 'crash-marker'],
      ['clock-jump', 'simulations/reviewer/clock-jump-day.yaml', 'future-stamp-mark'],
    ] as const) {
      const { trace, violations } = scenarioRun(file);
      const page = await open(`shot-${name}`, trace, violations);
      await page.setViewportSize({ width: 1400, height: 900 });
      const png = await page.screenshot({ fullPage: true, ...(UPDATE_SCREENSHOTS ? { path: join(root, 'docs', 'screenshots', `${name}.png`) } : {}) });
      expect(png.subarray(1, 4).toString('latin1'), name).toBe('PNG');
      expect((await verdict(page)).state).toBe('holds');
      expect(await count(page, 'lane'), name).toBe(trace[0]?.kind === 'run-start' ? trace[0].devices.length : -1);
      expect(await count(page, 'arrow'), name).toBe(trace.filter((e) => e.kind === 'msg-send').length);
      expect(await count(page, shows), `${name}: ${shows}`).toBeGreaterThan(0);
    }
  });
});
