// exposure-content reads the content of committed writes as text. An engine that accepted a list of
// numbers (input outside the record contract, which input-refusal reports) must not make it search for
// an empty pattern (which matches everywhere and stopped the lab with an internal error).
import { describe, expect, it } from 'vitest';
import { sensitiveStrings } from '../../src/check/exposure-content.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

describe('exposure-content and list items that are not text', () => {
  it('takes only the string items of a list as secrets', () => {
    const write = { i: 0, t: 0, kind: 'local-write', device: 'a', op: 'create', recordId: 'a/r1', ok: true, wallMs: 1, version: { id: 'a/r1', opId: 'a/o1', stamp: '1', deleted: false, fields: { locations: [1, 2, 'left knee'] } } };
    expect([...sensitiveStrings([write as unknown as TraceEvent]).keys()]).toEqual(['left knee']);
  });
});
