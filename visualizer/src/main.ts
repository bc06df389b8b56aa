/**
 * The visualizer app: loads a trace (embedded <script type="application/json" id="trace-data">,
 * ?trace=<url>, file picker or drag-and-drop), builds the model, draws the timeline (SVG up to
 * 5,000 events, canvas above) and the side panels, and exposes `window.__syncLabViz` for tests.
 * A canvas-sized trace is drawn in two steps so the timeline appears sooner: lanes, messages, outbox
 * and clock first; divergence (the costliest derivation) and the side panels once that has painted.
 */
import type { ConflictCard } from './model/conflicts.ts';
import { diffRuns, type RunDiff } from './model/diff.ts';
import { buildModel, buildModelFromColumns, eventIndexAt, formatTime, positionOfEventIndex, type VizModel } from './model/model.ts';
import { TraceColumns } from './model/columns.ts';
import { columnsFromJson } from '../../src/trace/columnar-json.ts';
import { stepValueAt } from './model/outbox.ts';
import { parseTraceText, parseTraceValue, TraceParseError, validateVerdict, validateViolations, type LoadedTrace } from '../../src/trace/parse.ts';
import { clip, el } from './view/dom.ts';
import { CanvasPainter, SvgPainter, type Painter } from './draw/painter.ts';
import { conflictsPanel, diffPanel, legend, playheadPanel, skipsPanel, violationsPanel } from './view/panels.ts';
import { Timeline } from './view/timeline.ts';

export const CANVAS_THRESHOLD = 5000;

export interface VizHook {
  ready: boolean;
  error: string | null;
  renderer: 'svg' | 'canvas' | null;
  counts: Record<string, number>;
  playhead: { index: number; t: number; kind: string; replicas: Record<string, Record<string, string | null>> } | null;
  convergedAt: number | null;
  /** From when every device's divergence is zero for good (null: never). */
  divergenceZeroFrom: number | null;
  violation: { index: number; eventIndex: number; message: string } | null;
  diff: { firstDifference: number | null; fields: string[] } | null;
  /**
   * parseMs + modelMs + firstDrawMs is what a user waits for the timeline; totalMs is from the first
   * line of script to that first draw; readyMs to everything (divergence, side panels) being shown;
   * firstDrawAtMs is the first draw's time since navigation start (the page's own load included).
   */
  timings: { parseMs: number; modelMs: number; firstDrawMs: number; totalMs: number; readyMs: number; firstDrawAtMs: number };
  frames: () => number;
  /** Script time spent drawing, summed over all frames (ms). */
  drawMs: () => number;
  divergenceAt: (t: number) => Record<string, number>;
  setPlayhead: (index: number) => void;
  zoomTo: (t0: number, t1: number) => void;
  panBy: (dx: number) => void;
  loadText: (text: string, source: string) => void;
  compareText: (text: string, source: string) => void;
}

declare global {
  interface Window {
    __syncLabViz: VizHook;
  }
}

const now = () => performance.now();
const started = now();

const hook: VizHook = {
  ready: false,
  error: null,
  renderer: null,
  counts: {},
  playhead: null,
  convergedAt: null,
  divergenceZeroFrom: null,
  violation: null,
  diff: null,
  timings: { parseMs: 0, modelMs: 0, firstDrawMs: 0, totalMs: 0, readyMs: 0, firstDrawAtMs: 0 },
  frames: () => 0,
  drawMs: () => 0,
  divergenceAt: () => ({}),
  setPlayhead: () => undefined,
  zoomTo: () => undefined,
  panBy: () => undefined,
  loadText: (text, source) => load(() => parseTraceText(text, source)),
  compareText: (text, source) => compare(text, source),
};
window.__syncLabViz = hook;

// Shell.
const app = document.getElementById('app') ?? document.body.appendChild(el('div'));
const fileInput = el('input', { testid: 'file-input' });
fileInput.type = 'file';
fileInput.accept = '.jsonl,.json,.txt';
const diffInput = el('input', { testid: 'diff-input' });
diffInput.type = 'file';
diffInput.accept = '.jsonl,.json,.txt';
const meta = el('div', { class: 'meta', testid: 'meta' });
const errorBox = el('div', { class: 'error', testid: 'error' });
errorBox.hidden = true;
const surfaceHost = el('div', { class: 'surface', testid: 'timeline' });
const scrubber = el('input', { testid: 'scrubber', class: 'scrubber' });
scrubber.type = 'range';
scrubber.min = '0';
const side = el('aside', { class: 'side' });
const incompleteBanner = el('div', { class: 'error incomplete', testid: 'incomplete-banner', text: 'This trace has no run-end: it was cut short (a killed run, a truncated copy). What it shows is real, but end-of-run properties (convergence, durability, duplicates) cannot be judged from it.' });
incompleteBanner.hidden = true;
const placeholder = el('div', { class: 'placeholder', testid: 'placeholder', text: 'Drop a trace (.jsonl) here, pick one with “Open trace…”, or open this page with ?trace=<url>.' });
app.replaceChildren(
  el('header', {}, [
    el('div', { class: 'title' }, [el('h1', { text: 'sync-lab' }), el('span', { class: 'subtitle', text: 'trace visualizer' })]),
    meta,
    el('div', { class: 'controls' }, [
      el('label', { class: 'button' }, [el('span', { text: 'Open trace…' }), fileInput]),
      el('label', { class: 'button' }, [el('span', { text: 'Compare with…' }), diffInput]),
    ]),
  ]),
  errorBox,
  incompleteBanner,
  legend(),
  el('main', {}, [el('div', { class: 'left' }, [placeholder, surfaceHost, scrubber]), side]),
);
scrubber.hidden = true;

let model: VizModel | null = null;
let other: VizModel | null = null;
let diff: RunDiff | null = null;
let timeline: Timeline | null = null;
let playhead = 0;
let currentViolation: number | null = null;
/** Bumped by every load, so deferred work for a trace that was replaced meanwhile is dropped. */
let generation = 0;

/** Runs `work` after the browser has painted what is on screen now (a frame, then a task). */
function afterPaint(work: () => void): void {
  requestAnimationFrame(() => setTimeout(work, 0));
}

function showError(error: unknown): void {
  const message = error instanceof TraceParseError ? `Cannot read the trace — ${error.message}` : `Cannot show the trace — ${error instanceof Error ? error.message : String(error)}`;
  errorBox.textContent = clip(message, 2000);
  errorBox.hidden = false;
  hook.error = message;
  hook.ready = true;
}

/** What a loader gives: parsed events, or the columns of an embedded trace (with its violations and verdict). */
type Loaded = LoadedTrace | ({ columns: TraceColumns } & Pick<LoadedTrace, 'violations' | 'verdict'>);

function load(read: () => Loaded): void {
  try {
    const t0 = now();
    const loaded = read();
    const t1 = now();
    hook.timings.parseMs = t1 - t0;
    errorBox.hidden = true;
    hook.error = null;
    show('columns' in loaded ? buildModelFromColumns(loaded.columns, loaded) : buildModel(loaded), t1);
  } catch (error) {
    console.warn(error);
    showError(error);
  }
}

function show(built: VizModel, t1: number): void {
  const loadGeneration = ++generation;
  hook.ready = false;
  model = built;
  other = null;
  diff = null;
  currentViolation = null;
  const t2 = now();
  hook.timings.modelMs = t2 - t1;
  placeholder.hidden = true;
  scrubber.hidden = false;
  const big = model.n > CANVAS_THRESHOLD;
  let surface: HTMLElement | SVGSVGElement;
  let painter: Painter;
  if (big) {
    const canvas = el('canvas', { testid: 'timeline-canvas' });
    surface = canvas;
    painter = new CanvasPainter(canvas);
  } else {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('data-testid', 'timeline-svg');
    surface = svg;
    painter = new SvgPainter(svg);
  }
  surfaceHost.replaceChildren(surface);
  playhead = model.n - 1;
  const m = model;
  // A big trace shows its timeline first; divergence and the side panels follow once it is painted.
  timeline = new Timeline(surface, painter, m, { playheadIndex: playhead, diffIndex: null, diffModel: null, violationIndex: null }, (t) => setPlayhead(Math.max(0, eventIndexAt(m.times, t))), { deferDivergence: big });
  timeline.resize(surfaceHost.clientWidth || 1000);
  hook.timings.firstDrawMs = now() - t2;
  hook.timings.totalMs = now() - started;
  hook.timings.firstDrawAtMs = now();
  scrubber.max = String(m.n - 1);
  scrubber.value = String(playhead);
  meta.replaceChildren(
    el('span', { class: 'pill', text: clip(m.source, 60), title: m.source }),
    el('span', { text: `seed ${m.meta.seed ?? '?'}` }),
    el('span', { text: `${m.meta.stampMode ?? '?'} stamps` }),
    el('span', { text: `reconciler ${clip(m.meta.reconciler ?? '?', 40)}` }),
    el('span', { text: `${m.n.toLocaleString('en')} events · ${m.lanes.devices.length} devices · ${formatTime(m.lanes.end - m.lanes.start)}` }),
    el('span', { class: m.end.converged ? 'ok' : 'bad', testid: 'converged-badge', text: m.end.converged ? `converged at ${formatTime(m.end.convergedAt ?? 0)}` : 'not converged' }),
    verdictBadge(m),
  );
  incompleteBanner.hidden = m.complete;
  hook.renderer = painter.kind;
  hook.frames = () => timeline?.frames ?? 0;
  hook.drawMs = () => timeline?.drawMs ?? 0;
  hook.zoomTo = (from, to) => timeline?.zoomTo(from, to);
  hook.panBy = (dx) => timeline?.panBy(dx);
  hook.setPlayhead = setPlayhead;
  hook.diff = null;
  hook.violation = null;
  const rest = () => {
    if (loadGeneration !== generation) return;
    try {
      finishShow(m);
    } catch (error) {
      console.warn(error);
      showError(error);
    }
  };
  if (big) afterPaint(rest);
  else rest();
}

/**
 * The header's verdict, from the checkers that ran on this trace (embedded with it): violations when
 * any checker objected; "no verdict" (never a green zero) when no checker ran or none could judge.
 */
function verdictBadge(m: VizModel): HTMLElement {
  const n = m.violations.length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  if (m.verdict === null || m.verdict.judged.length === 0) {
    const why = m.verdict === null ? 'no checker ran on this trace' : 'no checker can judge this trace';
    return el('span', { class: n ? 'bad' : 'muted', testid: 'verdict', data: { state: 'none' }, text: n ? `${plural(n, 'violation')} supplied · no verdict: ${why}` : `no verdict: ${why}` });
  }
  const notJudged = m.verdict.notJudged;
  const title = notJudged.map((x) => `${x.checker}: ${x.reason}`).join('\n');
  const text = `${plural(n, 'violation')} · ${m.verdict.judged.length} checkers judged${notJudged.length ? ` · ${notJudged.length} not judged` : ''}`;
  return el('span', { class: n ? 'bad' : notJudged.length ? 'muted' : 'ok', testid: 'verdict', data: { state: n ? 'violated' : notJudged.length ? 'partial' : 'holds' }, text, title });
}

/** The parts of a view that can wait for the first paint: divergence, side panels, the test hook's figures. */
function finishShow(m: VizModel): void {
  timeline?.showDivergence();
  const a = m.arrows.counts;
  hook.counts = {
    events: m.n,
    lanes: m.lanes.devices.length,
    arrows: a.sent,
    delivered: a.delivered,
    dropped: a.dropped,
    queued: a.queued,
    duplicated: a.duplicated,
    copies: a.copies,
    writes: m.lanes.writes.length,
    crashes: m.lanes.crashes.length,
    conflicts: m.conflicts.length,
    violations: m.violations.length,
  };
  hook.convergedAt = m.divergence.convergedAt;
  hook.divergenceZeroFrom = m.divergence.allZeroFrom;
  hook.divergenceAt = (t) => Object.fromEntries([...m.divergence.series].map(([d, points]) => [d, stepValueAt(points, t)]));
  renderSide(true);
  hook.timings.readyMs = now() - started;
  hook.ready = true;
}

function setPlayhead(index: number): void {
  if (!model || !timeline) return;
  playhead = Math.max(0, Math.min(model.n - 1, index));
  timeline.state.playheadIndex = playhead;
  scrubber.value = String(playhead);
  timeline.reveal(model.times[playhead]!);
  timeline.schedule();
  renderSide(false);
}

function jumpToViolation(n: number): void {
  if (!model) return;
  const v = model.violations[n];
  if (!v) return;
  currentViolation = n;
  const position = positionOfEventIndex(model.events, v.eventIndex);
  hook.violation = { index: n, eventIndex: v.eventIndex, message: v.message };
  setPlayhead(position === -1 ? Math.max(0, eventIndexAt(model.times, v.t)) : position);
  renderSide(true);
}

function renderSide(full: boolean): void {
  if (!model) return;
  const m = model;
  const e = m.eventAt(playhead);
  const rows = m.replay.rowsAt(playhead);
  hook.playhead = {
    index: playhead,
    t: e.t,
    kind: e.kind,
    replicas: Object.fromEntries([...rows].map(([d, records]) => [d, Object.fromEntries(records.map((r) => [r.recordId, r.value]))])),
  };
  const head = playheadPanel(m, playhead);
  // Stepping only changes the playhead panel; the rest is rebuilt when its content changes.
  if (!full && side.firstElementChild) {
    side.replaceChild(head, side.firstElementChild);
    return;
  }
  side.replaceChildren(
    head,
    violationsPanel(m, jumpToViolation, currentViolation),
    conflictsPanel(m.conflicts, (card: ConflictCard) => setPlayhead(positionOfEventIndex(m.events, card.i)), m.refs),
    skipsPanel(m, (i) => setPlayhead(positionOfEventIndex(m.events, i))),
    diffPanel(m, other, diff, (index) => setPlayhead(Math.min(index, m.n - 1))),
  );
}

function compare(text: string, source: string): void {
  if (!model || !timeline) return;
  try {
    const loaded = parseTraceText(text, source);
    other = buildModel(loaded);
    diff = diffRuns(model.events, other.events);
    timeline.state.diffModel = other;
    timeline.state.diffIndex = diff.firstDifference;
    hook.diff = { firstDifference: diff.firstDifference, fields: diff.fields };
    errorBox.hidden = true;
    timeline.invalidate();
    timeline.draw();
    renderSide(true);
  } catch (error) {
    showError(error);
  }
}

fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file) void file.text().then((text) => load(() => parseTraceText(text, file.name)));
});
diffInput.addEventListener('change', () => {
  const file = diffInput.files?.[0];
  if (file) void file.text().then((text) => compare(text, file.name));
});
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => {
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (file) void file.text().then((text) => (model && event.shiftKey ? compare(text, file.name) : load(() => parseTraceText(text, file.name))));
});
scrubber.addEventListener('input', () => setPlayhead(Number(scrubber.value)));
window.addEventListener('keydown', (event) => {
  if (!model || (event.target instanceof HTMLInputElement && event.target.type !== 'range')) return;
  const step = event.shiftKey ? 10 : 1;
  if (event.key === 'ArrowRight') setPlayhead(playhead + step);
  else if (event.key === 'ArrowLeft') setPlayhead(playhead - step);
  else if (event.key === 'Home') setPlayhead(0);
  else if (event.key === 'End') setPlayhead(model.n - 1);
  else return;
  event.preventDefault();
});
window.addEventListener('resize', () => timeline?.resize(surfaceHost.clientWidth));

/**
 * The embedded trace: the columnar form `sync-lab viz` writes ({ columns, violations, verdict }, with
 * each JSON column in its own <script id="trace-json-N">, parsed on first read), or any form
 * parseTraceValue reads (an event array, { trace, violations }).
 */
function readEmbedded(value: unknown, source: string): Loaded {
  if (typeof value !== 'object' || value === null || !('columns' in value)) return parseTraceValue(value, source);
  const o = value as { columns: unknown; violations?: unknown; verdict?: unknown };
  const block = (n: number): unknown => {
    const node = document.getElementById(`trace-json-${n}`);
    if (!node) throw new TraceParseError(source, null, `columns: block ${n}`, 'missing from the page');
    return JSON.parse(node.textContent ?? '') as unknown;
  };
  const columns = new TraceColumns(columnsFromJson(o.columns, source, block), source);
  const verdict = validateVerdict(o.verdict, source);
  return { columns, violations: validateViolations(o.violations, source), ...(verdict ? { verdict } : {}) };
}

// Sources, in order: embedded data, ?trace=<url>, otherwise wait for a file.
const embedded = document.getElementById('trace-data');
const url = new URLSearchParams(location.search).get('trace');
const embeddedText = embedded?.textContent ?? '';
if (embedded && /\S/.test(embeddedText)) {
  load(() => readEmbedded(JSON.parse(embeddedText) as unknown, embedded.dataset['source'] ?? 'embedded trace'));
} else if (url) {
  fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.text();
    })
    .then((text) => load(() => parseTraceText(text, url)))
    .catch((error: unknown) => showError(error));
} else {
  hook.ready = true;
}
