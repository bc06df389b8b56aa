// @ts-nocheck
// The one atomic writer: complete files only, nothing left behind when a write fails.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic, writeTextAtomic } from '../../src/io/write-atomic.ts';

describe('writeTextAtomic / writeJsonAtomic', () => {
  it('writes text, bytes and JSON, creating folders, replacing the old file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-atomic-'));
    writeTextAtomic(join(dir, 'a', 'b.txt'), 'one');
    writeTextAtomic(join(dir, 'a', 'b.txt'), 'two');
    writeTextAtomic(join(dir, 'bytes.bin'), new Uint8Array([0, 255]));
    writeJsonAtomic(join(dir, 'x.json'), { a: 1 });
    expect(readFileSync(join(dir, 'a', 'b.txt'), 'utf8')).toBe('two');
    expect([...readFileSync(join(dir, 'bytes.bin'))]).toEqual([0, 255]);
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe('{\n  "a": 1\n}\n');
    expect(readdirSync(join(dir, 'a'))).toEqual(['b.txt']);
  });

  it('on failure leaves the target as it was and no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sync-lab-atomic-'));
    writeFileSync(join(dir, 'keep.txt'), 'old');
    // The target is a folder: the rename fails after the temporary file was written.
    const target = join(dir, 'sub');
    writeTextAtomic(join(target, 'inner.txt'), 'x');
    expect(() => writeTextAtomic(target, 'new')).toThrow();
    expect(readdirSync(dir).sort()).toEqual(['keep.txt', 'sub']);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('old');
  });
});
