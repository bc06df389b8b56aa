// @ts-nocheck
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toChromeTrace } from '../../src/report/perfetto.ts';
import { runChecked } from '../../src/api/index.ts';
import { cli } from '../cli/_internals/cli.ts';
import { chromeTraceProblems } from './_internals/formats.ts';

describe('Perfetto (Chrome trace event format)', () => {
  const run = runChecked({ options: { seed: 3, devices: 3 } });
  const doc = toChromeTrace(run.trace);

  it('the validator refuses a flow with no slice to bind to and overlapping slices', () => {
    const bad = { traceEvents: [{ name: 'x', ph: 's', id: '1', pid: 1, tid: 1, ts: 5 }, { name: 'a', ph: 'X', pid: 1, tid: 2, ts: 0, dur: 10 }, { name: 'b', ph: 'X', pid: 1, tid: 2, ts: 5, dur: 10 }] };
    expect(chromeTraceProblems(JSON.stringify(bad))).toEqual(['traceEvents[0]: flow s has no enclosing slice on its thread', 'thread 1/2: slice at 5 overlaps its parent']);
  });

  it('a run validates: a process per device and the server, connectivity slices, write instants, counters, message flows', () => {
    expect(chromeTraceProblems(JSON.stringify(doc))).toEqual([]);
    const names = doc.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args!['name']);
    expect(names).toEqual(['server', 'device a', 'device b', 'device c']);
    const writes = run.trace.filter((e) => e.kind === 'local-write').length;
    expect(doc.traceEvents.filter((e) => e.cat === 'write' && e.ph === 'i')).toHaveLength(writes);
    expect(doc.traceEvents.some((e) => e.cat === 'connectivity' && e.ph === 'X' && ['online', 'offline', 'intermittent'].includes(e.name))).toBe(true);
    expect(doc.traceEvents.some((e) => e.ph === 'C' && e.name === 'outbox depth')).toBe(true);
    expect(doc.traceEvents.some((e) => e.ph === 'C' && e.name === 'divergent records')).toBe(true);
    const delivered = run.trace.filter((e) => e.kind === 'msg-deliver').length;
    expect(doc.traceEvents.filter((e) => e.ph === 'f')).toHaveLength(delivered);
  });

  it('divergence returns to zero once the run converged', () => {
    expect(run.converged).toBe(true);
    const last = doc.traceEvents.filter((e) => e.name === 'divergent records').at(-1);
    expect(last?.args).toEqual({ records: 0 });
  });

  it('run --perfetto writes the same document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-perfetto-'));
    const r = cli(['run', '--seed', '3', '--devices', '3', '--perfetto', join(dir, 'p.json')]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
