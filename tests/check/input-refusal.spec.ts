// input-refusal judges the trace's input-probe events alone: bad input refused with a reason and
// changing nothing, good input (all-types) stored and kept exactly as written.
import { describe, expect, it } from 'vitest';
import { inputRefusal } from '../../src/check/input-refusal.ts';
import type { TraceEvent } from '../../src/trace/events.ts';

type Loose = Record<string, unknown> & { kind: string };
const judge = (...events: Loose[]) => {
  const trace = [{ kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'test', options: {} }, ...events].map((e, i) => ({ t: i * 1000, ...e, i }) as unknown as TraceEvent);
  return inputRefusal.check({ trace, serverState: {}, stampMode: 'hlc' });
};
const refused = (over: Record<string, unknown> = {}): Loose => ({
  kind: 'input-probe',
  device: 'a',
  probe: 'value-nan',
  input: 'create({ painLevel: NaN })',
  ok: false,
  error: 'TypeError: field "painLevel" must be a finite number',
  reason: 'field "painLevel" must be a finite number',
  changed: [],
  pending: { before: 2, after: 2 },
  ...over,
});
const written = { notes: 'x', n: -2.5, done: true, none: null, list: ['a'], empty: [] };
const goodWrite = (over: Record<string, unknown> = {}): Loose => ({ kind: 'input-probe', device: 'a', probe: 'all-types', input: 'create(...)', ok: true, asked: written, returned: written, readBack: written, ...over });

describe('input-refusal', () => {
  it('holds for a refusal with a reason that changed nothing, and for good input kept as written (key order aside)', () => {
    const reordered = { list: ['a'], empty: [], none: null, done: true, n: -2.5, notes: 'x' };
    expect(judge(refused(), refused({ probe: 'delete-unknown', input: 'delete("x")' }), goodWrite({ returned: reordered }))).toEqual([]);
  });

  it('has nothing to judge in a run without probes', () => {
    expect(judge({ kind: 'local-write', device: 'a', op: 'create', recordId: 'a/r1', ok: true, wallMs: 1 })).toEqual([]);
  });

  it('flags bad input the engine accepted', () => {
    const found = judge(refused({ ok: true, error: undefined, reason: undefined, changed: ['a/r3'] }));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/input probe value-nan, create\(\{ painLevel: NaN \}\): the engine accepted it; expected a refusal/);
  });

  it('flags a refusal without a reason', () => {
    const found = judge(refused({ reason: '  ', error: 'Error: ' }));
    expect(found.map((v) => v.message)).toEqual([expect.stringMatching(/refused it without saying why/)]);
  });

  it('flags a refusal that changed a record or the pending count', () => {
    expect(judge(refused({ changed: ['a/r1'] }))[0]!.message).toMatch(/changed record\(s\) a\/r1; expected a refusal to change nothing/);
    expect(judge(refused({ pending: { before: 2, after: 3 } }))[0]!.message).toMatch(/pending count went from 2 to 3/);
  });

  it('flags good input stored otherwise: a field dropped, a value changed, a list emptied', () => {
    const { none: _dropped, ...withoutNull } = written;
    expect(judge(goodWrite({ returned: withoutNull }))[0]!.message).toMatch(/the engine returned fields .*expected exactly the fields written/);
    expect(judge(goodWrite({ returned: { ...written, done: 'true' } }))).toHaveLength(1);
    expect(judge(goodWrite({ returned: { ...written, list: [] } }))).toHaveLength(1);
  });

  it('flags a record the app changed afterwards through the object it passed or the version it got back', () => {
    const found = judge(goodWrite({ readBack: { ...written, list: ['a', 'changed through the returned version'] } }));
    expect(found[0]!.message).toMatch(/after the app changed the object it passed and the version it got back, the device reads/);
    expect(judge(goodWrite({ readBack: null }))).toHaveLength(1);
  });

  it('leaves a refused good write to non-blocking', () => {
    expect(judge(goodWrite({ ok: false, returned: undefined, readBack: undefined }))).toEqual([]);
  });
});
