/** The trace contract's reader (src/trace/parse.ts): the input shapes it accepts and how it names what is wrong. */
import { describe, expect, it } from 'vitest';
import { parseTraceText } from '../../src/trace/parse.ts';
import { scenarioTrace, toJsonLines } from '../fixtures/traces/build.ts';

const s = scenarioTrace();
const ev = s.events;

describe('parse', () => {
  it('reads JSON lines, arrays and the { trace, violations } bundle alike', () => {
    const lines = parseTraceText(toJsonLines(ev), 'x.jsonl');
    const bundle = parseTraceText(JSON.stringify({ trace: ev, violations: s.violations }), 'x.json');
    expect(lines.events).toEqual(ev);
    expect(bundle.events).toEqual(ev);
    expect(bundle.violations).toEqual(s.violations);
    expect(parseTraceText(JSON.stringify(ev), 'a.json').events).toHaveLength(ev.length);
  });
  it('quotes a hostile kind or time by its shape, so a value 5,000 levels deep is a clear error, not a stack overflow', () => {
    // Built as text: JSON.stringify itself overflows on such a value.
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const text = toJsonLines(ev).split('\n');
    text[2] = `{"i":2,"t":0,"kind":${deep}}`;
    expect(() => parseTraceText(text.join('\n'), 'deep.jsonl')).toThrow(/^deep\.jsonl:3: kind: expected one of .*, got an array$/);
    text[2] = `{"i":2,"kind":"phase","t":{"nested":${deep}}}`;
    expect(() => parseTraceText(text.join('\n'), 'deep.jsonl')).toThrow(/^deep\.jsonl:3: t: expected a non-negative number of µs, got an object$/);
  });
  it('names the line and field of a bad event', () => {
    const text = toJsonLines(ev).split('\n');
    text[4] = text[4]!.replace('"device":"c"', '"device":7');
    expect(() => parseTraceText(text.join('\n'), 'bad.jsonl')).toThrow(/^bad.jsonl:5: device: expected string in a connectivity event, got number$/);
    text[4] = '{"kind": "connectivity", oops';
    expect(() => parseTraceText(text.join('\n'), 'bad.jsonl')).toThrow(/^bad.jsonl:5: not valid JSON/);
  });
  it('rejects unknown kinds, time going back, empty input and bad violations', () => {
    expect(() => parseTraceText('{"i":0,"t":0,"kind":"boom"}', 'k')).toThrow(/k:1: kind: expected one of/);
    expect(() => parseTraceText('{"i":0,"t":5,"kind":"phase","phase":"heal"}\n{"i":1,"t":4,"kind":"phase","phase":"heal"}', 'k')).toThrow(/k:2: t: time went backwards/);
    expect(() => parseTraceText('  \n', 'k')).toThrow(/empty/);
    expect(() => parseTraceText(JSON.stringify({ trace: ev, violations: [{ checker: 1 }] }), 'v')).toThrow(/violations\[0\]\.checker/);
  });
});

describe('field checks', () => {
  it('reject non-finite numbers and a version missing its stamp, naming the field', () => {
    const lines = toJsonLines(ev).split('\n');
    const bad = (n: number, edit: (e: Record<string, unknown>) => void) => {
      const copy = [...lines];
      const e = JSON.parse(copy[n]!) as Record<string, unknown>;
      edit(e);
      copy[n] = JSON.stringify(e).replace('"__inf__"', '1e999');
      return () => parseTraceText(copy.join('\n'), 'f.jsonl');
    };
    const clock = ev.findIndex((e) => e.kind === 'clock');
    expect(bad(clock, (e) => (e['offsetMs'] = '__inf__'))).toThrow(`f.jsonl:${clock + 1}: offsetMs: expected number in a clock event, got a non-finite number`);
    const write = ev.findIndex((e) => e.kind === 'local-write');
    expect(bad(write, (e) => delete (e['version'] as Record<string, unknown>)['stamp'])).toThrow(`f.jsonl:${write + 1}: version.stamp: expected string, got undefined`);
  });
  it('reads a snapshot-damage event and checks the intact state it carries', () => {
    const v = { id: 'a/r1', opId: 'a/o1', stamp: '001773705600000.00000000.a', deleted: false, fields: { notes: 'x' } };
    const line = (intact: unknown) => JSON.stringify({ i: 0, t: 0, kind: 'snapshot-damage', device: 'a', damage: 'missing', path: 'outbox', accepted: true, intact });
    expect(parseTraceText(line({ versions: [v], pendingOps: 1 }), 'd').events[0]).toMatchObject({ kind: 'snapshot-damage', intact: { pendingOps: 1 } });
    expect(() => parseTraceText(line({ versions: 'none', pendingOps: 1 }), 'd')).toThrow(/^d:1: intact: expected \{ versions/);
    expect(() => parseTraceText(line({ versions: [{ ...v, stamp: 5 }], pendingOps: 1 }), 'd')).toThrow(/^d:1: intact\.versions\[0\]/);
    expect(() => parseTraceText(JSON.stringify({ i: 0, t: 0, kind: 'snapshot-damage', device: 'a', damage: 'missing', path: 'outbox' }), 'd')).toThrow(/^d:1: accepted: expected boolean/);
  });
});
