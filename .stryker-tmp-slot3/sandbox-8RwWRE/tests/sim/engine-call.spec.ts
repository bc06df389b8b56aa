// @ts-nocheck
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsyncEngineError, DRAIN_TURNS, EVENT_END, PendingCall, runAsync, runSync, settle } from '../../src/sim/engine-call.ts';
import type { Step } from '../../src/sim/engine-call.ts';

const pending = <T>(promise: Promise<T>): PendingCall<T> => new PendingCall('poll', 'a', promise, (turns) => new Error(`unsettled after ${turns}`));

describe('engine-call drivers', () => {
  it('runSync runs a step that never waits, and refuses one that does, naming the call and simulateAsync', () => {
    function* plain(): Step<number> {
      return (yield* settle(2)) + 1;
    }
    expect(runSync(plain())).toBe(3);
    function* waits(): Step<number> {
      return yield* settle(pending(Promise.resolve(1)));
    }
    expect(() => runSync(waits())).toThrow(AsyncEngineError);
    expect(() => runSync(waits())).toThrow(/poll on device a .*simulateAsync/);
  });

  it('runAsync hands a settled answer back, throws a rejection into the step, and reports a promise that never settles', async () => {
    function* step(p: PendingCall<number>): Step<string> {
      try {
        return `got ${yield* settle(p)}`;
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
    }
    expect(await runAsync(step(pending(Promise.resolve(5))))).toBe('got 5');
    expect(await runAsync(step(pending(Promise.reject(new Error('no')))))).toBe('caught no');
    expect(await runAsync(step(pending(new Promise<number>(() => undefined))))).toMatch(/^caught unsettled after \d+/);
  });

  it('runAsync drains microtasks at each event end: work an engine left running is done before the next event', async () => {
    let done = 0;
    function* events(): Step<number> {
      // Fire-and-forget work a few turns long, then the event ends.
      void Promise.resolve().then(() => Promise.resolve()).then(() => done++);
      yield EVENT_END;
      return done;
    }
    expect(DRAIN_TURNS).toBeGreaterThan(3);
    expect(await runAsync(events())).toBe(1);
  });
});

describe('every generator of the world is driven', () => {
  // A generator method called without `yield*` does nothing at all: the compiler cannot see it, so this scan does.
  const dir = join(import.meta.dirname, '../../src/sim');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const sources = files.map((f) => ({ f, text: readFileSync(join(dir, f), 'utf8') }));
  const generatorsOf = (file: string): Set<string> =>
    new Set([...(sources.find((s) => s.f === file)?.text ?? '').matchAll(/^\s*(?:private |export function)?\s*\*\s*(\w+)\s*[(<]/gm)].map((m) => m[1]!));
  const owner: Record<string, string> = { host: 'host.ts', 'this.host': 'host.ts', transport: 'transport.ts', 'this.transport': 'transport.ts' };

  it('finds the generators (the scan is not vacuous)', () => {
    expect([...generatorsOf('host.ts')]).toEqual(expect.arrayContaining(['pump', 'receive', 'crash', 'boot']));
    expect([...generatorsOf('transport.ts')]).toEqual(expect.arrayContaining(['send', 'deliverResponse', 'timeout']));
    expect([...generatorsOf('world.ts')]).toEqual(expect.arrayContaining(['apply', 'finish', 'run', 'pumpAll']));
  });

  it.each(files)('%s calls each generator with yield* (or hands it to a driver)', (file) => {
    const text = sources.find((s) => s.f === file)!.text;
    const bad: string[] = [];
    text.split('\n').forEach((line, i) => {
      if (/^\s*(\*|\/\/)/.test(line)) return;
      for (const m of line.matchAll(/\b(this\.host|this\.transport|this|host|transport)\.(\w+)\(/g)) {
        if (!generatorsOf(m[1] === 'this' ? file : owner[m[1]!]!).has(m[2]!)) continue;
        const before = line.slice(0, m.index);
        if (/(yield\*\s*\(?|run(?:Sync|Async)\()\s*$/.test(before)) continue;
        // Handed to the caller: only a function typed to return a Step can return one (a generator typed
        // Step<void> cannot), and the world's loop drives what `dispatch` returns (checked below).
        if (/(^\s*return|\?)\s*$/.test(before)) continue;
        bad.push(`${file}:${i + 1}: ${line.trim()}`);
      }
    });
    expect(bad).toEqual([]);
  });

  it('world.ts drives the step each event dispatches to', () => {
    const text = sources.find((s) => s.f === 'world.ts')!.text;
    expect(text).toMatch(/const step = this\.dispatch\(item\);\n\s*if \(step !== undefined\) yield\* step;/);
    expect(text.match(/this\.dispatch\(/g)).toHaveLength(1);
  });
});
