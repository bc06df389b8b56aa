/**
 * Async engines (issue 13, point 1): an engine whose answers are promises runs under the async
 * driver with the same traces as the synchronous engine it wraps; engines that reach for real time
 * or that break the contract across an await are caught.
 */
// @ts-nocheck

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/api/index.ts';
import { runExplore } from '../../src/explore/run-explore.ts';
import { runCheckedAsync } from '../../src/lab/run-checked.ts';
import { defaultReconciler } from '../../src/reconciler/index.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';
import { AsyncEngineError, simulate, simulateAsync } from '../../src/sim/run.ts';
import type { EngineErrorEvent } from '../../src/trace/events.ts';
import asyncDefault from '../fixtures/engines/async-default.ts';
import lateCommit from '../fixtures/broken-reconcilers/async-late-commit.ts';
import waitsOnTimer from '../fixtures/broken-reconcilers/async-waits-on-timer.ts';
import startsTimer from '../fixtures/broken-reconcilers/async-starts-timer.ts';

const options = (seed: number) => resolveSimOptions({ seed }, 'test');
const engineError = (trace: readonly { kind: string }[]) => trace.find((e): e is EngineErrorEvent => e.kind === 'engine-error');

describe('async engines', () => {
  it('the default engine made async gives the sync engine’s trace hash, seed by seed (crashes and restarts included)', async () => {
    const sameName = { ...defaultReconciler, name: asyncDefault.name };
    for (const seed of [1, 2, 5, 7]) {
      const sync = simulate({ options: options(seed), reconciler: sameName });
      const async = await simulateAsync({ options: options(seed), reconciler: asyncDefault });
      expect(engineError(async.trace)).toBeUndefined();
      expect(async.trace.length).toBe(sync.trace.length);
      expect(async.traceHash).toBe(sync.traceHash);
    }
    // The seeds did exercise restore: a restart is in at least one of them.
    const kinds = new Set((await simulateAsync({ options: options(2), reconciler: asyncDefault })).trace.map((e) => e.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['restart', 'merge', 'local-write']));
  });

  it('simulateAsync runs a sync engine exactly as simulate does', async () => {
    expect((await simulateAsync({ options: options(3) })).traceHash).toBe(simulate({ options: options(3) }).traceHash);
  });

  it('the synchronous simulate refuses an async engine, naming the call and simulateAsync', () => {
    const refused = (() => {
      try {
        simulate({ options: options(1), reconciler: asyncDefault });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refused).toBeInstanceOf(AsyncEngineError);
    expect((refused as Error).message).toMatch(/answered create on device a with a promise.*simulateAsync/);
  });

  it('an engine that answers a write before committing it is caught by commit-immediate', async () => {
    const run = await runCheckedAsync({ options: options(1), reconciler: lateCommit });
    expect(engineError(run.trace)).toBeUndefined();
    expect(run.violations.map((v) => v.checker)).toContain('commit-immediate');
  });

  it('an engine whose call waits on a real timer: engine-error naming the call, the run ends cleanly', async () => {
    const run = await runCheckedAsync({ options: options(1), reconciler: waitsOnTimer });
    expect(engineError(run.trace)).toMatchObject({ call: 'poll', device: 'a' });
    expect(engineError(run.trace)!.message).toMatch(/did not settle within \d+ microtask turns: it waits on a real timer/);
    expect(run.trace.at(-1)!.kind).toBe('run-end');
    expect(run.violations.map((v) => v.checker)).toContain('engine-error');
  });

  it('an engine that leaves a real timer running after a call: engine-error naming the call and the handle', async () => {
    // The first seed with a crash (a crash calls save).
    let seed = 1;
    while (!simulate({ options: options(seed) }).trace.some((e) => e.kind === 'crash')) seed++;
    const run = await runCheckedAsync({ options: options(seed), reconciler: startsTimer });
    expect(engineError(run.trace)).toMatchObject({ call: 'save' });
    expect(engineError(run.trace)!.message).toMatch(/left new active handle\(s\): 1 Timeout active after the call/);
  });

  it('explore runs an async engine in worker threads too, clean', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sync-lab-async-'));
    const summary = await runExplore({ seeds: 12, from: 1, profile: 'default', workers: 2, shard: { index: 0, count: 1 }, out, shrink: true, shrinkLimit: 1, reconciler: 'tests/fixtures/engines/async-default.ts' });
    expect(summary.seedsRun).toBe(12);
    expect(summary.failures).toEqual([]);
  });

  it('a real async bug (read-modify-write across an await loses a local write) is found, shrunk, and its replay file replays', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sync-lab-async-'));
    const summary = await runExplore({ seeds: 10, from: 1, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, out, shrink: true, shrinkLimit: 1, failFast: true, reconciler: 'tests/fixtures/broken-reconcilers/async-lost-update.ts' });
    const shrunk = summary.failures.find((f) => f.replayFile !== null)!;
    expect(shrunk.shrunkEvents!).toBeLessThan(shrunk.originalEvents!);
    const again = await replay(join(out, shrunk.replayFile!.split(/[\\/]/).at(-1)!));
    expect(again.reproduced).toBe(true);
    expect(again.hashMatches).toBe(true);
  });
});
