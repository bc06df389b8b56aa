/**
 * The import-boundary guard: the floor plan of docs/design.md as a failing test. Every relative import
 * in src/, models/ and visualizer/ (static, `export … from`, dynamic `import()`, and
 * `new URL('….ts', import.meta.url)` module references) must point down the floors, no two files and
 * no two folders may import each other in a loop, the checkers read traces only, and the browser app
 * reads only the trace contract. No source file in src/ or models/ is longer than 400 lines.
 *
 *   core ← trace ← {reconciler, server, channel} ← models ← sim ← check ← lab ← explore ← report ← {cli, api} ← testing
 *   io and spec: low floors anyone may use (io itself uses core, trace and the reconciler's entry points;
 *   spec uses core and trace). src/index.ts is the package entry and may re-export any floor.
 */
// @ts-nocheck

import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { stripCommentsAndStrings } from './_internals/strip-comments.ts';

const ROOT = join(import.meta.dirname, '..');
const SCANNED = ['src', 'models', 'visualizer'];

/** Rank of each stacked floor: a file may import its own floor or a lower one. */
const RANK: Readonly<Record<string, number>> = {
  'src/core': 0,
  'src/trace': 1,
  'src/reconciler': 2,
  'src/server': 2,
  'src/channel': 2,
  models: 3,
  'src/sim': 4,
  'src/check': 5,
  'src/lab': 6,
  'src/explore': 7,
  'src/report': 8,
  'src/cli': 9,
  // The library API sits beside the CLI (neither imports the other); the test helpers use the API.
  'src/api': 9,
  'src/testing': 10,
};
/** Floors with their own narrower list of what they may import. */
const ONLY: Readonly<Record<string, readonly string[]>> = {
  // The checkers judge a trace (and the final server state recorded in it): no simulator, no lab.
  'src/check': ['src/core', 'src/trace', 'src/spec'],
  // Low floors: anyone may use them, so they stay near the ground.
  'src/spec': ['src/core', 'src/trace'],
  // The reconciler loader names the Reconciler interface and the default engine's entry (by path).
  'src/io': ['src/core', 'src/trace', 'src/reconciler/types.ts', 'src/reconciler/index.ts'],
  // The browser app reads traces: the contract's types and parser, nothing of the lab.
  'visualizer/src': ['src/trace'],
};
const LOW_FLOORS = ['src/io', 'src/spec'];

export interface Import {
  file: string;
  line: number;
  target: string;
}

/** The floor a repo-relative path belongs to (`src/check/parity/judge.ts` → `src/check`). */
export function floorOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : path;
  if (parts[0] === 'visualizer') return parts[1] === 'src' ? 'visualizer/src' : 'visualizer';
  return parts[0] as string;
}

/** Every relative module reference in a source file, resolved to a repo-relative path. */
export function importsOf(file: string, source: string): Import[] {
  const code = stripCommentsAndStrings(source);
  const found: Import[] = [];
  const keyword = /\b(?:from|import)\s*\(?\s*(['"])|\bnew\s+URL\s*\(\s*(['"])/g;
  for (const match of code.matchAll(keyword)) {
    const open = (match.index ?? 0) + match[0].length;
    const close = source.indexOf(match[1] ?? match[2] ?? "'", open);
    const specifier = source.slice(open, close);
    if (!specifier.startsWith('.')) continue;
    if (match[2] !== undefined && !specifier.endsWith('.ts')) continue; // a URL to a folder or an asset, not a module
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier)).split('\\').join('/');
    found.push({ file, line: code.slice(0, open).split('\n').length, target });
  }
  return found;
}

/** The rule an import breaks, or undefined when it points down the floors. */
export function brokenRule(edge: Import): string | undefined {
  const from = floorOf(edge.file);
  const to = floorOf(edge.target);
  if (edge.target.startsWith('tests/')) return 'source imports a test file';
  if (from === to || from === 'visualizer') return undefined;
  if (to === 'visualizer/src') return 'imports the browser app (shared trace code belongs in src/trace)';
  const only = ONLY[from];
  if (only) return only.some((allowed) => to === allowed || edge.target === allowed) ? undefined : `${from} may import only ${only.join(', ')}`;
  if (from === 'src/index.ts' || LOW_FLOORS.includes(to)) return undefined;
  const a = RANK[from];
  const b = RANK[to];
  if (a === undefined || b === undefined) return `unknown floor ${a === undefined ? from : to}`;
  return b <= a ? undefined : `upward: ${from} (floor ${a}) imports ${to} (floor ${b})`;
}

/** Strongly connected groups of more than one node (Tarjan), each sorted: the import loops. */
export function loops(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((x, y) => (x[0] as string).localeCompare(y[0] as string));
}

function graphOf(edges: readonly Import[], node: (path: string) => string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const a = node(e.file);
    const b = node(e.target);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)?.add(b);
  }
  return graph;
}

/** Longest a source file in src/ or models/ may be: past it, a file holds more than one concern. */
const MAX_LINES = 400;

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') return [];
      if (statSync(path).isDirectory()) return tsFiles(path);
      return name.endsWith('.ts') ? [relative(ROOT, path).split('\\').join('/')] : [];
    });
}

function repoFindings(): string[] {
  const files = SCANNED.flatMap((d) => tsFiles(join(ROOT, d)));
  const edges = files.flatMap((f) => importsOf(f, readFileSync(join(ROOT, f), 'utf8')));
  const findings: string[] = [];
  for (const e of edges) {
    const rule = brokenRule(e);
    if (rule) findings.push(`rule ${e.file} -> ${e.target}: ${rule}`);
  }
  for (const group of loops(graphOf(edges, (p) => p))) findings.push(`file loop ${group.join(', ')}`);
  for (const group of loops(graphOf(edges, (p) => dirname(p)))) findings.push(`folder loop ${group.join(', ')}`);
  for (const f of files) {
    if (f.startsWith('visualizer/')) continue; // the browser app's size is the visualizer's own concern
    const lines = readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1;
    if (lines > MAX_LINES) findings.push(`size ${f}: ${lines} lines (at most ${MAX_LINES})`);
  }
  return [...new Set(findings)].sort();
}

describe('import boundaries', () => {
  it('reads every kind of module reference, ignoring comments, strings and packages', () => {
    const sample = [
      "import { a } from '../core/ids.ts';",
      "import type { B } from '../trace/events.ts';",
      "export { c } from './local.ts';",
      "import '../sim/side-effect.ts';",
      "const m = await import('../lab/run-checked.ts');",
      "const u = new URL('../lab/model-paths/evidence.ts', import.meta.url);",
      "const dir = new URL('../../simulations/reviewer/', import.meta.url);",
      "// import { x } from '../cli/main.ts';",
      "const s = \"import { y } from '../cli/main.ts'\";",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOf('src/check/sample.ts', sample).map((i) => `${i.line}:${i.target}`)).toEqual([
      '1:src/core/ids.ts',
      '2:src/trace/events.ts',
      '3:src/check/local.ts',
      '4:src/sim/side-effect.ts',
      '5:src/lab/run-checked.ts',
      '6:src/lab/model-paths/evidence.ts',
    ]);
  });

  it('names the rule each planted bad import breaks, and lets the good ones through', () => {
    const rule = (file: string, target: string) => brokenRule({ file, line: 1, target });
    expect(rule('src/sim/world.ts', 'src/core/ids.ts')).toBeUndefined();
    expect(rule('src/cli/run.ts', 'src/io/usage-error.ts')).toBeUndefined();
    expect(rule('src/sim/options.ts', 'src/spec/matrix.ts')).toBeUndefined();
    expect(rule('src/sim/lifecycle.ts', 'models/connectivity.ts')).toBeUndefined();
    expect(rule('src/index.ts', 'src/sim/index.ts')).toBeUndefined();
    expect(rule('src/io/reconciler-loader.ts', 'src/reconciler/types.ts')).toBeUndefined();
    expect(rule('src/sim/world.ts', 'src/check/index.ts')).toMatch(/^upward: src\/sim/);
    expect(rule('models/evidence.ts', 'src/lab/run-checked.ts')).toMatch(/^upward: models/);
    expect(rule('src/explore/run-seed.ts', 'src/cli/main.ts')).toMatch(/^upward/);
    expect(rule('src/check/parity/judge.ts', 'src/lab/parity/cell-scenarios.ts')).toMatch(/^src\/check may import only/);
    expect(rule('src/check/convergence.ts', 'src/sim/run.ts')).toMatch(/^src\/check may import only/);
    expect(rule('src/io/load-file.ts', 'src/sim/options.ts')).toMatch(/^src\/io may import only/);
    expect(rule('src/spec/statements.ts', 'src/check/index.ts')).toMatch(/^src\/spec may import only/);
    expect(rule('visualizer/src/main.ts', 'src/report/viz-html.ts')).toMatch(/^visualizer\/src may import only/);
    expect(rule('visualizer/src/model/lanes.ts', 'src/trace/events.ts')).toBeUndefined();
    expect(rule('src/cli/viz.ts', 'visualizer/src/model/parse.ts')).toMatch(/browser app/);
    expect(rule('src/report/x.ts', 'tests/fixtures/traces/synthetic.ts')).toMatch(/test file/);
    expect(rule('src/newfloor/x.ts', 'src/core/ids.ts')).toMatch(/^unknown floor src\/newfloor/);
  });

  it('finds planted loops between files and between folders', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
      ['e', new Set(['f'])],
      ['f', new Set(['e'])],
    ]);
    expect(loops(g)).toEqual([
      ['a', 'b', 'c'],
      ['e', 'f'],
    ]);
    expect(loops(new Map([['a', new Set(['b'])]]))).toEqual([]);
  });

  it('holds in src/, models/ and visualizer/', () => {
    const findings = repoFindings();
    expect(findings.length, 'the scan saw nothing: is the repo layout gone?').toBeLessThan(1_000);
    expect(findings, `import-boundary breaks:\n${findings.join('\n')}`).toEqual([]);
  });

  it('README "Layout" and docs/design.md list exactly the folders of src/, each with a floor', () => {
    const folders = readdirSync(join(ROOT, 'src'))
      .filter((n) => statSync(join(ROOT, 'src', n)).isDirectory())
      .sort();
    for (const f of folders) expect(RANK[`src/${f}`] !== undefined || LOW_FLOORS.includes(`src/${f}`), `src/${f} has no floor`).toBe(true);
    for (const doc of ['README.md', 'docs/design.md']) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      const block = /```\nsrc\/\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
      const listed = [...block.matchAll(/^ {2}([a-z-]+)\/ /gm)].map((m) => m[1]).sort();
      expect(listed, doc).toEqual(folders);
    }
  });
});
