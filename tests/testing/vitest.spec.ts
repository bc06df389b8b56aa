import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecked, replay } from '../../src/api/index.ts';
import type { CheckerId } from '../../src/api/index.ts';
import { attachReplay, toConverge, toHaveNoViolations, toHoldProperty } from '../../src/testing/vitest.ts';
import lastArrivalWins from '../fixtures/broken-reconcilers/last-arrival-wins.ts';

const BROKEN = join(import.meta.dirname, '../fixtures/broken-reconcilers/last-arrival-wins.ts');
const good = runChecked({ options: { seed: 1 } });
// Seed 2 under the default profile: the last-arrival-wins engine loses a newer write (lww-winner).
const bad = runChecked({ options: { seed: 2 }, reconciler: lastArrivalWins });

describe('sync-lab/vitest matchers', () => {
  it('registered on expect: a correct run converges and holds every property', () => {
    expect(good).toConverge();
    expect(good).toHaveNoViolations();
    expect(good).toHoldProperty('durability');
  });

  it('a broken engine fails them, and the message shows the violation and how to replay it', () => {
    expect(bad.violations.length).toBeGreaterThan(0);
    expect(bad).not.toHaveNoViolations();
    const failure = toHaveNoViolations(bad);
    expect(failure.pass).toBe(false);
    const first = bad.violations[0]!;
    const id = first.checker as CheckerId;
    expect(failure.message()).toContain(`${first.checker} at event ${first.eventIndex}`);
    expect(failure.message()).toContain('npx sync-lab replay');
    const property = toHoldProperty(bad, id);
    expect(property.pass).toBe(false);
    expect(property.message()).toContain(first.message);
    expect(() => expect(bad).toHoldProperty(id)).toThrow(first.checker);
  });

  it('toConverge fails on a run whose replicas never agree', () => {
    const run = { ...good, converged: false };
    expect(toConverge(run).pass).toBe(false);
    expect(toConverge(run).message()).toMatch(/did not/);
  });

  it('refuses an unknown checker id and a value that is not a run, naming what was expected', () => {
    expect(toHoldProperty(good, 'durabilty' as never).message()).toMatch(/unknown checker "durabilty"; expected one of .*durability/);
    expect(toHaveNoViolations(42).message()).toMatch(/expected the result of runChecked\(\)/);
  });

  it('attachReplay writes a replay file that reproduces the violation and attaches it to the test', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-attach-'));
    const notes: { message: string; type?: string; attachment?: { path?: string } }[] = [];
    const context = { annotate: async (message: string, type?: string, attachment?: { path?: string }) => void notes.push({ message, ...(type ? { type } : {}), ...(attachment ? { attachment } : {}) }) };
    expect(await attachReplay(good, context, { dir })).toBeNull();
    const path = await attachReplay(bad, context, { dir, reconciler: BROKEN });
    expect(path).not.toBeNull();
    expect(notes).toEqual([{ message: `sync-lab replay file: npx sync-lab replay ${path}`, type: 'error', attachment: { path, contentType: 'application/json' } }]);
    // Version 2: the module path is stored relative to the replay file, so the file replays from any cwd.
    const written = JSON.parse(readFileSync(path!, 'utf8')) as { version: number; reconciler: string; $schema: string };
    expect(written.version).toBe(2);
    // It names sync-lab's replay schema relative to itself, so an editor validates it.
    expect(resolve(dirname(path!), written.$schema)).toBe(resolve('schemas/replay.schema.json'));
    expect(written.reconciler).toMatch(/^\.\.\//);
    expect(resolve(dirname(path!), written.reconciler)).toBe(BROKEN);
    const again = await replay(path!);
    expect(again.reproduced).toBe(true);
    expect(again.hashMatches).toBe(true);
  });
});
