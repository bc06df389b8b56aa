/** The write step alone: what lands in the audit folder, and what is replaced. */
// @ts-nocheck

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeAudit } from '../../src/report/audit-judge.ts';
import type { Gathered, RunRecord } from '../../src/report/audit-types.ts';
import { writeAudit } from '../../src/report/audit-write.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

const event = { i: 0, t: 0, kind: 'phase', phase: 'heal' } as TraceEvent;
const record = (id: string, trace: string | null, events: TraceEvent[] | null): RunRecord => ({
  run: { id, kind: 'model-path', seed: 1, traceHash: 'h', trace, status: 'pass', findings: [] },
  trace: events,
  violations: [],
});

describe('writeAudit', () => {
  it('writes one JSONL trace per run that has one, the cell scenarios and the three reports; stale traces and cells go', () => {
    const out = mkdtempSync(join(tmpdir(), 'audit-write-'));
    for (const dir of ['traces', 'cells']) {
      mkdirSync(join(out, dir));
      writeFileSync(join(out, dir, 'stale'), 'x');
    }
    const gathered: Gathered = {
      records: [record('model:a/1', 'traces/model-a-1.jsonl', [event, { ...event, i: 1 }]), record('model:a/2', null, null)],
      matrix: [],
      scenarioResults: [],
      model: null,
      modelError: 'none',
      determinism: { compared: [], mismatches: [] },
      cellScenarios: [{ file: 'cells/create-offline.json', scenario: { name: 'cell-create-offline' } }],
    };
    const report = judgeAudit(gathered, { reconciler: 'r', out });
    writeAudit(out, gathered, report);
    expect(readdirSync(join(out, 'traces'))).toEqual(['model-a-1.jsonl']);
    expect(readFileSync(join(out, 'traces', 'model-a-1.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceEvent)).toEqual([event, { ...event, i: 1 }]);
    expect(readdirSync(join(out, 'cells'))).toEqual(['create-offline.json']);
    expect(JSON.parse(readFileSync(join(out, 'audit.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(existsSync(join(out, 'audit.md')) && existsSync(join(out, 'audit.html'))).toBe(true);
  });
});
