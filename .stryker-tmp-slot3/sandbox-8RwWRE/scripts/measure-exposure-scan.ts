/**
 * Measures the content-exposure scan on a 20 MB note, once (not a test: timings vary by machine).
 * Prints one JSON object: build time of the automaton, scan throughput on a clean 27 MB base64 text
 * and on a text that leaks the note, and the whole checker on a hand-built trace.
 *
 *   npx tsx scripts/measure-exposure-scan.ts
 */
// @ts-nocheck

import { MultiPatternSearch } from '../src/check/_internals/aho-corasick.ts';
import { exposureContent } from '../src/check/exposure-content.ts';
import type { TraceEvent } from '../src/trace/events.ts';

const NOTE_CHARS = 20_000_000;
const words = ['knee', 'walked', 'slept', 'badly', 'physio', 'ibuprofen', 'left', 'hip', 'better', 'today', 'stairs', 'swelling'];
const parts: string[] = [];
for (let n = 1, length = 0; length < NOTE_CHARS; n = (n * 1103515245 + 12345) % 2147483648) {
  const word = `${words[n % words.length]!}${n % 7 === 0 ? `, day ${n % 1000}.` : ''} `;
  parts.push(word);
  length += word.length;
}
const note = parts.join('').slice(0, NOTE_CHARS);
const clean = Buffer.from(Uint8Array.from({ length: 20_250_000 }, (_, i) => (i * 2654435761) >>> 24)).toString('base64');
const leaking = `{"ciphertext":"${'x'.repeat(1000)}${note}"}`;

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const rate = (chars: number, millis: number) => Math.round(chars / (millis / 1000));

let t = process.hrtime.bigint();
const search = new MultiPatternSearch([note]);
const buildMs = ms(t);
t = process.hrtime.bigint();
const none = search.findFirst(clean);
const cleanMs = ms(t);
const cleanSteps = search.steps;
t = process.hrtime.bigint();
const hit = search.findFirst(leaking);
const leakMs = ms(t);

const version = { id: 'a/r1', opId: 'a/o1', stamp: '000000000001000.00000000.a', deleted: false, fields: { notes: note } };
const trace = [
  { i: 0, t: 0, kind: 'run-start', seed: 1, devices: ['a'], stampMode: 'hlc', reconciler: 'measure', options: {} },
  { i: 1, t: 1, kind: 'local-write', device: 'a', op: 'create', recordId: 'a/r1', ok: true, version, wallMs: 1 },
  { i: 2, t: 2, kind: 'msg-send', msgId: 'm1', from: 'a', to: 'server', type: 'push', requestId: 'q1', bytes: 1, payload: { ops: [{ ciphertext: clean }] }, senderMode: 'online' },
] as TraceEvent[];
t = process.hrtime.bigint();
const verdict = exposureContent.check({ trace, serverState: { log: [clean] }, stampMode: 'hlc' });
const checkerMs = ms(t);

console.log(
  JSON.stringify(
    {
      noteChars: note.length,
      buildMs: Math.round(buildMs),
      cleanScan: { chars: clean.length, ms: Math.round(cleanMs), charsPerSecond: rate(clean.length, cleanMs), steps: cleanSteps, found: none !== undefined },
      leakScan: { chars: leaking.length, ms: Math.round(leakMs), charsPerSecond: rate(leaking.length, leakMs), foundAt: hit?.index },
      checker: { scannedChars: 2 * clean.length + 20, ms: Math.round(checkerMs), violations: verdict.length },
    },
    null,
    2,
  ),
);
