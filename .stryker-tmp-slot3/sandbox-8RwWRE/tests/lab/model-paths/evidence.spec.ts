// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { checkedRunForPath, modelPathSets, runModelEvidence, seedForPath } from '../../../src/lab/model-paths/evidence.ts';
import type { ModelEvidence } from '../../../src/lab/model-paths/evidence.ts';
import { MODELS } from '../../../src/lab/model-paths/catalogue.ts';
import refuseWhenExpired from '../../fixtures/broken-reconcilers/refuse-when-expired.ts';
import volatileOutbox from '../../fixtures/broken-reconcilers/volatile-outbox.ts';

let cached: Promise<ModelEvidence> | null = null;
const evidence = (): Promise<ModelEvidence> => (cached ??= runModelEvidence());

describe('runModelEvidence', () => {
  it('covers 100% of states and transitions, per machine and in total', async () => {
    const { coverage, perMachine } = await evidence();
    expect(Object.keys(perMachine)).toEqual(MODELS.map((m) => m.id));
    for (const c of [coverage, ...Object.values(perMachine)]) {
      expect(c.states.missing).toEqual([]);
      expect(c.transitions.missing).toEqual([]);
      expect(c.states.covered).toBe(c.states.total);
      expect(c.transitions.covered).toBe(c.transitions.total);
    }
    expect(coverage.states.total).toBe(Object.values(perMachine).reduce((n, c) => n + c.states.total, 0));
  });

  it('runs every path clean: no violations, converged', async () => {
    const { paths } = await evidence();
    expect(paths.length).toBe(modelPathSets().reduce((n, s) => n + s.paths.length, 0));
    const dirty = paths.filter((p) => p.violations.length > 0 || !p.converged);
    expect(dirty.map((p) => `${p.id} [${p.steps.join(' ')}] seed ${p.seed}: ${JSON.stringify(p.violations)}`)).toEqual([]);
    for (const p of paths) {
      expect(p.traceHash).toMatch(/^v2:[0-9a-f]{64}$/);
      expect(p.seed).toBe(seedForPath(p.id));
    }
  });

  it('is deterministic and reports progress', async () => {
    const seen: [number, number][] = [];
    const again = await runModelEvidence({ onProgress: (done, total) => seen.push([done, total]) });
    expect(again).toEqual(await evidence());
    expect(seen.length).toBe(again.paths.length);
    expect(seen.at(-1)).toEqual([again.paths.length, again.paths.length]);
  });

  it('catches a reconciler that forgets its outbox in a crash (durability)', async () => {
    // The device model's offline-then-crash path loses queued ops whatever the network draws; a crash
    // on the device-process model's own paths (online) only loses an op when its push is lost too.
    const broken = await runModelEvidence({ reconciler: volatileOutbox, models: ['device-process', 'device'] });
    const caught = broken.paths.filter((p) => p.violations.some((v) => v.checker === 'durability'));
    expect(caught.length).toBeGreaterThan(0);
    expect(caught.every((p) => p.steps.some((s) => s.startsWith('CRASH')))).toBe(true);
  });

  it('catches a reconciler that refuses local writes once its token expired (token-expiry)', async () => {
    const broken = await runModelEvidence({ reconciler: refuseWhenExpired, models: ['sync-lifecycle', 'session-token'] });
    const caught = broken.paths.filter((p) => p.violations.some((v) => v.checker === 'token-expiry'));
    expect(caught.length).toBeGreaterThan(0);
    expect(caught.map((p) => p.machine)).toContain('sync-lifecycle');
  });

  it('derives stable seeds from path ids', () => {
    expect(seedForPath('device/1')).toBe(seedForPath('device/1'));
    expect(seedForPath('device/1')).not.toBe(seedForPath('device/2'));
    expect(seedForPath('x')).toBeGreaterThanOrEqual(0);
    expect(seedForPath('x')).toBeLessThan(2 ** 32);
  });
});

describe('checkedRunForPath', () => {
  it('reproduces the reported trace hash and gives the trace', async () => {
    const [set] = modelPathSets(MODELS.filter((m) => m.id === 'session-token'));
    const path = set!.paths[0]!;
    const reported = (await evidence()).paths.find((p) => p.id === path.id)!;
    const run = checkedRunForPath(set!.model, path);
    expect(run.traceHash).toBe(reported.traceHash);
    expect(run.trace.at(-1)?.kind).toBe('run-end');
  });
});
