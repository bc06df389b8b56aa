/**
 * Runs `bin/sync-lab.js` (what `npx sync-lab` runs) in a child process, as a user would, without
 * blocking: the fuzz test runs two at a time. A process still running after `hangAfterMs` is
 * killed and reported as a hang (a special file system once made a command wait forever), so a
 * hang fails one case instead of the whole suite's time budget.
 */
// @ts-nocheck

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './corpus.ts';

const BIN = join(REPO_ROOT, 'bin', 'sync-lab.js');

export interface CliResult {
  /** The exit code, or null when the process was killed (hang) or died of a signal. */
  code: number | null;
  signal: string | null;
  hung: boolean;
  stdout: string;
  stderr: string;
}

/** At most two commands at once: the machine has two cores, shared. */
const MAX_RUNNING = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function runCli(args: readonly string[], opts: { cwd?: string; hangAfterMs?: number } = {}): Promise<CliResult> {
  return slot(() => spawnCli(args, opts));
}

function spawnCli(args: readonly string[], opts: { cwd?: string; hangAfterMs?: number }): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let hung = false;
    const guard = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, opts.hangAfterMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolvePromise({ code, signal, hung, stdout, stderr });
    });
  });
}

/** A stack trace line (`    at fn (file:1:2)`) anywhere on stderr. */
export const STACK_LINE = /^\s+at .*(:\d+:\d+\)?|native|<anonymous>)\s*$/m;

/** What a failing case prints: the exit, the first stderr line and the reproduction. */
export function describeRun(args: readonly string[], r: CliResult): string {
  const firstLine = r.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  const exit = r.hung ? 'HUNG (killed)' : r.code === null ? `killed by ${r.signal}` : `exit ${r.code}`;
  return `npx sync-lab ${args.map((a) => (a.length > 120 ? `${a.slice(0, 117)}...` : a)).join(' ')} -> ${exit}; stderr: ${firstLine.slice(0, 300)}`;
}

/** The explore results (shard JSON) written into a folder by `explore --out`. */
export function shardFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^explore-.*\.json$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Two complementary shards of a small clean exploration, written by the real CLI. */
export async function makeShards(dir: string): Promise<string[]> {
  const texts: string[] = [];
  for (const shard of ['0/2', '1/2']) {
    const out = join(dir, `shard-${shard.replace('/', '-of-')}`);
    const r = await runCli(['explore', '--seeds', '4', '--workers', '1', '--shard', shard, '--out', out, '--json']);
    if (r.code !== 0) throw new Error(`makeShards: ${describeRun(['explore', '--shard', shard], r)}`);
    for (const file of shardFilesIn(out)) texts.push(readFileSync(file, 'utf8'));
  }
  return texts;
}
