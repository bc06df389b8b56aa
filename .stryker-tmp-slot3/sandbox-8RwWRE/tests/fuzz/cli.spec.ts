/**
 * Fuzz test, CLI layer (issue 9, Build 8): a sample of the in-process cases, and the flags and
 * output paths only a process can exercise, through the real `bin/sync-lab.js` across every
 * command. Each case must end with an exit code its input class allows (never 3), print no stack
 * trace, not hang, and leave every output complete (exit 0/1) or exactly as it was (exit 2).
 *
 * The content cases are drawn with fast-check from SYNC_LAB_FUZZ_SEED (see _internals/parameters.ts);
 * each failure names the command, the class, what was mutated, the exit and stderr's first line.
 */
// @ts-nocheck

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpus, INPUT_KINDS } from './_internals/corpus.ts';
import type { CorpusFile, InputKind } from './_internals/corpus.ts';
import { INPUT_CLASSES } from './_internals/input-classes.ts';
import type { ExitCode, InputClassId } from './_internals/input-classes.ts';
import { fuzzCases } from './_internals/mutate.ts';
import type { FuzzCase } from './_internals/mutate.ts';
import { outputProblems, snapshot } from './_internals/outputs.ts';
import type { Output } from './_internals/outputs.ts';
import { FUZZ_SEED } from './_internals/parameters.ts';
import { describeRun, makeShards, runCli, shardFilesIn, STACK_LINE } from './_internals/run-cli.ts';
import type { CliResult } from './_internals/run-cli.ts';

let root: string;
let shards: string[] = [];
let shardTexts: string[] = [];
let caseNumber = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sync-lab-fuzz-cli-'));
  shardTexts = await makeShards(join(root, 'shards'));
  shards = shardTexts.map((text, n) => {
    const path = join(root, `valid-shard-${n}.json`);
    writeFileSync(path, text);
    return path;
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder for one case. */
function caseDir(): string {
  const dir = join(root, `case-${++caseNumber}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

interface Invocation {
  args: string[];
  cwd?: string;
  outputs: Output[];
  hangAfterMs?: number;
  /** Further checks on a run that did not refuse. */
  check?: (r: CliResult) => string | null;
}

/** Runs one invocation and returns everything wrong with it (empty: the case passes). */
async function problemsOf(invocation: Invocation, exits: readonly ExitCode[]): Promise<{ problems: string[]; run: string }> {
  const before = invocation.outputs.map((o) => snapshot(o.path));
  const r = await runCli(invocation.args, { ...(invocation.cwd ? { cwd: invocation.cwd } : {}), hangAfterMs: invocation.hangAfterMs ?? 30_000 });
  const problems: string[] = [];
  if (r.hung) problems.push('hung: killed after the guard time');
  else if (r.code === null || !(exits as readonly number[]).includes(r.code)) problems.push(`exit ${r.code ?? r.signal}, expected one of ${exits.join(', ')}`);
  if (STACK_LINE.test(r.stderr)) problems.push('a stack trace on stderr');
  if (!r.hung) problems.push(...outputProblems(invocation.outputs, before, r.code));
  if (!r.hung && (r.code === 0 || r.code === 1) && invocation.check) {
    const problem = invocation.check(r);
    if (problem) problems.push(problem);
  }
  return { problems, run: describeRun(invocation.args, r) };
}

const jsonOnStdout = (r: CliResult): string | null => {
  try {
    JSON.parse(r.stdout);
    return null;
  } catch {
    return 'stdout is not one JSON object';
  }
};

/** The command each kind of file goes through, writing its outputs into `dir`. */
function invocationFor(kind: InputKind, file: string, dir: string, origin: string): Invocation {
  const complementOf = (_file: string) => shards[1 - Number(/shard (\d)/.exec(origin)?.[1] ?? 0)]!;
  switch (kind) {
    case 'options':
      return { args: ['run', '--options', file, '--trace', join(dir, 'out', 'trace.jsonl')], outputs: [{ path: join(dir, 'out', 'trace.jsonl'), kind: 'trace' }] };
    case 'replay':
      return { args: ['replay', file, '--trace', join(dir, 'out', 'trace.jsonl')], outputs: [{ path: join(dir, 'out', 'trace.jsonl'), kind: 'trace' }] };
    case 'profile':
      return { args: ['explore', '--profile', file, '--seeds', '2', '--workers', '1', '--out', join(dir, 'explore'), '--json'], outputs: [{ path: join(dir, 'explore'), kind: 'folder' }], check: jsonOnStdout };
    case 'scenario':
      return { args: ['audit', '--scenarios', dirnameOf(file), '--swarm-seeds', '0', '--out', join(dir, 'audit')], outputs: [{ path: join(dir, 'audit'), kind: 'folder' }], hangAfterMs: 90_000 };
    case 'trace':
      return { args: ['viz', file, '-o', join(dir, 'out', 'report.html')], outputs: [{ path: join(dir, 'out', 'report.html'), kind: 'html' }] };
    case 'shard':
      // With the valid shard it was not mutated from, so the set is complete and only the mutation is at fault.
      return { args: ['merge', file, complementOf(file)], outputs: [], check: jsonOnStdout };
  }
}
const dirnameOf = (file: string) => file.slice(0, file.lastIndexOf('/'));

/** A scenario under a name of its own: audit may add --scenarios to the shipped set, where names must be unique. */
function renamedScenario(file: CorpusFile): CorpusFile {
  const value = (file.format === 'yaml' ? parseYaml(file.text) : JSON.parse(file.text)) as { name: string };
  value.name = `fuzz-${value.name}`;
  return { ...file, text: file.format === 'yaml' ? stringifyYaml(value) : `${JSON.stringify(value, null, 2)}\n` };
}

/**
 * The classes sent through each command. Audit takes seconds per run, so its scenario files get the
 * classes the loader cannot decide alone; merge's shards are decided by the loader, so a few.
 */
const CLI_CLASSES: Partial<Record<InputKind, readonly InputClassId[]>> = {
  scenario: ['valid', 'long-string'],
  shard: ['valid', 'long-string'],
};

/** A (kind, class) the loader must refuse is proven in-process; through the CLI go the ones whose outcome depends on what runs next. */
const refusedByLoader = (c: (typeof INPUT_CLASSES)[number], kind: InputKind) => c.exits[kind].length === 1 && c.exits[kind][0] === 2;

const BASE_SEED = FUZZ_SEED ?? Date.now();
const contentRows = INPUT_KINDS.flatMap((kind, k) =>
  INPUT_CLASSES.filter((c) => c.cli && !refusedByLoader(c, kind) && (CLI_CLASSES[kind]?.includes(c.id) ?? true)).map((c, n) => ({ kind, inputClass: c, seed: BASE_SEED + 100 * k + n })),
);

describe('fuzz through the CLI: mutated files', () => {
  it.concurrent.each(contentRows.map((row) => [`${row.kind} ${row.inputClass.id}`, row] as const))('%s', async (_name, row) => {
    const files = row.kind === 'scenario' ? corpus('scenario').map(renamedScenario) : corpus(row.kind, shardTexts);
    const [fuzzCase] = fc.sample(fuzzCases(files, row.inputClass.id, { safeHugeOnly: row.kind === 'profile' }), { seed: row.seed, numRuns: 1 }) as [FuzzCase];
    const dir = caseDir();
    const inputDir = join(dir, 'input');
    mkdirSync(inputDir);
    const file = join(inputDir, `fuzz-case${fuzzCase.ext}`);
    writeFileSync(file, fuzzCase.bytes);
    const { problems, run } = await problemsOf(invocationFor(row.kind, file, dir, fuzzCase.origin), row.inputClass.exits[row.kind]);
    expect(problems, `${fc.stringify(fuzzCase)}\n(SYNC_LAB_FUZZ_SEED=${BASE_SEED}: fc.sample seed ${row.seed})\n${run}`).toEqual([]);
  });
});

/** Cases only a process can exercise: flags, output paths, folders. Each row: class, exits, how to run it. */
interface CommandCase {
  name: string;
  exits: readonly ExitCode[];
  setup: (dir: string) => Invocation | Promise<Invocation>;
}

const REGRESSION = 'simulations/regressions/last-arrival-wins--lww-winner.json';
const GOLDEN_TRACE = 'tests/golden/seed-7-small.jsonl';

/** A folder holding someone's files, which no command may remove. */
function foreignFolder(dir: string): string {
  const folder = join(dir, 'my-project');
  mkdirSync(join(folder, '.git'), { recursive: true });
  writeFileSync(join(folder, 'notes.md'), 'my notes\n');
  writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  return folder;
}
function regularFile(dir: string): string {
  const file = join(dir, 'a-file.txt');
  writeFileSync(file, 'previous contents\n');
  return file;
}

const COMMAND_CASES: readonly CommandCase[] = [
  // Output paths.
  { name: 'run --trace: an existing file (replaced whole)', exits: [0, 1], setup: (d) => ({ args: ['run', '--seed', '3', '--trace', regularFile(d)], outputs: [{ path: join(d, 'a-file.txt'), kind: 'trace' }] }) },
  { name: 'run --trace: a path under a regular file', exits: [2], setup: (d) => ({ args: ['run', '--seed', '3', '--trace', join(regularFile(d), 't.jsonl')], outputs: [{ path: join(d, 'a-file.txt'), kind: 'trace' }] }) },
  { name: 'run --trace: an existing folder', exits: [2], setup: (d) => ({ args: ['run', '--seed', '3', '--trace', foreignFolder(d)], outputs: [{ path: join(d, 'my-project'), kind: 'folder' }] }) },
  { name: 'run --trace: a path on /proc', exits: [2], setup: () => ({ args: ['run', '--seed', '3', '--trace', '/proc/self/sync-lab-fuzz/t.jsonl'], outputs: [], hangAfterMs: 20_000 }) },
  { name: 'run --viz: a path under a regular file', exits: [2], setup: (d) => ({ args: ['run', '--seed', '3', '--viz', join(regularFile(d), 'r.html')], outputs: [{ path: join(d, 'a-file.txt'), kind: 'html' }] }) },
  { name: 'replay --trace: a path under a regular file', exits: [2], setup: (d) => ({ args: ['replay', REGRESSION, '--trace', join(regularFile(d), 't.jsonl')], outputs: [{ path: join(d, 'a-file.txt'), kind: 'trace' }] }) },
  { name: 'viz -o: an existing folder', exits: [2], setup: (d) => ({ args: ['viz', GOLDEN_TRACE, '-o', foreignFolder(d)], outputs: [{ path: join(d, 'my-project'), kind: 'folder' }] }) },
  { name: 'explore --out: a non-empty folder without the marker', exits: [2], setup: (d) => ({ args: ['explore', '--seeds', '2', '--workers', '1', '--out', foreignFolder(d)], outputs: [{ path: join(d, 'my-project'), kind: 'folder' }] }) },
  { name: 'audit --out: a non-empty folder without the marker', exits: [2], setup: (d) => ({ args: ['audit', '--swarm-seeds', '0', '--out', foreignFolder(d)], outputs: [{ path: join(d, 'my-project'), kind: 'folder' }], hangAfterMs: 90_000 }) },
  { name: 'lab --out: a non-empty folder without the marker', exits: [2], setup: (d) => ({ args: ['lab', '--seeds', '2', '--workers', '1', '--out', foreignFolder(d)], outputs: [{ path: join(d, 'my-project'), kind: 'folder' }], hangAfterMs: 90_000 }) },
  { name: 'lab --out .: the current folder, not empty', exits: [2], setup: (d) => ({ args: ['lab', '--seeds', '2', '--workers', '1', '--out', '.'], cwd: foreignFolder(d), outputs: [{ path: join(d, 'my-project'), kind: 'folder' }], hangAfterMs: 90_000 }) },
  { name: 'lab --out: a regular file', exits: [2], setup: (d) => ({ args: ['lab', '--seeds', '2', '--workers', '1', '--out', regularFile(d)], outputs: [{ path: join(d, 'a-file.txt'), kind: 'trace' }], hangAfterMs: 90_000 }) },
  // Numbers in flags.
  { name: 'run --seed 99999999999999', exits: [2], setup: () => ({ args: ['run', '--seed', '99999999999999'], outputs: [] }) },
  { name: 'run --duration-ms 1e300', exits: [2], setup: () => ({ args: ['run', '--duration-ms', '1e300'], outputs: [] }) },
  { name: 'run --devices -1', exits: [2], setup: () => ({ args: ['run', '--devices', '-1'], outputs: [] }) },
  { name: 'explore --seeds 99999999999999', exits: [2], setup: (d) => ({ args: ['explore', '--seeds', '99999999999999', '--workers', '1', '--out', join(d, 'explore')], outputs: [{ path: join(d, 'explore'), kind: 'folder' }], hangAfterMs: 20_000 }) },
  { name: 'explore --from -1', exits: [2], setup: (d) => ({ args: ['explore', '--seeds', '2', '--from', '-1', '--out', join(d, 'explore')], outputs: [{ path: join(d, 'explore'), kind: 'folder' }] }) },
  {
    name: 'explore --workers 1000 (capped at the cores)',
    exits: [0, 1],
    setup: (d) => ({
      args: ['explore', '--seeds', '2', '--workers', '1000', '--out', join(d, 'explore'), '--json'],
      outputs: [{ path: join(d, 'explore'), kind: 'folder' }],
      check: (r) => {
        const workers = (JSON.parse(r.stdout) as { workers: number }).workers;
        return workers <= availableParallelism() ? null : `ran ${workers} workers on ${availableParallelism()} cores`;
      },
    }),
  },
  { name: 'explore --profile: a range [0, 1e300]', exits: [2], setup: (d) => ({ args: ['explore', '--seeds', '2', '--workers', '1', '--profile', profileWithRange(d, 'lossPercent', [0, 1e300]), '--out', join(d, 'explore')], outputs: [{ path: join(d, 'explore'), kind: 'folder' }], hangAfterMs: 20_000 }) },
  { name: 'bench --explore-seeds abc', exits: [2], setup: () => ({ args: ['bench', '--seeds', '1', '--days', '0.001', '--explore-seeds', 'abc'], outputs: [] }) },
  { name: 'bench --days NaN', exits: [2], setup: () => ({ args: ['bench', '--seeds', '1', '--days', 'NaN'], outputs: [] }) },
  { name: 'lab --seeds abc', exits: [2], setup: (d) => ({ args: ['lab', '--seeds', 'abc', '--out', join(d, 'lab')], outputs: [{ path: join(d, 'lab'), kind: 'folder' }] }) },
  { name: 'audit --swarm-seeds -1', exits: [2], setup: (d) => ({ args: ['audit', '--swarm-seeds', '-1', '--out', join(d, 'audit')], outputs: [{ path: join(d, 'audit'), kind: 'folder' }] }) },
  // Input files as a whole.
  { name: 'audit --scenarios: one file instead of a folder', exits: [0, 1], setup: (d) => ({ args: ['audit', '--swarm-seeds', '0', '--scenarios', 'simulations/reviewer/essential-offline.yaml', '--out', join(d, 'audit')], outputs: [{ path: join(d, 'audit'), kind: 'folder' }], hangAfterMs: 90_000 }) },
  { name: 'replay: a journal note of 100,000 characters', exits: [0, 1], setup: (d) => ({ args: ['replay', replayWithLongNote(d), '--trace', join(d, 't.jsonl')], outputs: [{ path: join(d, 't.jsonl'), kind: 'trace' }] }) },
  { name: 'viz: a trace cut before its run-end', exits: [0, 2], setup: (d) => ({ args: ['viz', cutTrace(d), '-o', join(d, 'r.html')], outputs: [{ path: join(d, 'r.html'), kind: 'html' }] }) },
  // merge: what it merges.
  { name: 'merge: the complete set of shards', exits: [0], setup: () => ({ args: ['merge', ...shards], outputs: [], check: jsonOnStdout }) },
  { name: 'merge: one shard of two (incomplete)', exits: [1], setup: () => ({ args: ['merge', shards[0]!], outputs: [] }) },
  { name: 'merge: the same shard twice', exits: [2], setup: () => ({ args: ['merge', shards[0]!, shards[0]!], outputs: [] }) },
  { name: 'merge: shards of different --seeds', exits: [2], setup: async (d) => ({ args: ['merge', shards[0]!, await shardOfAnotherRun(d)], outputs: [] }) },
];

function profileWithRange(dir: string, option: string, range: [number, number]): string {
  const path = join(dir, 'profile.json');
  writeFileSync(path, JSON.stringify({ name: 'fuzz', description: 'a range out of bounds', base: { durationMs: 5000 }, ranges: { [option]: range } }));
  return path;
}
/** A long note is ordinary user data: every checker must take it (the content-exposure check once built a regex from it). */
function replayWithLongNote(dir: string): string {
  const replay = JSON.parse(corpus('replay').find((f) => f.origin === REGRESSION)!.text) as { schedule: { events: { fields?: Record<string, unknown> }[] } };
  const event = replay.schedule.events.find((e) => e.fields !== undefined)!;
  event.fields!['notes'] = 'a long journal note, '.repeat(5_000);
  const path = join(dir, 'long-note.json');
  writeFileSync(path, JSON.stringify(replay));
  return path;
}
function cutTrace(dir: string): string {
  const lines = corpus('trace')[0]!.text.trimEnd().split('\n');
  const path = join(dir, 'cut.jsonl');
  writeFileSync(path, `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`);
  return path;
}
/** Shard 1 of 2 of another run (6 seeds instead of 4), written by the real CLI. */
async function shardOfAnotherRun(dir: string): Promise<string> {
  const r = await runCli(['explore', '--seeds', '6', '--workers', '1', '--shard', '1/2', '--out', dir, '--json']);
  if (r.code !== 0) throw new Error(`shardOfAnotherRun: ${describeRun(['explore', '--seeds', '6', '--shard', '1/2'], r)}`);
  return shardFilesIn(dir)[0]!;
}

describe('fuzz through the CLI: flags, output paths and folders', () => {
  it.concurrent.each(COMMAND_CASES.map((c) => [c.name, c] as const))('%s', async (_name, commandCase) => {
    const { problems, run } = await problemsOf(await commandCase.setup(caseDir()), commandCase.exits);
    expect(problems, run).toEqual([]);
  });
});
