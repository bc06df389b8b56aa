/**
 * The determinism guard: no wall clock, randomness or real timers in the code that must replay
 * identically (core, reconciler, server, channel, sim, models). Comments and string contents are
 * ignored, so documentation may name the forbidden calls.
 */
// @ts-nocheck

import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripCommentsAndStrings } from './_internals/strip-comments.ts';

const ROOT = join(import.meta.dirname, '..');
const GUARDED = ['src/core', 'src/reconciler', 'src/server', 'src/channel', 'src/sim', 'models', 'src/lab/model-paths'];
const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  { name: 'Date.now', pattern: /\bDate\s*\.\s*now\b/ },
  { name: 'Math.random', pattern: /\bMath\s*\.\s*random\b/ },
  { name: 'performance.now', pattern: /\bperformance\s*\.\s*now\b/ },
  { name: 'new Date(', pattern: /\bnew\s+Date\s*\(/ },
  { name: 'setTimeout', pattern: /\bsetTimeout\b/ },
  { name: 'setInterval', pattern: /\bsetInterval\b/ },
];

export function findForbidden(file: string, source: string): string[] {
  const hits: string[] = [];
  stripCommentsAndStrings(source)
    .split('\n')
    .forEach((line, index) => {
      for (const { name, pattern } of FORBIDDEN) if (pattern.test(line)) hits.push(`${file}:${index + 1}: ${name}`);
    });
  return hits;
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return tsFiles(path);
      return name.endsWith('.ts') ? [path] : [];
    });
}

describe('determinism guard', () => {
  it('flags every forbidden call in a planted sample, at the right line, and ignores comments and strings', () => {
    const sample = [
      '// Date.now() in a comment is fine',
      'const a = Date.now();',
      '/* Math.random() */ const b = Math.random();',
      "const s = 'setTimeout(f) in a string is fine';",
      'const p = performance.now();',
      'const d = new Date(0);',
      'setTimeout(() => 0, 1);',
      'const t = `${String(setInterval)} and setInterval in text`;',
    ].join('\n');
    expect(findForbidden('sample.ts', sample)).toEqual([
      'sample.ts:2: Date.now',
      'sample.ts:3: Math.random',
      'sample.ts:5: performance.now',
      'sample.ts:6: new Date(',
      'sample.ts:7: setTimeout',
      'sample.ts:8: setInterval',
    ]);
  });

  it('finds none in the guarded source folders', () => {
    const files = GUARDED.flatMap((d) => tsFiles(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(10);
    const hits = files.flatMap((f) => findForbidden(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(hits, `forbidden nondeterminism:\n${hits.join('\n')}`).toEqual([]);
  });
});
