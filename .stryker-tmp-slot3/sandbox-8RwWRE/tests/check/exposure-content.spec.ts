// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { exposureContent } from '../../src/check/exposure-content.ts';
import broken from '../fixtures/broken-reconcilers/plaintext-fields.ts';
import { cleanRuns, firstCaught, stamp, trace, version, write } from './_internals/build.ts';

describe('exposure-content', () => {
  const v = version('a/r1', 'a/o1', stamp(1, 'a'), { notes: 'Knee "hurts" after the walk', medications: ['ibuprofen 400mg'], locations: ['knee', 'left-hip'] });
  const send = (payload: unknown) => ({ t: 2, kind: 'msg-send' as const, msgId: 'm1', from: 'a', to: 'server', type: 'push' as const, requestId: 'a/q1', bytes: 1, payload, senderMode: 'online' as const });
  const check = (serverState: unknown, ...events: Parameters<typeof trace>) => exposureContent.check({ trace: trace(...write(1, 'a', v, 'create'), ...events), serverState, stampMode: 'hlc' });
  it('passes ciphertext on the wire and on the server', () => {
    expect(check({ log: ['q83v'] }, send({ ops: [{ ciphertext: 'q83vAbCdEf' }] }))).toEqual([]);
  });
  it('finds notes (JSON-escaped), medications and long location names in clear', () => {
    expect(check({}, send({ ops: [{ ciphertext: '{"notes":"Knee \\"hurts\\" after the walk"}' }] }))[0]).toMatchObject({ eventIndex: 3, records: ['a/r1'] });
    expect(check({ stored: 'ibuprofen 400mg' })[0]!.message).toContain('server stores');
    expect(check({}, send({ x: 'left-hip' }))).toHaveLength(1);
    // Short strings would match by chance and are not scanned.
    expect(check({}, send({ x: 'knee' }))).toEqual([]);
  });
  it('treats regex metacharacters in content literally', () => {
    const odd = version('a/r2', 'a/o2', stamp(2, 'a'), { notes: 'pain (left) [x]+*? hurts' });
    const run = (serverState: unknown) => exposureContent.check({ trace: trace(...write(1, 'a', odd, 'create')), serverState, stampMode: 'hlc' });
    expect(run({ x: 'pain (left) [x]+*? hurts' })).toHaveLength(1);
    expect(run({ x: 'pain left x hurts' })).toEqual([]);
  });
  it('reports the leftmost, longest secret whether a few short secrets are pre-searched natively or many go straight to the automaton', () => {
    // Secrets of r1 ("Knee \"hurts\"...", later in the text) and of r2 (earlier), and a longer secret starting at the same place as a shorter one.
    const early = version('a/r2', 'a/o2', stamp(2, 'a'), { notes: 'walked slowly', locations: ['walked slowly today'] });
    const text = 'x walked slowly today, Knee \\"hurts\\" after the walk';
    const many = Array.from({ length: 70 }, (_, n) => version(`a/m${n}`, `a/p${n}`, stamp(10 + n, 'a'), { notes: `unrelated note ${n}` }));
    const run = (extra: ReturnType<typeof version>[]) =>
      exposureContent.check({ trace: trace(...write(1, 'a', v, 'create'), ...write(2, 'a', early, 'create'), ...extra.flatMap((x, n) => write(3 + n, 'a', x, 'create')), send({ x: text })), serverState: {}, stampMode: 'hlc' });
    const few = run([]); // 2 records' secrets: the native pre-search, then the automaton on the text holding one
    const lots = run(many); // over 64 secrets: the automaton alone
    expect(few).toHaveLength(1);
    expect(few[0]!.message).toContain('"walked slowly today"');
    expect(few[0]!.records).toEqual(['a/r2']);
    expect(lots.map((f) => [f.message, f.records])).toEqual(few.map((f) => [f.message, f.records]));
  });
  it('catches a reconciler that pushes fields unencrypted', () => {
    expect(firstCaught('exposure-content', broken)).toBeDefined();
  });
  it('passes correct runs', () => {
    expect(cleanRuns('exposure-content')).toEqual([]);
  });

  describe('fields of any length (a 20 MB journal note)', () => {
    // Deterministic text that does not repeat with a short period, and a base64 "ciphertext" of the same size.
    const prose = (chars: number): string => {
      const words = ['knee', 'walked', 'slept', 'badly', 'physio', 'ibuprofen', 'left', 'hip', 'better', 'today', 'stairs', 'swelling'];
      const out: string[] = [];
      let length = 0;
      for (let n = 1; length < chars; n = (n * 1103515245 + 12345) % 2147483648) {
        const word = `${words[n % words.length]!}${n % 7 === 0 ? `, day ${n % 1000}.` : ''} `;
        out.push(word);
        length += word.length;
      }
      return out.join('').slice(0, chars);
    };
    const base64 = (chars: number): string => Buffer.from(Uint8Array.from({ length: Math.ceil((chars * 3) / 4) }, (_, i) => (i * 2654435761) >>> 24)).toString('base64').slice(0, chars);
    const note = prose(20_000_000);
    const long = version('a/r9', 'a/o9', stamp(9, 'a'), { notes: note });
    const run = (payload: unknown, serverState: unknown) => exposureContent.check({ trace: trace(...write(1, 'a', long, 'create'), send(payload)), serverState, stampMode: 'hlc' });

    it('finds the note in clear on the wire and on the server, quoting only its start', () => {
      const found = run({ ops: [{ ciphertext: JSON.stringify({ notes: note }) }] }, { stored: `prefix ${note}` });
      expect(found.map((v) => v.records)).toEqual([['a/r9'], ['a/r9']]);
      expect(found[0]!.message).toContain('(20000000 characters)');
      expect(found[0]!.message.length).toBeLessThan(500);
      expect(found[1]!.message).toContain('server stores');
    });
    it('passes a run where the note only travels and rests as ciphertext', () => {
      expect(run({ ops: [{ ciphertext: base64(27_000_000) }] }, { log: [base64(27_000_000)], note: note.slice(0, 19_999_999) })).toEqual([]);
    });
  });
});
