/**
 * The CLI start figures of `sync-lab bench` (`--help` and `run --seed 1`, wall seconds of a fresh
 * process each): measured by scripts/bench-start.mjs, which times the compiled bin as a user starts
 * it, interleaved with the bare `node -e 0` floor. Run as its own process so nothing this process has
 * loaded makes a start look cheaper. Where it cannot measure (no script beside an installed package,
 * a stale build), the figure says why instead of a number.
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../io/build-info.ts';
import type { Figure } from './bench-stats.ts';

export interface StartSlot {
  median: null;
  goal: number;
  unit: string;
  met: null;
  note: string;
}

interface ScriptCase {
  wallMs: { median: number; min: number; max: number };
  cpuMs: { median: number; min: number; max: number };
}

const asSeconds = (c: ScriptCase, runs: number, goal: number): Figure => {
  const median = c.wallMs.median / 1000;
  return { median, min: c.wallMs.min / 1000, max: c.wallMs.max / 1000, runs, unit: `s wall (CPU ${(c.cpuMs.median / 1000).toFixed(3)} s)`, goal, better: 'lower', met: median <= goal };
};

export function cliStartFigures(runs: number, goals: { help: number; run: number }): { help: Figure | StartSlot; run: Figure | StartSlot } {
  const script = join(PACKAGE_ROOT, 'scripts', 'bench-start.mjs');
  const slot = (goal: number, note: string): StartSlot => ({ median: null, goal, unit: 's', met: null, note });
  if (!existsSync(script)) {
    const note = 'not measured: scripts/bench-start.mjs is not part of an installed package (run the bench in a clone)';
    return { help: slot(goals.help, note), run: slot(goals.run, note) };
  }
  const r = spawnSync(process.execPath, [script, '--runs', String(runs)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) {
    const note = `not measured: ${(r.stderr || `bench-start exited ${r.status}`).trim().split('\n')[0]}`;
    return { help: slot(goals.help, note), run: slot(goals.run, note) };
  }
  const out = JSON.parse(r.stdout) as { help: ScriptCase; run: ScriptCase };
  return { help: asSeconds(out.help, runs, goals.help), run: asSeconds(out.run, runs, goals.run) };
}
