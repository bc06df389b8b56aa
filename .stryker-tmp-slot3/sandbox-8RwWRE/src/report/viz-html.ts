/**
 * Writes the visualizer as ONE self-contained HTML file: the app bundled by esbuild and inlined, its
 * CSS inlined, and the trace (plus any violations) embedded as inert JSON. It opens from disk with no
 * server and no network; a Content-Security-Policy allows only this file's own script, by hash, and
 * no fetches, so even a bug in escaping could not run injected code or phone home.
 */
// @ts-nocheck

import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceEvent, Violation } from '../trace/events.ts';
import type { TraceVerdict } from '../trace/parse.ts';
import { CHECKERS, checkRun } from '../check/index.ts';
import { judgeability } from '../check/judgeable.ts';
import { writeTextAtomic } from '../io/write-atomic.ts';
import { toColumns } from '../trace/columnar.ts';
import { columnsToJson } from '../trace/columnar-json.ts';
import { COMPILED, distFile } from '../io/build-info.ts';
import type { BuildOptions } from 'esbuild';

// esbuild is loaded only when something is built: the compiled CLI never builds, and starts faster without it.
const esbuildVersion = (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;
const esbuild = () => import('esbuild');

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VIZ_DIR = join(ROOT, 'visualizer');
export const VIZ_ENTRY = join(VIZ_DIR, 'src', 'main.ts');
/** Every folder the app's bundle reads from: the app itself and the trace contract (its only import outside itself). */
export const VIZ_BUNDLE_SOURCES = [join(VIZ_DIR, 'src'), join(ROOT, 'src', 'trace')];
export const CSS = join(VIZ_DIR, 'src', 'style.css');
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/sync-lab/', import.meta.url));

/**
 * The checkers' verdict on a trace, for the page's header: which could judge it, which could not and
 * why, and (when no violations were supplied) their violations. Checkers read the trace only.
 */
export function traceVerdict(trace: readonly TraceEvent[], supplied?: readonly Violation[]): { verdict: TraceVerdict; violations: readonly Violation[] } {
  const can = judgeability(trace);
  const judged = CHECKERS.map((c) => c.id).filter((id) => can.get(id)?.judged === true);
  const notJudged = [...can].flatMap(([checker, j]) => (j.judged ? [] : [{ checker, reason: j.reason }]));
  const start = trace[0];
  const stampMode = start?.kind === 'run-start' ? start.stampMode : 'hlc';
  const violations = supplied ?? (judged.length === 0 ? [] : checkRun({ trace, serverState: undefined, stampMode }, judged));
  return { verdict: { judged, notJudged }, violations };
}

export interface VizHtmlInput {
  trace: readonly TraceEvent[];
  violations?: readonly Violation[];
  outPath: string;
  /** Page title and the source name shown in the header (default: the output file's name). */
  title?: string;
}

export interface VizHtmlResult {
  outPath: string;
  bytes: number;
  /** Whether the app bundle came from the cache (false: esbuild ran). */
  cached: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|css)$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** A key that changes whenever the app's sources or the bundler change. */
function sourceKey(): string {
  const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\n`);
  for (const dir of VIZ_BUNDLE_SOURCES) {
    for (const file of sourceFiles(dir)) hash.update(file.slice(ROOT.length)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

let memo: { key: string; js: Promise<string> } | null = null;

/** The esbuild options of the app bundle; scripts/build.ts uses them too (the package ships it prebuilt). */
export const VIZ_BUILD_OPTIONS = {
  entryPoints: [VIZ_ENTRY],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  charset: 'ascii',
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** Where the compiled package keeps the prebuilt app and its stylesheet (its sources are not shipped). */
export const PREBUILT_VIZ = { js: 'report/viz-app.js', css: 'report/viz-app.css' } as const;

/** The app as one browser script (IIFE, minified), built once per source version and cached on disk. */
export async function vizBundle(): Promise<{ js: string; cached: boolean }> {
  if (COMPILED) return { js: readFileSync(distFile(PREBUILT_VIZ.js), 'utf8'), cached: true };
  const key = sourceKey();
  const file = join(CACHE_DIR, `viz-${key}.js`);
  if (memo?.key === key) return { js: await memo.js, cached: true };
  if (existsSync(file)) {
    const js = readFileSync(file, 'utf8');
    memo = { key, js: Promise.resolve(js) };
    return { js, cached: true };
  }
  const js = (async () => {
    const result = await (await esbuild()).build({ ...VIZ_BUILD_OPTIONS, entryPoints: [...VIZ_BUILD_OPTIONS.entryPoints], write: false });
    const text = result.outputFiles[0]?.text;
    if (text === undefined) throw new Error(`viz-html: esbuild produced no output for ${VIZ_ENTRY}`);
    writeTextAtomic(file, text);
    return text;
  })();
  memo = { key, js };
  try {
    return { js: await js, cached: false };
  } catch (error) {
    memo = null;
    throw error;
  }
}

/**
 * JSON that is inert inside <script type="application/json">: every <, > and & becomes a \u escape
 * (JSON.parse restores them), so `</script>` or `<!--` in trace text cannot end or confuse the element.
 * U+2028/2029 are escaped too, for any tool that treats the block as JavaScript.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Makes script text safe inside <script>…</script> (esbuild already escapes these; this makes sure). */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderVizHtml(input: { trace: readonly TraceEvent[]; violations?: readonly Violation[]; verdict?: TraceVerdict; title: string; js: string; css: string }): string {
  const script = inlineScript(input.js);
  const scriptHash = createHash('sha256').update(script).digest('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${scriptHash}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  // The trace in columns (docs/trace-format.md, "Columnar embedding"): the page draws its first screen
  // from typed columns; each JSON-valued column is its own element, parsed only when read.
  const { head, blocks } = columnsToJson(toColumns(input.trace));
  const data = embedJson({ columns: head, violations: input.violations ?? [], ...(input.verdict ? { verdict: input.verdict } : {}) });
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)} · sync-lab trace visualizer</title>`,
    `<style>${input.css.replace(/<\/(style)/gi, '<\\/$1')}</style>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<script type="application/json" id="trace-data" data-source="${escapeHtml(input.title)}">${data}</script>`,
    ...blocks.map((block, n) => `<script type="application/json" id="trace-json-${n}">${embedJson(block)}</script>`),
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Writes the report atomically (temp file + rename). */
export async function writeVizHtml(input: VizHtmlInput): Promise<VizHtmlResult> {
  if (!Array.isArray(input.trace) || input.trace.length === 0) throw new Error(`viz-html: ${input.outPath}: expected a non-empty trace`);
  const { js, cached } = await vizBundle();
  const css = readFileSync(COMPILED ? distFile(PREBUILT_VIZ.css) : CSS, 'utf8');
  const title = input.title ?? input.outPath.split(/[\\/]/).at(-1) ?? 'trace';
  // Verdicts on the page come from the checkers: run here unless the caller ran them (run, replay, lab).
  const { verdict, violations } = traceVerdict(input.trace, input.violations);
  const html = renderVizHtml({ trace: input.trace, violations, verdict, title, js, css });
  writeTextAtomic(input.outPath, html);
  return { outPath: input.outPath, bytes: Buffer.byteLength(html), cached };
}
