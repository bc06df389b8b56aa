import { describe, expect, it } from 'vitest';
import { ACT_MS, DURATION_MS } from '../../../src/spec/cell-timeline.ts';
import { OUTCOME_TEXT, PARITY_MATRIX, cellId, findCell } from '../../../src/spec/matrix.ts';
import { judgeCell } from '../../../src/check/parity/judge.ts';
import { runCell } from '../../../src/lab/parity/run-cell.ts';
import type { TraceEvent } from '../../../src/trace/events.ts';
import blocksOfflineSave from '../../fixtures/parity-broken/blocks-offline-save.ts';
import transmitsOffline from '../../fixtures/parity-broken/transmits-offline.ts';
import journalNeedsServer from '../../fixtures/parity-broken/journal-needs-server.ts';

const seconds = (t: number) => t / 1_000_000;

/** What each cell must show in its own trace, beyond "the judge found nothing". */
function assertCellFacts(id: string, trace: readonly TraceEvent[]): void {
  const cell = findCell(id)!;
  const subjectSends = trace.filter((e) => e.kind === 'msg-send' && e.from === 'a' && e.t >= 2_000_000 && e.t < DURATION_MS * 1000);
  if (cell.mode === 'offline') expect(subjectSends, `${id}: transmissions while offline`).toEqual([]);
  const writes = trace.filter((e): e is Extract<TraceEvent, { kind: 'local-write' }> => e.kind === 'local-write' && e.device === 'a' && e.t >= ACT_MS * 1000 - 500_000);
  for (const w of writes) {
    expect(w.ok, `${id}: write at ${seconds(w.t)} s`).toBe(true);
    const back = trace.find((e) => e.kind === 'local-read' && e.t === w.t && e.i > w.i && e.recordId === w.recordId);
    expect(back, `${id}: read-back in the same tick`).toBeDefined();
  }
  const end = trace[trace.length - 1]!;
  expect(end.kind === 'run-end' && end.converged, `${id}: converged`).toBe(true);
  if (cell.capability === 'backup' || cell.capability === 'admin') {
    const done = trace.find((e) => e.kind === 'remote-action' && e.device === 'a' && e.state === 'done');
    expect(done, `${id}: remote action completes`).toBeDefined();
    if (cell.mode === 'offline') expect(done!.t).toBeGreaterThanOrEqual(DURATION_MS * 1000);
    if (cell.mode === 'online') expect(done!.t).toBeLessThan(DURATION_MS * 1000);
  }
  if (cell.capability === 'propagation') {
    const edit = writes.find((w) => w.op === 'edit')!;
    const seen = trace.find((e) => e.kind === 'merge' && e.device === 'b' && e.applied && e.version?.opId === edit.version!.opId)!;
    const stored = trace.find((e) => e.kind === 'server-apply' && e.appended.includes(edit.version!.opId))!;
    expect(seen.t).toBeGreaterThan(stored.t);
    if (cell.mode === 'offline') expect(seen.t).toBeGreaterThanOrEqual(DURATION_MS * 1000);
  }
  if (cell.capability === 'restart') {
    const restart = trace.find((e) => e.kind === 'restart' && e.device === 'a');
    expect(restart?.kind === 'restart' && restart.versions.some((v) => v.opId === writes[0]!.version!.opId)).toBe(true);
  }
}

describe('parity cells on the default reconciler', () => {
  it.each(PARITY_MATRIX.map((cell) => [cellId(cell), cell] as const))('%s: observed outcome matches the matrix', (id, cell) => {
    const result = runCell(cell);
    expect(result.reasons, `${id} (seed ${result.scenario.options.seed})`).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.observed.length).toBeGreaterThan(10);
    expect(result.observed).not.toBe(OUTCOME_TEXT[cell.expected]);
    assertCellFacts(id, result.run.trace);
  });
});

describe('parity cells catch broken reconcilers', () => {
  it('a reconciler that blocks a local save offline fails the offline write cells and says so', () => {
    for (const id of ['create/offline', 'edit/offline', 'delete/offline']) {
      const result = runCell(findCell(id)!, blocksOfflineSave);
      expect(result.status, id).toBe('fail');
      expect(result.reasons[0]).toMatch(/local save blocked/);
      expect(result.observed).toMatch(/refused/);
    }
    expect(runCell(findCell('create/online')!, blocksOfflineSave).status).toBe('pass');
  });

  it('a reconciler that transmits while offline fails the offline cells on exposure', () => {
    const result = runCell(findCell('read/offline')!, transmitsOffline);
    expect(result.status).toBe('fail');
    expect(result.reasons.some((r) => /must transmit nothing/.test(r))).toBe(true);
    expect(result.observed).toMatch(/[1-9]\d* request\(s\) sent while offline/);
  });

  it('a reconciler whose journal is empty offline fails the offline read cell on its journal read', () => {
    const result = runCell(findCell('read/offline')!, journalNeedsServer);
    expect(result.status).toBe('fail');
    expect(result.reasons).toContain('1 journal read(s) in offline mode did not list the saved entry');
    expect(result.observed).toMatch(/2 of 2 read\(s\) returned the saved entry/);
    expect(runCell(findCell('read/online')!, journalNeedsServer).status).toBe('pass');
  });

  it('reports an unfinished trace instead of passing it', () => {
    const cell = findCell('create/offline')!;
    const trace = runCell(cell).run.trace.slice(0, -1);
    const judged = judgeCell(cell, trace);
    expect(judged.problems).toEqual(['the trace has no run-end event']);
  });
});
