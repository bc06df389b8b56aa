// @ts-nocheck
// The main job (npm start) end to end, on a small exploration: every reviewer scenario gets a trace
// and a visualizer page, the audit runs, one index page links it all, and the summary says so.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLab } from '../../src/cli/lab.ts';
import { OUTPUT_MARKER } from '../../src/io/output-dir.ts';
import { makeUserFolder, snapshotTree } from '../io/_internals/tree.ts';
import { cli, cliInterrupted } from './_internals/cli.ts';

const put = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

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
    // Paths name the final folder, not the staging one it was written in.
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).not.toMatch(/staging/);
    expect(JSON.parse(readFileSync(join(out, 'audit', 'audit.json'), 'utf8')).out).toBe(join(out, 'audit'));
    expect(JSON.parse(readFileSync(join(out, OUTPUT_MARKER), 'utf8')).command).toBe('lab');
    // `explore --out <lab results>/explore` may add to the exploration later.
    expect(JSON.parse(readFileSync(join(out, 'explore', OUTPUT_MARKER), 'utf8')).command).toBe('explore');

    // A second run (npm start twice) replaces the results it wrote: the folder has its marker.
    put(join(out, 'stale.txt'), 'from an older run');
    const again = await runLab({ out, seeds: 2, workers: 1 }, () => {});
    expect(again.exploration.seedsRun).toBe(2);
    expect(existsSync(join(out, 'stale.txt'))).toBe(false);
    expect(readdirSync(dirname(out))).toEqual(['results']);
  });

  it('refuses a non-empty folder without the marker (a git checkout) with exit 2 and leaves every byte of it as it was', () => {
    const root = mkdtempSync(join(tmpdir(), 'sync-lab-lab-user-'));
    const checkout = join(root, 'checkout');
    makeUserFolder(checkout, put);
    const before = snapshotTree(root);
    for (const args of [['lab', '--out', checkout], ['lab', '--out', checkout, '--force']]) {
      const r = cli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^sync-lab: lab: --out ".*checkout": the folder is not empty \(\.git, README\.md, notes\) and has no \.sync-lab-output marker/);
    }
    // `lab --out .` from inside it: a clean exit 2, not an internal error.
    const dot = cli(['lab', '--out', '.'], checkout);
    expect(dot.code, dot.stderr).toBe(2);
    expect(dot.stderr).toMatch(/lab: --out "\.": is the current folder or holds it/);
    expect(snapshotTree(root)).toEqual(before);
  });

  it("refuses another command's results without --force", () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sync-lab-lab-')), 'audit-results');
    put(join(out, OUTPUT_MARKER), JSON.stringify({ command: 'audit', version: '0.1.0' }));
    put(join(out, 'audit.md'), '# audit');
    const r = cli(['lab', '--out', out, '--seeds', 'x']);
    expect(r.code).toBe(2); // the bad --seeds is refused first, nothing runs
    const refused = cli(['lab', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds the results of "sync-lab audit".*add --force/);
    expect(readFileSync(join(out, 'audit.md'), 'utf8')).toBe('# audit');
  });

  it('Ctrl-C during the run exits 130, says how many seeds finished, and leaves the previous results byte for byte', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sync-lab-lab-int-'));
    const out = join(root, 'lab-results');
    put(join(out, OUTPUT_MARKER), JSON.stringify({ command: 'lab', version: '0.1.0' }));
    put(join(out, 'summary.json'), '{"previous": true}\n');
    const before = snapshotTree(root);
    const r = await cliInterrupted(['lab', '--out', out, '--seeds', '100000', '--workers', '1'], /lab: exploring/);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/lab: interrupted; (no seed|\d+ of 100000 seed\(s\)) finished; nothing written: the previous results in .*lab-results are as they were/);
    expect(snapshotTree(root)).toEqual(before);
  });
});
