/**
 * The visualizer in real Chromium, as a reviewer would check it: the self-contained HTML written by
 * `writeVizHtml` is opened from disk (file://), with every network request aborted and recorded.
 * Traces: the hand-built reference story (drops, duplicates, a crash, a conflict, convergence), real
 * simulator goldens of the reviewer scenarios, a hostile trace and malformed input.
 */
// @ts-nocheck

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVizHtml } from '../../src/report/viz-html.ts';
import type { ConflictEvent, TraceEvent, TraceVersion, Violation } from '../../src/trace/events.ts';
import { launchChromium, waitForViz, watchedPage, type WatchedPage } from '../../src/report/chromium.ts';
import { HOSTILE, hostileScenario, scenarioTrace } from '../fixtures/traces/build.ts';
import { syntheticTrace } from '../../src/trace/synthetic.ts';
import { deriveDivergence } from '../../visualizer/src/model/divergence.ts';
import { deriveLanes } from '../../visualizer/src/model/lanes.ts';
import type { VizHook } from '../../visualizer/src/main.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sync-lab-e2e-'));
const golden = (name: string): TraceEvent[] =>
  readFileSync(join(root, 'tests', 'golden', `viz-${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TraceEvent);
const goldenViolations = JSON.parse(readFileSync(join(root, 'tests', 'fixtures', 'traces', 'golden-violations.json'), 'utf8')) as Record<string, Violation[]>;

/** The part of the page's hook these tests read (the page's own type, so the two cannot drift). */
type Hook = Pick<VizHook, 'ready' | 'error' | 'renderer' | 'counts' | 'playhead' | 'convergedAt' | 'divergenceZeroFrom' | 'violation' | 'diff'>;
const hookOf = (page: Page) => page.evaluate(() => {
  const h = (window as unknown as { __syncLabViz: Hook }).__syncLabViz;
  return { ready: h.ready, error: h.error, renderer: h.renderer, counts: h.counts, playhead: h.playhead, convergedAt: h.convergedAt, divergenceZeroFrom: h.divergenceZeroFrom, violation: h.violation, diff: h.diff };
});
const divergenceAt = (page: Page, t: number) => page.evaluate((at) => (window as unknown as { __syncLabViz: { divergenceAt: (t: number) => Record<string, number> } }).__syncLabViz.divergenceAt(at), t);

/** What each replica shows at the end of `index`, replayed independently of the visualizer's model. */
function replicasAfter(events: readonly TraceEvent[], index: number): Record<string, Record<string, string | null>> {
  const state = new Map<string, Map<string, TraceVersion>>();
  const replica = (d: string) => state.get(d) ?? state.set(d, new Map()).get(d)!;
  for (const e of events.slice(0, index + 1)) {
    if (e.kind === 'local-write' && e.ok && e.version) replica(e.device).set(e.recordId, e.version);
    if (e.kind === 'merge' && e.version) replica(e.device).set(e.recordId, e.version);
    if (e.kind === 'restart') state.set(e.device, new Map(e.versions.map((v) => [v.id, v])));
  }
  const out: Record<string, Record<string, string | null>> = {};
  for (const [d, r] of state) out[d] = Object.fromEntries([...r].map(([id, v]) => [id, v.deleted ? null : JSON.stringify(v.fields)]));
  return out;
}

/** Rows of the playhead panel as { device: { record: visible value | null } }. */
const replicaRows = (page: Page) =>
  page.$$eval('[data-testid="replica-row"]', (rows) => {
    const out: Record<string, Record<string, string | null>> = {};
    for (const row of rows) {
      const device = row.getAttribute('data-device')!;
      const value = row.querySelector('[data-testid="replica-value"]')!.getAttribute('title');
      (out[device] ??= {})[row.getAttribute('data-record')!] = row.getAttribute('data-deleted') === 'true' ? null : value;
    }
    return out;
  });
const normalise = (replicas: Record<string, Record<string, string | null>>) =>
  Object.fromEntries(Object.entries(replicas).filter(([, r]) => Object.keys(r).length > 0).map(([d, r]) => [d, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? null : JSON.stringify(JSON.parse(v))]))]));

/** Position of the last event at or before t (µs). */
const lastAtOrBefore = (events: readonly TraceEvent[], t: number) => events.reduce((found, e, k) => (e.t <= t ? k : found), -1);

let browser: Browser;
const pages: WatchedPage[] = [];
async function open(file: string): Promise<WatchedPage> {
  const watched = await watchedPage(browser);
  pages.push(watched);
  await watched.page.goto(pathToFileURL(file).href);
  await waitForViz(watched.page);
  return watched;
}
async function report(name: string, trace: readonly TraceEvent[], violations: readonly Violation[] = []): Promise<string> {
  const outPath = join(dir, `${name}.html`);
  await writeVizHtml({ trace, violations, outPath, title: name });
  return outPath;
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  for (const p of pages) await p.context.close();
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the reference story (hand-built trace)', () => {
  const s = scenarioTrace();
  let w: WatchedPage;
  beforeAll(async () => {
    w = await open(await report('reference-story', s.events, s.violations));
  });

  it('draws one swimlane per device and one arrow per msg-send', async () => {
    const { page } = w;
    expect(await page.locator('[data-testid="lane"]').count()).toBe(s.facts.devices.length);
    expect(await page.$$eval('[data-testid="lane"]', (lanes) => lanes.map((l) => l.getAttribute('data-device')))).toEqual(s.facts.devices);
    const sends = s.events.filter((e) => e.kind === 'msg-send');
    expect(await page.locator('[data-testid="arrow"]').count()).toBe(sends.length);
    expect((await hookOf(page)).counts['arrows']).toBe(sends.length);
    expect((await hookOf(page)).renderer).toBe('svg');
  });

  it('routes every arrow between its device and the server inside that device\'s lane (no arrow crosses another lane)', async () => {
    const { page } = w;
    const geometry = await page.evaluate(() => {
      const lanes = Object.fromEntries([...document.querySelectorAll('[data-testid="lane"]')].map((l) => [l.getAttribute('data-device'), [Number(l.getAttribute('y')), Number(l.getAttribute('y')) + Number(l.getAttribute('height'))]]));
      const arrows = [...document.querySelectorAll('[data-testid="arrow"], [data-testid="arrow-copy"]')].map((a) => ({ msg: a.getAttribute('data-msg'), device: a.getAttribute('data-device'), y1: Number(a.getAttribute('y1')), y2: Number(a.getAttribute('y2')) }));
      return { lanes, arrows };
    });
    const sends = s.events.filter((e) => e.kind === 'msg-send');
    // Every message of the story has the server at one end; its arrow is drawn in the other end's lane.
    expect(geometry.arrows.length).toBe(sends.length + s.events.filter((e) => e.kind === 'msg-duplicate').length);
    for (const a of geometry.arrows) {
      const send = sends.find((e) => e.msgId === a.msg || `${e.msgId}.1` === a.msg)!;
      const device = send.from === 'server' ? send.to : send.from;
      expect(a.device, a.msg!).toBe(device);
      const [top, bottom] = geometry.lanes[device]!;
      // The lane rectangle is inset 2 px from the lane's edges.
      expect(Math.min(a.y1, a.y2), a.msg!).toBeGreaterThanOrEqual(top! - 2);
      expect(Math.max(a.y1, a.y2), a.msg!).toBeLessThanOrEqual(bottom! + 2);
    }
    // Pulls answered to b and c go down from the server rail, never across a's lane.
    const [aTop, aBottom] = geometry.lanes['a']!;
    const toOthers = geometry.arrows.filter((a) => a.device !== 'a');
    expect(toOthers.length).toBeGreaterThan(0);
    for (const a of toOthers) expect(Math.max(a.y1, a.y2) < aTop! || Math.min(a.y1, a.y2) > aBottom!, a.msg!).toBe(true);
    expect(await page.locator('[data-testid="server-rail"]').count()).toBe(s.facts.devices.length);
  });

  it('marks dropped messages, the duplicate copy, the message still queued at the end, and the crash', async () => {
    const { page } = w;
    const droppedIds = s.events.filter((e) => e.kind === 'msg-drop' && e.reason !== 'end-of-run').map((e) => (e as { msgId: string }).msgId);
    expect(await page.$$eval('[data-testid="drop-mark"]', (marks) => marks.map((m) => m.getAttribute('data-msg')))).toEqual(droppedIds);
    expect(await page.locator(`[data-testid="arrow"][data-msg="${s.facts.droppedMsgId}"]`).getAttribute('data-fate')).toBe('dropped');
    expect(await page.locator('[data-testid="arrow-copy"]').getAttribute('data-msg')).toBe(`${s.facts.duplicatedMsgId}.1`);
    expect(await page.locator('[data-testid="queued-mark"]').count()).toBe(1);
    expect(await page.locator('[data-testid="crash-marker"]').getAttribute('data-device')).toBe(s.facts.crashDevice);
    expect(await page.locator('[data-testid="restart-marker"]').getAttribute('data-device')).toBe(s.facts.crashDevice);
    expect(await page.locator('[data-testid="connectivity"][data-device="c"][data-mode="offline"]').count()).toBe(1);
  });

  it('brings divergence to zero exactly at the convergence marker', async () => {
    const { page } = w;
    const end = s.events.at(-1)!;
    const convergedAt = end.kind === 'run-end' ? end.convergedAt! : -1;
    expect(await page.locator('[data-testid="convergence-marker"]').getAttribute('data-t')).toBe(String(convergedAt));
    const hook = await hookOf(page);
    expect(hook.convergedAt).toBe(convergedAt);
    expect(hook.divergenceZeroFrom).toBe(convergedAt);
    expect(Object.values(await divergenceAt(page, convergedAt))).toEqual([0, 0, 0]);
    expect(Math.max(...Object.values(await divergenceAt(page, convergedAt - 1)))).toBeGreaterThan(0);
    expect(await page.$$eval('[data-testid="divergence-line"]', (lines) => lines.map((l) => l.getAttribute('data-final')))).toEqual(['0', '0', '0']);
    expect(await page.locator('[data-testid="convergence-label"]').textContent()).toContain('converged at 9.380 s');
  });

  it('shows the conflict card with the right winner and loser stamps', async () => {
    const card = w.page.locator('[data-testid="conflict-card"]');
    expect(await card.count()).toBe(1);
    expect(await card.getAttribute('data-record')).toBe(s.facts.conflict.recordId);
    expect(await card.locator('[data-testid="winner-stamp"]').textContent()).toBe(s.facts.conflict.winner);
    expect(await card.locator('[data-testid="loser-stamp"]').textContent()).toBe(s.facts.conflict.loser);
    expect(await card.locator('[data-testid="conflict-rule"]').textContent()).toBe('lww');
    expect(JSON.parse((await card.locator('[data-testid="loser-value"]').textContent())!)).toEqual({ title: 'groceries + milk' });
  });

  it('scrubs the playhead to a moment and shows the replica states the trace implies; arrows step one event', async () => {
    const { page } = w;
    const index = lastAtOrBefore(s.events, s.facts.probe.tMs * 1000);
    await page.locator('[data-testid="scrubber"]').fill(String(index));
    expect((await hookOf(page)).playhead!.index).toBe(index);
    const rows = await replicaRows(page);
    const titles = Object.fromEntries(Object.entries(rows).map(([d, r]) => [d, Object.fromEntries(Object.entries(r).map(([id, v]) => [id, v === null ? null : (JSON.parse(v) as { title: string }).title]))]));
    expect(titles).toEqual(s.facts.probe.titles);
    await page.locator('[data-testid="timeline-svg"]').focus().catch(() => undefined);
    await page.keyboard.press('ArrowRight');
    expect((await hookOf(page)).playhead!.index).toBe(index + 1);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect((await hookOf(page)).playhead!.index).toBe(index - 1);
    expect(await page.locator('[data-testid="playhead-event"]').getAttribute('data-kind')).toBe(s.events[index - 1]!.kind);
  });

  it('moves the playhead to where the timeline is clicked', async () => {
    const { page } = w;
    const svg = page.locator('[data-testid="timeline-svg"]');
    const lane = await page.locator('[data-testid="lane"]').first().boundingBox();
    await svg.click({ position: { x: lane!.x - (await svg.boundingBox())!.x + lane!.width / 2, y: lane!.y - (await svg.boundingBox())!.y + 5 } });
    const hook = await hookOf(page);
    // The middle of the lanes is the middle of the run (0 .. 12 s).
    expect(Math.abs(hook.playhead!.t - 6_000_000)).toBeLessThan(1_000_000);
  });

  it('jumps to the first violation, landing on its event with the message', async () => {
    const { page } = w;
    await page.locator('[data-testid="jump-violation"]').click();
    const v = s.violations[0]!;
    const hook = await hookOf(page);
    expect(hook.playhead!.index).toBe(v.eventIndex);
    expect(hook.violation!.message).toBe(v.message);
    expect(await page.locator('[data-testid="violation-message"]').textContent()).toContain(v.message);
    expect(await page.locator('[data-testid="playhead-event"]').getAttribute('data-kind')).toBe('conflict');
  });

  it('makes no network request and logs no console error; screenshot for reviewers', async () => {
    const { page } = w;
    const index = lastAtOrBefore(s.events, s.facts.probe.tMs * 1000);
    await page.evaluate((n) => (window as unknown as { __syncLabViz: { setPlayhead: (n: number) => void } }).__syncLabViz.setPlayhead(n), index);
    mkdirSync(join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-artifacts', 'visualizer-main.png'), fullPage: true });
    expect(w.network).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.dialogs).toEqual([]);
  });
});

describe('real simulator traces (reviewer scenarios)', () => {
  it('clock-jump-day-ahead: each write stamped beyond the bound gets a future-stamp mark on its lane and a line in the side panel', async () => {
    const trace = golden('clock-jump-day-ahead');
    const start = trace[0]!;
    const epoch = start.kind === 'run-start' ? Number(start.options['clockEpochMs']) : NaN;
    // Independent of the visualizer: writes whose stamp's wall part is more than 5 minutes past true time.
    const ahead = trace.filter((e) => e.kind === 'local-write' && e.ok && e.version !== undefined && Number(e.version.stamp.split('.')[0]) - (epoch + e.t / 1000) > 300_000);
    expect(ahead.map((e) => (e as { device: string }).device)).toEqual(['a', 'b']);
    const w = await open(await report('clock-jump-day-ahead', trace));
    const { page } = w;
    const marks = page.locator('[data-testid="future-stamp-mark"]');
    expect(await marks.count()).toBe(ahead.length);
    for (const [n, e] of ahead.entries()) {
      expect(await marks.nth(n).getAttribute('data-index')).toBe(String(e.i));
      expect(await marks.nth(n).getAttribute('data-device')).toBe((e as { device: string }).device);
    }
    expect(await marks.nth(0).locator('title').textContent()).toContain('ahead of true time');
    const items = page.locator('[data-testid="future-stamp-item"]');
    expect(await items.count()).toBe(ahead.length);
    expect(await items.nth(0).textContent()).toContain('a wrote a/r1 stamped');
    expect(await page.locator('[data-testid="skip-mark"]').count()).toBe(0);
    expect(w.errors).toEqual([]);
  });

  it('expected-skip: each schedule-skip and lifecycle-reject is a mark on its device lane and a line in the side panel', async () => {
    const trace = golden('expected-skip');
    const told = trace.filter((e) => e.kind === 'schedule-skip' || e.kind === 'lifecycle-reject');
    expect(told.map((e) => e.kind)).toEqual(['schedule-skip', 'lifecycle-reject', 'schedule-skip']);
    const w = await open(await report('expected-skip', trace));
    const { page } = w;
    const marks = page.locator('[data-testid="skip-mark"]');
    expect(await marks.count()).toBe(told.length);
    for (const [n, e] of told.entries()) {
      expect(await marks.nth(n).getAttribute('data-device')).toBe((e as { device: string }).device);
      expect(await marks.nth(n).getAttribute('data-index')).toBe(String(e.i));
    }
    expect(await marks.nth(0).getAttribute('data-what')).toBe('edit monday');
    const items = page.locator('[data-testid="skip-item"]');
    expect(await items.count()).toBe(told.length);
    expect(await items.nth(0).textContent()).toContain('b skipped edit monday: the device does not show');
    expect(await items.nth(2).textContent()).toContain('a skipped restart: the device is running');
    await items.nth(2).click();
    expect((await hookOf(page)).playhead!.kind).toBe('schedule-skip');
    expect(w.errors).toEqual([]);
  });

  it('offline-conflict: lanes, arrows, conflict card stamps, playhead state and convergence match the trace', async () => {
    const trace = golden('offline-conflict');
    const w = await open(await report('offline-conflict', trace));
    const { page } = w;
    const start = trace[0]!;
    expect(await page.locator('[data-testid="lane"]').count()).toBe(start.kind === 'run-start' ? start.devices.length : -1);
    expect(await page.locator('[data-testid="arrow"]').count()).toBe(trace.filter((e) => e.kind === 'msg-send').length);
    const conflicts = trace.filter((e): e is ConflictEvent => e.kind === 'conflict');
    const cards = page.locator('[data-testid="conflict-card"]');
    expect(await cards.count()).toBe(conflicts.length);
    for (const [n, c] of conflicts.entries()) {
      expect(await cards.nth(n).locator('[data-testid="winner-stamp"]').textContent()).toBe(c.winner);
      expect(await cards.nth(n).locator('[data-testid="loser-stamp"]').textContent()).toBe(c.loser);
    }
    // Just after the conflict was resolved, the states the trace implies.
    const index = trace.findIndex((e) => e.kind === 'conflict');
    await page.locator('[data-testid="scrubber"]').fill(String(index));
    expect(normalise(await replicaRows(page))).toEqual(normalise(replicasAfter(trace, index)));
    const end = trace.at(-1)!;
    const convergedAt = end.kind === 'run-end' ? end.convergedAt : -1;
    expect(await page.locator('[data-testid="convergence-marker"]').getAttribute('data-t')).toBe(String(convergedAt));
    expect((await hookOf(page)).divergenceZeroFrom).toBe(convergedAt);
    expect(w.errors).toEqual([]);
    expect(w.network).toEqual([]);
  });

  it('clock-skew-wall: jump to first violation lands on the causal-lww event; diff against the hlc run finds where they part', async () => {
    const wall = golden('clock-skew-wall');
    const hlc = golden('clock-skew-hlc');
    const violations = goldenViolations['clock-skew-wall']!;
    expect(violations[0]!.checker).toBe('causal-lww');
    const w = await open(await report('clock-skew-wall', wall, violations));
    const { page } = w;
    await page.locator('[data-testid="jump-violation"]').click();
    const hook = await hookOf(page);
    expect(hook.playhead!.index).toBe(violations[0]!.eventIndex);
    expect(hook.playhead!.kind).toBe(wall[violations[0]!.eventIndex]!.kind);
    expect(await page.locator('[data-testid="violation-message"]').textContent()).toContain(violations[0]!.message);
    expect(await page.locator('[data-testid="violation-marker"]').getAttribute('data-index')).toBe(String(violations[0]!.eventIndex));

    await page.locator('[data-testid="diff-input"]').setInputFiles({ name: 'clock-skew-hlc.jsonl', mimeType: 'application/x-ndjson', buffer: readFileSync(join(root, 'tests', 'golden', 'viz-clock-skew-hlc.jsonl')) });
    await page.waitForFunction(() => (window as unknown as { __syncLabViz: Hook }).__syncLabViz.diff !== null);
    const expected = wall.findIndex((e, k) => k > 0 && JSON.stringify(e) !== JSON.stringify(hlc[k]));
    expect((await hookOf(page)).diff!.firstDifference).toBe(expected);
    expect(await page.locator('[data-testid="diff-first"]').textContent()).toContain(`#${expected}`);
    expect(await page.locator('[data-testid="divergence-line-b"]').count()).toBe(2);
    expect(await page.locator('[data-testid="diff-marker"]').count()).toBe(1);
    expect(w.errors).toEqual([]);
    expect(w.network).toEqual([]);
  });
});

describe('loading', () => {
  it('replaces the trace when a file is dropped on the page', async () => {
    const s = scenarioTrace();
    const w = await open(await report('before-drop', s.events));
    const { page } = w;
    const text = readFileSync(join(root, 'tests', 'golden', 'viz-offline-conflict.jsonl'), 'utf8');
    const transfer = await page.evaluateHandle((body) => {
      const dt = new DataTransfer();
      dt.items.add(new File([body], 'offline-conflict.jsonl', { type: 'application/x-ndjson' }));
      return dt;
    }, text);
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
    await page.waitForFunction(() => (window as unknown as { __syncLabViz: Hook }).__syncLabViz.counts['lanes'] === 2);
    expect(await page.locator('[data-testid="meta"]').textContent()).toContain('offline-conflict.jsonl');
    expect(await page.locator('[data-testid="lane"]').count()).toBe(2);
    expect(w.errors).toEqual([]);
  });
});

describe('untrusted input', () => {
  it('renders hostile trace text as text: no script runs, no dialog, no injected element', async () => {
    const s = hostileScenario();
    const w = await open(await report('hostile </script><!-- <img src=x onerror=alert(9)>', s.events, s.violations));
    const { page } = w;
    const hook = await hookOf(page);
    expect(hook.error).toBeNull();
    expect(hook.counts['lanes']).toBe(3);
    await page.locator('[data-testid="jump-violation"]').click();
    await page.locator('[data-testid="scrubber"]').fill(String(s.events.length - 1));
    const text = await page.locator('body').textContent();
    expect(text).toContain(HOSTILE[0]);
    expect(text).toContain('<img src=x onerror=');
    expect(await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
      images: document.querySelectorAll('img').length,
      // The app's own script, and inert JSON data blocks (the trace's columns) only.
      scripts: document.querySelectorAll('script:not([type="application/json"])').length,
      dataBlocks: document.querySelectorAll('script[type="application/json"]').length > 1,
      svgs: [...document.querySelectorAll('svg')].filter((s) => s.getAttribute('data-testid') !== 'timeline-svg').length,
      // 100 kB strings are cut for display, not laid out whole (the inert JSON data block aside).
      longestShown: Math.max(...[...document.querySelectorAll('body *:not(script)')].map((e) => (e.children.length === 0 ? (e.textContent ?? '').length : 0))) < 5_000,
    }))).toEqual({ pwned: null, images: 0, scripts: 1, dataBlocks: true, svgs: 0, longestShown: true });
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(w.network).toEqual([]);
  });

  it('shows a clear in-page error naming the line for a malformed file, and the field for a bad embedded event', async () => {
    const s = scenarioTrace();
    const broken = s.events.map((e) => ({ ...e })) as unknown as Record<string, unknown>[];
    delete broken[5]!['device'];
    const w = await open(await report('broken', broken as unknown as TraceEvent[]));
    const { page } = w;
    const error = page.locator('[data-testid="error"]');
    expect(await error.isVisible()).toBe(true);
    expect(await error.textContent()).toMatch(/trace\[5\]\.device: expected string/);

    const lines = s.events.map((e) => JSON.stringify(e));
    lines[2] = '{"i":2,"t":0,"kind":"connectivity",';
    await page.locator('[data-testid="file-input"]').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) });
    await page.waitForFunction(() => (window as unknown as { __syncLabViz: Hook }).__syncLabViz.error?.includes('bad.jsonl') === true);
    expect(await error.textContent()).toMatch(/bad\.jsonl:3: not valid JSON/);
    expect(w.dialogs).toEqual([]);
    expect(w.network).toEqual([]);
  });
});

describe('large traces', () => {
  it('draws more than 5,000 events on canvas with the same counts', async () => {
    const trace = syntheticTrace({ events: 20_000 });
    const w = await open(await report('synthetic-20k', trace));
    const { page } = w;
    const hook = await hookOf(page);
    expect(hook.renderer).toBe('canvas');
    expect(await page.locator('[data-testid="timeline-canvas"]').count()).toBe(1);
    expect(await page.locator('[data-testid="arrow"]').count()).toBe(0);
    expect(hook.counts['arrows']).toBe(trace.filter((e) => e.kind === 'msg-send').length);
    expect(hook.counts['lanes']).toBe(5);
    await page.evaluate(() => (window as unknown as { __syncLabViz: { panBy: (dx: number) => void; zoomTo: (a: number, b: number) => void } }).__syncLabViz.zoomTo(0, 60_000_000));
    await page.evaluate(() => (window as unknown as { __syncLabViz: { panBy: (dx: number) => void } }).__syncLabViz.panBy(-200));
    expect(w.errors).toEqual([]);
  });

  it('draws the timeline first, then fills in divergence and the side panels with the same figures as the model', async () => {
    const trace = syntheticTrace({ events: 20_000, seed: 7 });
    const w = await open(await report('synthetic-20k-deferred', trace));
    const { page } = w;
    const hook = await hookOf(page);
    const timings = await page.evaluate(() => (window as unknown as { __syncLabViz: { timings: Record<string, number> } }).__syncLabViz.timings);
    // Ready only once the deferred part is done, and that part came after the first draw.
    expect(hook.ready).toBe(true);
    expect(timings['readyMs']).toBeGreaterThanOrEqual(timings['totalMs']!);
    const divergence = deriveDivergence(trace, deriveLanes(trace).devices);
    expect(hook.convergedAt).toBe(divergence.convergedAt);
    expect(hook.divergenceZeroFrom).toBe(divergence.allZeroFrom);
    const end = trace.at(-1)!.t;
    expect(await divergenceAt(page, end)).toEqual(Object.fromEntries([...divergence.series].map(([d, points]) => [d, points.at(-1)!.value])));
    expect(hook.counts['conflicts']).toBe(trace.filter((e) => e.kind === 'conflict').length);
    expect(hook.playhead?.index).toBe(trace.length - 1);
    expect(await page.locator('[data-testid="replica"]').count()).toBe(5);
    expect((await page.locator('[data-testid="converged-badge"]').textContent())?.startsWith(divergence.converged ? 'converged at' : 'not converged')).toBe(true);
    expect(w.errors).toEqual([]);
  });
});
