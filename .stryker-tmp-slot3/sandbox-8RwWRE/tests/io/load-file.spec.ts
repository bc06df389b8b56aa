// @ts-nocheck
// The one input-file loader: YAML or JSON by extension, validated by a zod schema; every failure is a
// UsageError of one line naming the file, the field path and what was expected.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadFile, readDataFile } from '../../src/io/load-file.ts';
import { UsageError } from '../../src/io/usage-error.ts';

const schema = z.object({ name: z.string(), limits: z.object({ seeds: z.number().int().max(100) }).strict() }).strict();

function write(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'load-file-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error('expected a UsageError');
}

describe('loadFile', () => {
  it('reads YAML and JSON by extension and returns the validated data', () => {
    expect(loadFile(write('a.yaml', 'name: x\nlimits: { seeds: 5 }\n'), schema)).toEqual({ name: 'x', limits: { seeds: 5 } });
    expect(loadFile(write('a.yml', 'name: x\nlimits: { seeds: 5 }\n'), schema)).toEqual({ name: 'x', limits: { seeds: 5 } });
    expect(loadFile(write('a.json', '{"name":"x","limits":{"seeds":5}}'), schema)).toEqual({ name: 'x', limits: { seeds: 5 } });
  });

  it('names the file, the nested field and the expectation of a wrong type, a bound and an unknown field', () => {
    const typed = write('t.yaml', 'name: x\nlimits: { seeds: "5" }\n');
    expect(failure(() => loadFile(typed, schema))).toBe(`${typed}: field "limits.seeds": Invalid input: expected number, received string`);
    expect(failure(() => loadFile(write('b.yaml', 'name: x\nlimits: { seeds: 1000 }\n'), schema))).toMatch(/field "limits\.seeds": Too big: expected number to be <=100/);
    expect(failure(() => loadFile(write('u.yaml', 'name: x\nlimits: { seeds: 1, sedes: 2 }\n'), schema))).toMatch(/field "limits\.sedes": unknown field/);
    expect(failure(() => loadFile(write('m.yaml', 'name: x\n'), schema))).toMatch(/field "limits": Invalid input: expected object, received undefined/);
  });

  it('refuses YAML the library would only warn about (an unknown tag) and an alias bomb, instead of guessing a value', () => {
    expect(failure(() => readDataFile(write('tag.yaml', 'name: !t5 x\n'), { what: 'profile file' }))).toMatch(/tag\.yaml: not valid YAML: .*tag/i);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    expect(failure(() => readDataFile(write('bomb.yaml', `${bomb}\n`), { what: 'profile file' }))).toMatch(/bomb\.yaml: not valid YAML: .*alias/i);
  });
  it('puts the label first when given (the flag or command the file came from)', () => {
    const path = write('o.yaml', 'name: 3\nlimits: { seeds: 1 }\n');
    expect(failure(() => loadFile(path, schema, { label: 'run: --options' }))).toMatch(new RegExp(`^run: --options: ${path}: field "name"`));
  });

  it('refuses unparseable text, a missing file, a folder and a FIFO (which would block forever) with exit-2 errors', () => {
    expect(failure(() => readDataFile(write('bad.json', '{ nope')))).toMatch(/bad\.json: not valid JSON/);
    expect(failure(() => readDataFile(write('bad.yaml', 'name: [unclosed')))).toMatch(/bad\.yaml: not valid YAML/);
    expect(failure(() => readDataFile('/nonexistent/x.yaml', { what: 'scenario file' }))).toMatch(/no such scenario file/);
    const dir = mkdtempSync(join(tmpdir(), 'load-file-dir-'));
    mkdirSync(join(dir, 'folder.yaml'));
    expect(failure(() => readDataFile(join(dir, 'folder.yaml')))).toMatch(/expected a file, found a folder/);
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(failure(() => readDataFile(fifo))).toMatch(/not a regular file/);
  });
});
