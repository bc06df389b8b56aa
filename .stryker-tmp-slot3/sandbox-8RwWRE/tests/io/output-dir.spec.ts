// @ts-nocheck
// Output folders are never destroyed: only a folder sync-lab created, an empty one, or one holding the
// command's own marker is written; staged results replace the old ones in one move at the end.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abandonActiveStages, checkOutputDir, openIncrementalOutputDir, OUTPUT_MARKER, stageOutputDir } from '../../src/io/output-dir.ts';
import { UsageError } from '../../src/io/usage-error.ts';
import { makeUserFolder, snapshotTree } from './_internals/tree.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'sync-lab-outdir-'));
const put = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
const marker = (folder: string) => JSON.parse(readFileSync(join(folder, OUTPUT_MARKER), 'utf8'));

function stageWith(folder: string, command: string, files: Record<string, string>, force = false): void {
  const stage = stageOutputDir({ command, flag: '--out', path: folder, force });
  for (const [name, text] of Object.entries(files)) put(join(stage.staging, name), text);
  stage.commit();
}

describe('output folders', () => {
  it('refuses a non-empty folder without the marker, names what is there, and changes nothing (with or without --force)', () => {
    const user = join(tmp(), 'checkout');
    makeUserFolder(user, put);
    const before = snapshotTree(dirname(user));
    for (const force of [false, true]) {
      let error: unknown;
      try {
        stageOutputDir({ command: 'lab', flag: '--out', path: user, force });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/lab: --out ".*checkout": the folder is not empty \(\.git, README\.md, notes\) and has no \.sync-lab-output marker/);
      expect((error as Error).message).toMatch(/choose a new or empty folder/);
    }
    expect(snapshotTree(dirname(user))).toEqual(before);
  });

  it('creates an absent folder with its marker, and replaces its own results on the next run', () => {
    const out = join(tmp(), 'deep', 'results');
    stageWith(out, 'lab', { 'a.txt': 'first', 'old-only.txt': 'x' });
    expect(marker(out)).toEqual({ command: 'lab', version: expect.any(String) });
    stageWith(out, 'lab', { 'a.txt': 'second' });
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('second');
    expect(existsSync(join(out, 'old-only.txt'))).toBe(false);
    // No staging or old sibling is left next to it.
    expect(readdirSync(dirname(out))).toEqual(['results']);
  });

  it('writes into an empty folder', () => {
    const out = tmp();
    stageWith(out, 'audit', { 'audit.md': '# ok' });
    expect(readFileSync(join(out, 'audit.md'), 'utf8')).toBe('# ok');
    expect(marker(out).command).toBe('audit');
  });

  it("refuses another command's folder unless --force, and --force replaces it", () => {
    const out = join(tmp(), 'r');
    stageWith(out, 'audit', { 'audit.md': 'audit' });
    expect(() => stageOutputDir({ command: 'lab', flag: '--out', path: out })).toThrow(/holds the results of "sync-lab audit".*add --force/);
    expect(readFileSync(join(out, 'audit.md'), 'utf8')).toBe('audit');
    stageWith(out, 'lab', { 'index.html': 'lab' }, true);
    expect(existsSync(join(out, 'audit.md'))).toBe(false);
    expect(marker(out).command).toBe('lab');
  });

  it('an abandoned (failed or interrupted) run leaves the previous results byte for byte, and no staging folder', () => {
    const out = join(tmp(), 'r');
    stageWith(out, 'lab', { 'summary.json': '{"run":1}' });
    const before = snapshotTree(dirname(out));
    const stage = stageOutputDir({ command: 'lab', flag: '--out', path: out });
    put(join(stage.staging, 'summary.json'), '{"run":2, half');
    expect(existsSync(stage.staging)).toBe(true);
    expect(abandonActiveStages()).toEqual([out]);
    expect(snapshotTree(dirname(out))).toEqual(before);
  });

  it('does not commit over files someone put in the folder during the run, and keeps the staged results', () => {
    const out = join(tmp(), 'r');
    const stage = stageOutputDir({ command: 'lab', flag: '--out', path: out });
    put(join(out, 'mine.txt'), 'user file');
    expect(() => stage.commit()).toThrow(/not empty \(mine\.txt\).*this run's results are kept in/);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('user file');
    expect(existsSync(join(stage.staging, OUTPUT_MARKER))).toBe(true);
  });

  it('refuses the current folder and any folder holding it', () => {
    const cwd = process.cwd();
    expect(() => checkOutputDir({ command: 'lab', flag: '--out', path: '.' })).toThrow(/is the current folder or holds it/);
    expect(() => checkOutputDir({ command: 'lab', flag: '--out', path: dirname(cwd) })).toThrow(/is the current folder or holds it/);
  });

  it('an incremental folder (explore) is created with its marker, reused by the same command, refused to others', () => {
    const out = join(tmp(), 'explore');
    openIncrementalOutputDir({ command: 'explore', flag: '--out', path: out });
    put(join(out, 'explore-default-shard-0-of-2.json'), '{}');
    openIncrementalOutputDir({ command: 'explore', flag: '--out', path: out });
    put(join(out, 'explore-default-shard-1-of-2.json'), '{}');
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER, 'explore-default-shard-0-of-2.json', 'explore-default-shard-1-of-2.json']);
    expect(() => openIncrementalOutputDir({ command: 'audit', flag: '--out', path: out })).toThrow(/holds the results of "sync-lab explore"/);
    const user = tmp();
    put(join(user, 'data.csv'), '1,2');
    expect(() => openIncrementalOutputDir({ command: 'explore', flag: '--out', path: user, force: true })).toThrow(/has no \.sync-lab-output marker/);
    expect(readdirSync(user)).toEqual(['data.csv']);
  });

  it('a results folder from before the marker is refused too, with a hint to remove it by hand', () => {
    const out = tmp();
    put(join(out, 'summary.json'), '{}');
    put(join(out, 'index.html'), '<html>');
    expect(() => checkOutputDir({ command: 'lab', flag: '--out', path: out })).toThrow(/has no \.sync-lab-output marker.*\(if it holds results of an older sync-lab, remove it yourself\)$/);
    expect(readdirSync(out).sort()).toEqual(['index.html', 'summary.json']);
  });

  it('a marker file that is not JSON of the expected shape does not count as a marker', () => {
    const out = tmp();
    put(join(out, OUTPUT_MARKER), 'whatever');
    expect(() => checkOutputDir({ command: 'lab', flag: '--out', path: out })).toThrow(/has no \.sync-lab-output marker/);
  });
});
