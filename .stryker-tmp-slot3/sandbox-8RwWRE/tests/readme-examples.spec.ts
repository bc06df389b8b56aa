/**
 * Every command example in the README runs as written (issue 9, Build 9): each `npx sync-lab …` and
 * `npm run …` line of its shell blocks runs, in order, in a scratch folder that sees the repository's
 * files (simulations/, examples/, tests/fixtures/ through links) so the README's relative paths
 * resolve and its outputs (out/, lab-results/, audit-results/, my-audit/) land in the scratch folder.
 * `npx sync-lab` is this checkout's bin/sync-lab.js (npx would otherwise look the name up on the
 * registry). Each line must end with exit 0, or the code its comment gives (`# exit 1: …`).
 */
// @ts-nocheck

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands } from './_internals/readme-commands.ts';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const BIN = join(REPO_ROOT, 'bin', 'sync-lab.js');
/** Where the README's commands write: never linked, so they land in the scratch folder. */
const OUTPUTS = new Set(['.git', 'out', 'lab-results', 'audit-results', 'my-audit', 'audit.json', 'test-results', 'test-artifacts']);

/**
 * Lines whose exit code the README gives in its prose rather than in a comment on the line (the
 * visualizer section says its `replay` example exits 1: the regression still breaks its engine).
 */
const EXIT_GIVEN_IN_PROSE: Record<string, number> = {
  'npx sync-lab replay simulations/regressions/last-arrival-wins--lww-winner.json --viz out/replay.html': 1,
};

const examples = readmeCommands(README).map((e) => ({ ...e, expectedExit: EXIT_GIVEN_IN_PROSE[e.command] ?? e.expectedExit }));
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'sync-lab-readme-'));
  for (const entry of readdirSync(REPO_ROOT)) {
    if (!OUTPUTS.has(entry)) symlinkSync(join(REPO_ROOT, entry), join(scratch, entry));
  }
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function asRun(command: string): string {
  return command.replace(/^npx sync-lab\b/, `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)}`);
}

describe('README examples', () => {
  it('finds the examples of every documented command family', () => {
    const commands = examples.map((e) => e.command);
    for (const family of ['explore', 'replay', 'audit', 'run', 'viz']) {
      expect(commands.some((c) => c.startsWith(`npx sync-lab ${family} `) || c === `npx sync-lab ${family}`), family).toBe(true);
    }
  });

  // In README order: later examples read what earlier ones wrote (viz reads out/seed-7.jsonl).
  it.each(examples.map((e) => [`line ${e.line}: ${e.command}`, e] as const))('%s', (_name, example) => {
    const r = spawnSync('sh', ['-c', asRun(example.command)], { cwd: scratch, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 120_000 });
    const firstError = r.stderr.split('\n').find((l) => /sync-lab:|error/i.test(l)) ?? r.stderr.split('\n')[0];
    expect(r.status, `README line ${example.line}: ${example.command}\nexit ${r.status ?? r.signal}; stderr: ${firstError}`).toBe(example.expectedExit);
  });
});
