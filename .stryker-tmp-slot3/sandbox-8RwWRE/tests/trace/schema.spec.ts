// @ts-nocheck
// The public trace schema (docs/trace-format.md): every shipped golden trace validates, and it refuses what readers cannot use.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRACE_FORMAT_VERSION, traceEventSchema, traceJsonSchema } from '../../src/trace/schema.ts';

const goldens = readdirSync('tests/golden').filter((f) => f.endsWith('.jsonl'));

describe('trace schema', () => {
  it('every golden trace validates, line by line', () => {
    expect(goldens.length).toBeGreaterThan(0);
    for (const f of goldens) {
      for (const line of readFileSync(`tests/golden/${f}`, 'utf8').trim().split('\n')) {
        const result = traceEventSchema.safeParse(JSON.parse(line));
        expect(result.success, `${f}: ${line.slice(0, 120)}`).toBe(true);
      }
    }
  });

  it('refuses an unknown kind, a bad stamp and a missing field', () => {
    expect(traceEventSchema.safeParse({ i: 0, t: 0, kind: 'teleport' }).success).toBe(false);
    const version = { id: 'r1', stamp: '12.3.a', deleted: false, fields: {}, opId: 'o1' };
    expect(traceEventSchema.safeParse({ i: 1, t: 5, kind: 'merge', device: 'a', recordId: 'r1', opId: 'o1', applied: true, version }).success).toBe(false);
    expect(traceEventSchema.safeParse({ i: 1, t: 5, kind: 'outbox', device: 'a' }).success).toBe(false);
    expect(traceEventSchema.safeParse({ i: 1, t: 5, kind: 'outbox', device: 'a', depth: 2, extra: 'kept' }).success).toBe(true);
  });

  it('the JSON Schema is generated from the zod schema and names the format version', () => {
    const schema = traceJsonSchema();
    expect(schema['$id']).toBe(`urn:sync-lab:trace:v${TRACE_FORMAT_VERSION}`);
    expect(JSON.stringify(schema)).toContain('"run-end"');
    expect(JSON.stringify(schema)).toContain('"local-write"');
  });
});
