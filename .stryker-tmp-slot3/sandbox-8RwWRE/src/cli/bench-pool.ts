/**
 * Pool efficiency of `sync-lab bench`: explore with n worker threads in one process against n
 * independent processes each exploring with one thread, on the same machine at the same time, the
 * same number of seeds per thread. Each process reports its own seeds/s (measured inside it, start-up
 * left out); the efficiency is the pool's seeds/s over the sum of the processes'. Goal: ≥ 0.9.
 */
// @ts-nocheck

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runExplore } from '../explore/run-explore.ts';

const BIN = fileURLToPath(new URL('../../bin/sync-lab.js', import.meta.url));

/** Seeds per second of `explore` (default profile, no shrinking) with `workers` threads in this process. */
export async function exploreInProcess(seeds: number, from: number, workers: number): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'sync-lab-bench-'));
  try {
    const s = await runExplore({ seeds, from, profile: 'default', workers, shard: { index: 0, count: 1 }, out, shrink: false, shrinkLimit: 0 });
    return s.seedsPerSecond;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** One `sync-lab explore --workers 1 --json` child process; resolves to the seeds/s it measured. */
function exploreProcess(seeds: number, from: number): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'sync-lab-bench-'));
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'explore', '--seeds', String(seeds), '--from', String(from), '--workers', '1', '--no-shrink', '--out', join(out, 'o'), '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(out, { recursive: true, force: true });
      // Exit 1 (a failing seed) still measured the seeds; anything else is a broken measurement.
      if (code !== 0 && code !== 1) return reject(new Error(`bench: the explore child process exited with ${code}`));
      const rate = (JSON.parse(stdout) as { seedsPerSecond?: unknown }).seedsPerSecond;
      if (typeof rate !== 'number') return reject(new Error('bench: the explore child process printed no seedsPerSecond'));
      resolve(rate);
    });
  });
}

export interface PoolRound {
  threads: number;
  poolSeedsPerSecond: number;
  processesSeedsPerSecond: number;
  efficiency: number;
}

/**
 * One round: the pool and the n processes side by side, `seedsPerThread` seeds each, from distinct seed
 * ranges; `processesFirst` alternates the order between rounds so a drift in machine load hits both.
 */
export async function poolRound(threads: number, seedsPerThread: number, from: number, processesFirst = false): Promise<PoolRound> {
  const runPool = () => exploreInProcess(seedsPerThread * threads, from, threads);
  const runProcesses = () => Promise.all(Array.from({ length: threads }, (_, k) => exploreProcess(seedsPerThread, from + k * seedsPerThread)));
  let pool: number;
  let each: number[];
  if (processesFirst) {
    each = await runProcesses();
    pool = await runPool();
  } else {
    pool = await runPool();
    each = await runProcesses();
  }
  const processes = each.reduce((a, b) => a + b, 0);
  return { threads, poolSeedsPerSecond: pool, processesSeedsPerSecond: processes, efficiency: processes > 0 ? pool / processes : 0 };
}
