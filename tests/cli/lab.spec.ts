// The main job (npm start) end to end, on a small exploration: every reviewer scenario gets a trace
// and a visualizer page, the audit runs, one index page links it all, and the summary says so.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLab } from '../../src/cli/lab.ts';

describe('sync-lab lab', () => {
  it('writes scenarios with visualizer pages, the exploration, the audit and an index; all checks hold', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sync-lab-lab-')), 'results');
    const lines: string[] = [];
    const summary = await runLab({ out, seeds: 20, workers: 1 }, (l) => lines.push(l));
    expect(summary.ok).toBe(true);
    expect(summary.scenarios.length).toBeGreaterThanOrEqual(5);
    for (const s of summary.scenarios) {
      expect(s.status, s.name).toBe('pass');
      expect(readFileSync(s.viz, 'utf8'), s.name).toContain('id="trace-data"');
      expect(existsSync(s.trace)).toBe(true);
    }
    expect(summary.exploration.seedsRun).toBe(20);
    expect(summary.audit).toMatchObject({ statementsPassing: summary.audit.statements, cellsPassing: 27, ok: true });
    expect(existsSync(join(out, 'audit', 'audit.html'))).toBe(true);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const s of summary.scenarios) expect(index).toContain(`href="viz/${s.name}.html"`);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).ok).toBe(true);
    expect(lines.some((l) => l.includes('audit:'))).toBe(true);
  });
});
