// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { renderLabIndex } from '../../src/report/lab-index.ts';
import type { LabIndexInput } from '../../src/report/lab-index.ts';

const lab = (over: Partial<LabIndexInput> = {}): LabIndexInput => ({
  ok: true,
  scenarios: [
    { name: 'offline-conflict', description: 'a and b edit offline', status: 'pass', expected: [], observed: [], trace: 'out/traces/offline-conflict.jsonl', viz: 'out/viz/offline-conflict.html', events: 120, converged: true },
  ],
  exploration: { seedsRun: 300, seedsPerSecond: 150, profile: 'default', failures: [] },
  audit: { statements: 33, statementsPassing: 33, cells: 27, cellsPassing: 27, report: 'out/audit/audit.html' },
  ...over,
});

describe('lab index page', () => {
  it('links every scenario page, trace and the audit relative to the results folder', () => {
    const html = renderLabIndex('out/index.html', lab());
    expect(html).toContain('href="viz/offline-conflict.html"');
    expect(html).toContain('href="traces/offline-conflict.jsonl"');
    expect(html).toContain('href="audit/audit.html"');
    expect(html).toContain('33/33 normative statements and 27/27 parity-matrix cells hold');
    expect(html).toContain('all checks hold');
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes scenario text and lists failures with their replay files', () => {
    const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const html = renderLabIndex(
      'out/index.html',
      lab({
        ok: false,
        scenarios: [{ ...lab().scenarios[0]!, description: hostile, status: 'fail', observed: ['durability'] }],
        exploration: { seedsRun: 10, seedsPerSecond: 5, failures: [{ seed: 9, checker: 'durability', replayFile: 'out/explore/replay-durability-seed-9.json' }] },
      }),
    );
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('UNEXPECTED');
    expect(html).toContain('VIOLATIONS FOUND');
    expect(html).toContain('seed 9: durability');
    expect(html).toContain('href="explore/replay-durability-seed-9.json"');
  });
});
