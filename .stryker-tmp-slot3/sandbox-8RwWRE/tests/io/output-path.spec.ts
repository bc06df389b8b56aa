// @ts-nocheck
// Every output path is checked at the edge: each bad class is refused with the flag, the path and
// what was expected (unit), and the commands refuse them with exit 2 before doing any work (CLI).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputPath } from '../../src/io/output-path.ts';
import { cli } from '../cli/_internals/cli.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'sync-lab-outpath-'));

/** Input class -> path maker -> expected reason. */
function badFileClasses(dir: string): [string, string, RegExp][] {
  writeFileSync(join(dir, 'regular.txt'), 'x');
  mkdirSync(join(dir, 'folder'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  symlinkSync('/proc/version', join(dir, 'to-proc'));
  symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
  return [
    ['under /proc', '/proc/sync-lab-test/out.jsonl', /\/proc is a special file system/],
    ['under /sys', '/sys/kernel/out.jsonl', /\/sys is a special file system/],
    ['a device', '/dev/null', /\/dev is a special file system/],
    ['a symlink into /proc', join(dir, 'to-proc'), /leads to \/proc.*special file system/],
    ['under a regular file', join(dir, 'regular.txt', 'out.jsonl'), /regular\.txt is a regular file, not a folder/],
    ['a folder', join(dir, 'folder'), /it is a folder/],
    ['a named pipe', join(dir, 'fifo'), /it is a named pipe/],
    ['empty', '', /empty path/],
    ['a name longer than the file system allows', join(dir, 'n'.repeat(300), 'out.jsonl'), /a name in the path is too long/],
    ['a symlink loop', join(dir, 'loop', 'out.jsonl'), /runs into a loop of symbolic links/],
  ];
}

describe('checkOutputPath', () => {
  it('accepts a new file in a new folder, an existing regular file, and a new or existing folder', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'old.jsonl'), 'x');
    expect(checkOutputPath('--trace', join(dir, 'a', 'b', 'new.jsonl'), 'file')).toBe(join(dir, 'a', 'b', 'new.jsonl'));
    expect(checkOutputPath('--trace', join(dir, 'old.jsonl'), 'file')).toBe(join(dir, 'old.jsonl'));
    expect(checkOutputPath('--out', join(dir, 'x'), 'folder')).toBe(join(dir, 'x'));
    expect(checkOutputPath('--out', dir, 'folder')).toBe(dir);
  });

  it('refuses every bad class with the flag, the path and what was expected', () => {
    for (const [name, path, reason] of badFileClasses(tmp())) {
      expect(() => checkOutputPath('run: --trace', path, 'file'), name).toThrow(reason);
      expect(() => checkOutputPath('run: --trace', path, 'file'), name).toThrow(/^run: --trace ".*": .*; expected a regular file or a path that does not exist yet in a folder you can write to$/);
    }
    const dir = tmp();
    writeFileSync(join(dir, 'f'), 'x');
    expect(() => checkOutputPath('lab: --out', join(dir, 'f'), 'folder')).toThrow(/it is a regular file; expected a folder/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder the process may not write to', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'ro'));
    chmodSync(join(dir, 'ro'), 0o555);
    expect(() => checkOutputPath('--trace', join(dir, 'ro', 'x.jsonl'), 'file')).toThrow(/ro is not writable/);
  });
});

describe('commands refuse bad output paths with exit 2 before any work', () => {
  it('run --trace / --viz, replay --trace, viz -o, lab/audit/explore --out', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'regular.txt'), 'x');
    const trace = join(dir, 't.jsonl');
    expect(cli(['run', '--seed', '1', '--duration-ms', '1000', '--trace', trace]).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['run', '--trace', '/proc/sync-lab/t.jsonl'], /^sync-lab: run: --trace "\/proc\/sync-lab\/t\.jsonl": \/proc is a special file system/],
      [['run', '--viz', join(dir, 'regular.txt', 'v.html')], /run: --viz ".*": .* is a regular file, not a folder/],
      [['run', '--trace', dir], /run: --trace ".*": it is a folder/],
      [['replay', 'simulations/regressions/last-arrival-wins--lww-winner.json', '--trace', '/dev/full'], /replay: --trace "\/dev\/full": \/dev is a special file system/],
      [['viz', trace, '-o', '/sys/x.html'], /viz: -o "\/sys\/x\.html": \/sys is a special file system/],
      [['lab', '--out', '/proc/x'], /lab: --out "\/proc\/x": \/proc is a special file system/],
      [['audit', '--out', join(dir, 'regular.txt')], /audit: --out ".*regular\.txt": it is a regular file/],
      [['explore', '--seeds', '1', '--out', join(dir, 'regular.txt', 'x')], /explore: --out ".*": .* is a regular file, not a folder/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(readdirSync(dir).sort()).toEqual(['regular.txt', 't.jsonl']);
  });

  it('an output may not overwrite the input it is made from', () => {
    const dir = tmp();
    const replay = join(dir, 'r.json');
    copyFileSync('simulations/regressions/last-arrival-wins--lww-winner.json', replay);
    const options = join(dir, 'o.json');
    writeFileSync(options, '{"devices": 2}');
    const before = [readFileSync(replay, 'utf8'), readFileSync(options, 'utf8')];
    const r1 = cli(['replay', replay, '--trace', replay]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/replay: --trace .*r\.json: is the replay file itself/);
    const r2 = cli(['run', '--options', options, '--viz', options]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/run: --viz .*o\.json: is the --options file itself/);
    expect([readFileSync(replay, 'utf8'), readFileSync(options, 'utf8')]).toEqual(before);
  });
});
