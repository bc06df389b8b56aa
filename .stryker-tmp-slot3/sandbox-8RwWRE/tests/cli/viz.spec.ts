// @ts-nocheck
import { traceVerdict } from '../../src/report/viz-html.ts';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRun } from '../../src/cli/run.ts';
import { UsageError } from '../../src/io/usage-error.ts';
import { executeViz, readTraceFile, readViolationsFile } from '../../src/cli/viz.ts';
import { scenarioTrace, toJsonLines } from '../fixtures/traces/build.ts';
import { embeddedData } from '../fixtures/traces/embedded.ts';
import { cli } from './_internals/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sync-lab-viz-cli-'));
const s = scenarioTrace();
const tracePath = join(dir, 'story.jsonl');
writeFileSync(tracePath, toJsonLines(s.events));

describe('sync-lab viz', () => {
  it('writes the report from a trace and a violations file in `run --json` shape', async () => {
    const violations = join(dir, 'run.json');
    writeFileSync(violations, JSON.stringify({ seed: 42, violations: s.violations }));
    const outPath = join(dir, 'out', 'story.html');
    const result = await executeViz(tracePath, { violations, out: outPath });
    expect(result).toMatchObject({ outPath, events: s.events.length, violations: 1 });
    expect(readFileSync(outPath, 'utf8')).toContain('no-silent-rollback');
  });

  it('a trace cut before its run-end still renders, with a warning and "incomplete" in the page title', async () => {
    expect(s.events.some((e) => e.kind === 'run-end')).toBe(true);
    const complete = await executeViz(tracePath, { out: join(dir, 'complete.html') });
    expect(complete.warnings).toEqual([]);
    const cut = join(dir, 'cut.jsonl');
    writeFileSync(cut, toJsonLines(s.events.filter((e) => e.kind !== 'run-end')));
    const result = await executeViz(cut, { out: join(dir, 'cut.html') });
    expect(result.warnings).toEqual([`viz: warning: ${cut} has no run-end event (the trace was cut short); the page shows only what it holds and has no final state`]);
    expect(readFileSync(join(dir, 'cut.html'), 'utf8')).toMatch(/<title>[^<]*cut\.jsonl \(incomplete: no run-end\)/);
  });

  it('defaults the output to the trace path with .html and accepts a plain violations array', async () => {
    const violations = join(dir, 'v.json');
    writeFileSync(violations, JSON.stringify(s.violations));
    expect(readViolationsFile(violations)).toEqual(s.violations);
    const result = await executeViz(tracePath, { violations });
    expect(result.outPath).toBe(join(dir, 'story.html'));
    expect(existsSync(join(dir, 'story.html'))).toBe(true);
  });

  it('rejects a malformed trace with a UsageError naming the file, line and field', () => {
    const lines = toJsonLines(s.events).split('\n');
    lines[3] = lines[3]!.replace(/"device":"[a-z]"/, '"device":7');
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, lines.join('\n'));
    expect(() => readTraceFile(bad)).toThrow(UsageError);
    expect(() => readTraceFile(bad)).toThrow(`viz: ${bad}:4: device: expected string in a connectivity event, got number`);
    expect(() => readTraceFile(join(dir, 'missing.jsonl'))).toThrow(/viz: trace .*missing\.jsonl: cannot read/);
  });

  it('rejects bad violations naming the file and field', () => {
    const bad = join(dir, 'bad-violations.json');
    writeFileSync(bad, JSON.stringify([{ checker: 'x', eventIndex: 1, t: 0 }]));
    expect(() => readViolationsFile(bad)).toThrow(/bad-violations\.json: violations\[0\]\.message: expected a string/);
    writeFileSync(bad, '{"summary": 1}');
    expect(() => readViolationsFile(bad)).toThrow(/expected an array of violations or an object with a "violations" array/);
    writeFileSync(bad, '[oops');
    expect(() => readViolationsFile(bad)).toThrow(/not valid JSON/);
  });

  it('exits 2 from the command line on bad input, 0 on good input, writing nothing on failure', () => {
    const bad = join(dir, 'broken.jsonl');
    writeFileSync(bad, `${JSON.stringify(s.events[0])}\n{"i":1,\n`);
    const failed = cli(['viz', bad, '-o', join(dir, 'broken.html')]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(`${bad}:2: not valid JSON`);
    expect(existsSync(join(dir, 'broken.html'))).toBe(false);
    const ok = cli(['viz', tracePath, '-o', join(dir, 'cli.html')]);
    expect(ok.code).toBe(0);
    // The violations are the checkers' own, run on the trace drawn (the hand-built story breaks some on purpose).
    const { violations } = traceVerdict(s.events);
    expect(ok.stdout).toContain(`viz: wrote ${join(dir, 'cli.html')} (${s.events.length} events, ${violations.length} violation${violations.length === 1 ? '' : 's'}`);
  }, 60_000);

  it('`run --viz` writes the report of the run it just made', async () => {
    const outPath = join(dir, 'run.html');
    const outcome = await executeRun({ seed: '3', viz: outPath });
    const html = readFileSync(outPath, 'utf8');
    expect(html).toContain('id="trace-data"');
    const first = embeddedData(html).events[0];
    expect(first).toMatchObject({ kind: 'run-start', seed: 3 });
    expect(outcome.text).toContain(`visualizer written to ${outPath}`);
  }, 60_000);
});
