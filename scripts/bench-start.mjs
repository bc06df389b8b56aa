#!/usr/bin/env node
/**
 * CLI start figures (issue 15): how long `sync-lab --help` and `sync-lab run --seed 1` take from the
 * compiled bin, as a user starts them. Prints one JSON object:
 *
 *   node scripts/bench-start.mjs [--runs 10]        (npm run bench:start -- --runs 10)
 *
 * Each case is a fresh `node bin/sync-lab.js …` process, run `runs` times after one warm-up, the cases
 * interleaved (so a burst of load on a shared machine hits every case alike). Per case: wall time
 * (spawn to exit, median/min/max) and the child's CPU time (user+sys, read by the child itself at
 * exit through a one-line --import hook on fd 3), which a loaded machine inflates far less than wall.
 *
 *   node         `node -e 0`: the floor no CLI can go below
 *   help         `--help`: the bin's freshness check, commander, the embedded help manifest
 *   runLoad      `run --help`: everything `run` loads (its whole module graph), nothing run
 *   run          `run --seed 1`: loading + one simulated run + every checker + printing
 *   runWork      run − runLoad (medians): the simulation and checks alone (the perf engineer's share)
 *
 * Refuses (exit 2) to measure a stale or missing build: the bin would run the sources through tsx.
 * Other code calls `measureCliStart` (or runs this script and parses its stdout).
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { whyNotCompiled } from '../bin/freshness.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = `${ROOT}bin/sync-lab.js`;
const GOALS = { help: 250, run: 400 };
// Written by the measured process itself as it exits: its own CPU time since it started.
const HOOK = `data:text/javascript,${encodeURIComponent("import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); writeSync(3, JSON.stringify(u)); });")}`;

const CASES = {
  node: ['-e', '0'],
  help: [BIN, '--help'],
  runLoad: [BIN, 'run', '--help'],
  run: [BIN, 'run', '--seed', '1'],
};

function once(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', HOOK, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env: { ...process.env, SYNC_LAB_FROM_SOURCES: '' }, maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`bench-start: node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = JSON.parse(String(r.output[3]));
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

// Why the compiled bin would not be the one timed (bin/sync-lab.js would run the sources through tsx), or null.
const whyNot = () => whyNotCompiled(ROOT, { ...process.env, SYNC_LAB_FROM_SOURCES: '' });
const notCompiled = (why) => `bench-start: not the compiled bin: ${why}; run \`npm run build\` first`;

const round = (x) => Math.round(x * 10) / 10;
function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median: round(median), min: round(s[0]), max: round(s[s.length - 1]) };
}

/**
 * Measures the start figures of the compiled CLI: `runs` timed runs per case after one warm-up,
 * interleaved. Throws when the compiled CLI would not be the one running (stale or missing build).
 */
export function measureCliStart({ runs = 10 } = {}) {
  const why = whyNot();
  if (why !== null) throw new Error(notCompiled(why));
  const samples = Object.fromEntries(Object.keys(CASES).map((k) => [k, { wallMs: [], cpuMs: [] }]));
  for (let i = 0; i <= runs; i++) {
    for (const [name, args] of Object.entries(CASES)) {
      const m = once(args);
      if (i === 0) continue; // warm-up: the file system cache, the build's first read
      samples[name].wallMs.push(m.wallMs);
      samples[name].cpuMs.push(m.cpuMs);
    }
  }
  const figures = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { wallMs: stats(v.wallMs), cpuMs: stats(v.cpuMs), ...(GOALS[k] ? { goalWallMs: GOALS[k] } : {}) }]));
  figures.runWork = {
    wallMs: { median: round(figures.run.wallMs.median - figures.runLoad.wallMs.median) },
    cpuMs: { median: round(figures.run.cpuMs.median - figures.runLoad.cpuMs.median) },
  };
  return { machine: { cores: cpus().length, node: process.version }, runs, ...figures };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  let runs = 10;
  if (args.length > 0) {
    const n = Number(args[1]);
    if (args[0] !== '--runs' || args.length !== 2 || !Number.isInteger(n) || n < 1) {
      process.stderr.write(`bench-start: expected no arguments or --runs <n> (a whole number ≥ 1), got: ${args.join(' ')}\n`);
      process.exit(2);
    }
    runs = n;
  }
  const why = whyNot();
  if (why !== null) {
    process.stderr.write(`${notCompiled(why)}\n`);
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(measureCliStart({ runs }), null, 2)}\n`);
}
