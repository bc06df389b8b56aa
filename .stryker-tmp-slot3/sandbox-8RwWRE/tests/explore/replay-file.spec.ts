// @ts-nocheck
// Replay files are read with the strict schedule schema, the options schema and the checker
// registry: anything a hand edit can break is refused (exit 2) with the file and the field named.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKER_IDS } from '../../src/check/index.ts';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { UsageError } from '../../src/io/usage-error.ts';

const RECORDED = 'simulations/regressions/resurrects-tombstones--delete-semantics.json';
const original = () => JSON.parse(readFileSync(RECORDED, 'utf8')) as Record<string, any>;

function failure(edit: (file: Record<string, any>) => void): string {
  const file = original();
  edit(file);
  const path = join(mkdtempSync(join(tmpdir(), 'replay-file-')), 'edited.json');
  writeFileSync(path, JSON.stringify(file));
  try {
    readReplayFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain(`replay: ${path}: field "`);
    return message;
  }
  throw new Error('expected a UsageError');
}

describe('readReplayFile', () => {
  it('reads a shipped regression file with its options resolved and its schedule checked', () => {
    const file = readReplayFile(RECORDED);
    expect(file.checker).toBe('delete-semantics');
    expect(file.options.seed).toBe(file.seed);
    expect(file.schedule.devices.length).toBe(file.options.devices);
  });

  it('refuses a misspelt or unknown checker, listing the known ones', () => {
    const message = failure((f) => (f.checker = 'delete-semantic'));
    expect(message).toMatch(/field "checker": expected one of the checkers: /);
    for (const id of CHECKER_IDS) expect(message).toContain(id);
  });

  it('refuses every schedule defect class before anything runs', () => {
    const first = (f: Record<string, any>) => f.schedule.events[0];
    expect(failure((f) => (first(f).action = 'teleport'))).toMatch(/field "schedule\.events\.0\.action"/);
    expect(failure((f) => (first(f).device = 'q'))).toMatch(/field "schedule\.events\.0\.device": "q" is not one of/);
    expect(failure((f) => f.schedule.events.push({ atMs: 1, device: 'a', action: 'edit', ref: 'ghost', fields: { notes: 'x' } }))).toMatch(/ref "ghost" is not created/);
    expect(failure((f) => f.schedule.events.push({ atMs: 1, device: 'a', action: 'create', ref: 'new' }))).toMatch(/field "schedule\.events\.\d+\.fields"/);
    expect(failure((f) => f.schedule.events.push({ atMs: 1, device: 'a', action: 'crash', point: 'later' }))).toMatch(/field "schedule\.events\.\d+\.point"/);
    expect(failure((f) => f.schedule.events.push({ atMs: 1, action: 'server-outage', durationMs: -10 }))).toMatch(/field "schedule\.events\.\d+\.durationMs": Too small/);
    expect(failure((f) => f.schedule.events.push({ atMs: 1, device: 'a', action: 'clock-jump', deltaMs: -1e14 }))).toMatch(/field "schedule\.events\.\d+\.deltaMs": Too small: expected number to be >=-31536000000/);
    expect(failure((f) => f.schedule.events.push({ atMs: '5', device: 'a', action: 'restart' }))).toMatch(/field "schedule\.events\.\d+\.atMs": Invalid input: expected number, received string/);
    expect(failure((f) => (f.schedule.devices = [...f.schedule.devices, f.schedule.devices[0]]))).toMatch(/field "schedule\.devices\.\d+": "a" is listed twice/);
    expect(failure((f) => (f.schedule.initialModes.a = 'sideways'))).toMatch(/field "schedule\.initialModes\.a": Invalid option/);
    expect(failure((f) => (f.schedule.extra = 1))).toMatch(/field "schedule\.extra": unknown field/);
  });

  it('refuses bad options, a seed that differs from the options, and a malformed hash', () => {
    expect(failure((f) => (f.options.lossPercent = 'many'))).toMatch(/field "options\.lossPercent": Invalid input: expected number/);
    expect(failure((f) => (f.options.devices = 1))).toMatch(/field "schedule\.devices\.1": "b" is not a device of this run \(options\.devices = 1: a\)/);
    expect(failure((f) => (f.seed = f.seed + 1))).toMatch(/field "options\.seed": \d+ differs from the file's seed/);
    expect(failure((f) => (f.traceHash = 'abc'))).toMatch(/field "traceHash": expected a trace hash: "v2:" and 64 lower-case hex digits/);
  });
});
