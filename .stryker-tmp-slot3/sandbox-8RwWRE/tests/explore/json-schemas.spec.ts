// @ts-nocheck
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaOf, jsonSchemaText, SCHEMA_NAMES } from '../../src/explore/json-schemas.ts';
import { traceEventSchema } from '../../src/trace/schema.ts';
import { loadScenario } from '../../src/explore/scenario-file.ts';
import { readReplayFile } from '../../src/explore/replay-file.ts';
import { runChecked } from '../../src/api/index.ts';
import { UsageError } from '../../src/io/usage-error.ts';
import { cli } from '../cli/_internals/cli.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('JSON Schemas', () => {
  it('schemas/*.schema.json are exactly what `sync-lab schema` prints (regenerate: sync-lab schema <name> > schemas/<name>.schema.json)', () => {
    for (const name of SCHEMA_NAMES) expect(readFileSync(join(ROOT, 'schemas', `${name}.schema.json`), 'utf8'), name).toBe(jsonSchemaText(name));
  });

  it('the command prints one, and refuses an unknown name with exit 2 naming the choices', () => {
    const ok = cli(['schema', 'options']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(jsonSchemaOf('options'));
    const bad = cli(['schema', 'optoins']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('schema: "optoins": expected one of options, scenario, replay, profile, trace');
  });

  it('scenario and replay schemas describe their options with the real option fields', () => {
    const options = (jsonSchemaOf('scenario')['properties'] as Record<string, { properties: Record<string, unknown> }>)['options']!;
    expect(Object.keys(options.properties)).toContain('lossPercent');
    expect((jsonSchemaOf('replay')['properties'] as Record<string, unknown>)['$schema']).toEqual({ type: 'string', description: 'the JSON Schema of this file (ignored by sync-lab)' });
  });

  it('every shipped simulation file names its schema', () => {
    const expected: Record<string, string> = { reviewer: 'scenario', regressions: 'replay', profiles: 'profile' };
    for (const [dir, schema] of Object.entries(expected)) {
      for (const file of readdirSync(join(ROOT, 'simulations', dir))) {
        const text = readFileSync(join(ROOT, 'simulations', dir, file), 'utf8');
        const ref = `../../schemas/${schema}.schema.json`;
        if (file.endsWith('.json')) expect(JSON.parse(text).$schema, file).toBe(ref);
        else expect(text.split('\n')[0], file).toBe(`# yaml-language-server: $schema=${ref}`);
      }
    }
  });

  it('the strict loaders accept a $schema key and refuse one that is not a string, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-schema-'));
    const scenario = JSON.parse(readFileSync(join(ROOT, 'simulations/reviewer/offline-conflict.json'), 'utf8'));
    expect(loadScenario(join(ROOT, 'simulations/reviewer/offline-conflict.json')).name).toBe('offline-conflict');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...scenario, $schema: 3 }));
    expect(() => loadScenario(join(dir, 'bad.json'))).toThrow(UsageError);
    expect(() => loadScenario(join(dir, 'bad.json'))).toThrow(/field "\$schema": expected a string/);
    // The replay file still reproduces its recorded trace hash with the reference in it.
    const replay = readReplayFile(join(ROOT, 'simulations/regressions/last-arrival-wins--lww-winner.json'));
    expect(replay.traceHash).toMatch(/^v2:[0-9a-f]{64}$/);
  });

  it('every event of a run matches the trace schema (a new event kind needs its entry in src/trace/event-schema.ts)', () => {
    const run = runChecked({ options: { seed: 5 } });
    for (const event of run.trace) {
      const parsed = traceEventSchema.safeParse(event);
      expect(parsed.success, `${event.kind}: ${parsed.error?.message}`).toBe(true);
    }
  });
});
