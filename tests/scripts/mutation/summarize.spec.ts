// The mutation summary is the evidence behind the README's score: it must refuse to mix in a report made
// on other code, name what it leaves out, and fail when a survivor has no reason.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = resolve('scripts/mutation/summarize.ts');
const TSX = resolve('node_modules/.bin/tsx');
// A file and line the committed reasons cover (stamp.ts's dead maxStamp), so the survivor is explained.
const EXPLAINED = { file: 'src/core/stamp.ts', line: 30 };

function summarize(sourceInTree: string | null, sourceInReport: string, line = EXPLAINED.line): { status: number | null; out: string; err: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sync-lab-mutation-summary-'));
  if (sourceInTree !== null) {
    mkdirSync(join(dir, 'src/core'), { recursive: true });
    writeFileSync(join(dir, EXPLAINED.file), sourceInTree);
  }
  const report = {
    files: {
      [EXPLAINED.file]: {
        source: sourceInReport,
        mutants: [
          { mutatorName: 'BlockStatement', replacement: '{}', status: 'Killed', location: { start: { line: 1, column: 1 } } },
          { mutatorName: 'ConditionalExpression', replacement: 'true', status: 'NoCoverage', location: { start: { line, column: 1 } } },
        ],
      },
    },
  };
  writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
  const r = spawnSync(TSX, [SCRIPT, 'report.json'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('scripts/mutation/summarize', () => {
  it('scores a report made on the source in the tree', () => {
    const r = summarize('same\n', 'same\n');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/\| src\/core\/stamp\.ts \| 2 \| 1 \| 0 \| 0 \| 1 \|/);
    expect(r.out).not.toContain('STALE');
  });

  it('fails and names a report made on other source (its lines belong to other code)', () => {
    const r = summarize('changed since\n', 'same\n');
    expect(r.status).toBe(1);
    expect(r.out).toContain('STALE');
    expect(r.err).toContain('src/core/stamp.ts');
  });

  it('leaves out, and names, a file no longer in the tree', () => {
    const r = summarize(null, 'same\n');
    expect(r.status).toBe(0);
    expect(r.out).toContain('Left out (no longer in the source tree');
    expect(r.out).not.toMatch(/\| src\/core\/stamp\.ts \| 2 \|/);
  });

  it('fails when a survivor has no reason', () => {
    const r = summarize('same\n', 'same\n', 999);
    expect(r.status).toBe(1);
    expect(r.out).toContain('UNEXPLAINED');
  });
});
