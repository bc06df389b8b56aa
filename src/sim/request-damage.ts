/**
 * The catalogue of damage a broken or hostile client can do to a sync-lab request: every field of the
 * wire protocol (core/wire.ts) walked at its boundaries, as the protocol states them
 * (request-damage-protocol.ts). Each entry names the field's path, the kind of damage and what a
 * server must do with it: `refuse` (answer with a refusal, store nothing) or `drop-field` (a field
 * outside the protocol: the request may be honoured, the field must never be stored).
 *
 * Pure: the caller draws which entry applies (request-damage-fault.ts).
 */
import { PROTOCOL_LIMITS } from './request-damage-protocol.ts';

export type DamageExpectation = 'refuse' | 'drop-field';

export interface Damage {
  /** Where: `requestId`, `ops[2].stamp`, `(root)`. */
  readonly path: string;
  /** What: `missing`, `wrong-type`, `empty`, `over-length`, `non-base64`, `stamp-char`, ... */
  readonly damage: string;
  readonly expect: DamageExpectation;
}

export interface DamagedRequest extends Damage {
  /** The damaged copy, as the server receives it. */
  readonly message: unknown;
  /** The damaged value, described shortly for the trace (long strings by length). */
  readonly value: string;
  /** `drop-field`: the extra field's value, which must appear nowhere in what the server stores. */
  readonly marker?: string;
}

/** The key of the extra field a damaged copy carries (`extra-field`). */
export const EXTRA_FIELD = 'x-sync-lab-extra';

type Json = Record<string, unknown>;
type Entry = Damage & { readonly apply: (request: Json) => { message: unknown; value: unknown } };

const ID_FIELDS = ['requestId', 'accountId', 'deviceId'] as const;
const OP_ID_FIELDS = ['opId', 'recordId', 'deviceId'] as const;
const { idMaxChars, tokenMaxChars, maxOpsPerPush, opCiphertextMaxChars, backupCiphertextMaxChars } = PROTOCOL_LIMITS;

/** Long base64 runs, made once per process: a 16 MiB string costs a few ms, not worth remaking per copy. */
const longRuns = new Map<number, string>();
function run(chars: number): string {
  let s = longRuns.get(chars);
  if (s === undefined) {
    s = 'A'.repeat(chars);
    longRuns.set(chars, s);
  }
  return s;
}

/** `text` padded (or cut) to exactly `chars` characters. */
function exactly(text: string, chars: number): string {
  return text.length >= chars ? text.slice(0, chars) : text + 'x'.repeat(chars - text.length);
}

function set(target: Json, key: string, value: unknown): Json {
  const out: Json = { ...target };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** Damage to one string field: missing, wrong JSON type, empty, one over its limit (each a refusal). */
function stringField(path: string, field: string, maxChars: number, emptyRefused: boolean, at: (r: Json, f: (o: Json) => { o: Json; value: unknown }) => { message: unknown; value: unknown }): Entry[] {
  const entries: Entry[] = [
    { path, damage: 'missing', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, field, undefined), value: undefined })) },
    { path, damage: 'wrong-type', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, field, 7), value: 7 })) },
    { path, damage: 'over-length', expect: 'refuse', apply: (r) => at(r, (o) => { const v = exactly(String(o[field]), maxChars + 1); return { o: set(o, field, v), value: v }; }) },
  ];
  if (emptyRefused) entries.push({ path, damage: 'empty', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, field, ''), value: '' })) });
  return entries;
}

const atRoot = (r: Json, f: (o: Json) => { o: Json; value: unknown }) => {
  const { o, value } = f(r);
  return { message: o, value };
};

/** Applies `f` to op `i` of a push, giving the damaged push and the value put in. */
const atOp =
  (i: number) =>
  (r: Json, f: (o: Json) => { o: Json; value: unknown }) => {
    const ops = [...(r['ops'] as Json[])];
    const { o, value } = f(ops[i]!);
    ops[i] = o;
    return { message: { ...r, ops }, value };
  };

/** Damages to op `i` of a push (one bad op among good ones). */
function opEntries(i: number): Entry[] {
  const at = atOp(i);
  const p = (field: string) => `ops[${i}].${field}`;
  const stamp = (damage: string, change: (s: string) => string): Entry => ({
    path: p('stamp'),
    damage,
    expect: 'refuse',
    apply: (r) => at(r, (o) => { const v = change(String(o['stamp'])); return { o: set(o, 'stamp', v), value: v }; }),
  });
  return [
    ...OP_ID_FIELDS.flatMap((f) => stringField(p(f), f, idMaxChars, true, at)),
    // A push carries only the sender's own ops: an op id or op device of another device is refused.
    ...ownershipEntries(i).slice(0, 2),
    { path: p('stamp'), damage: 'missing', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, 'stamp', undefined), value: undefined })) },
    { path: p('stamp'), damage: 'wrong-type', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, 'stamp', 1), value: 1 })) },
    // One character off: a digit of the wall time, then of the counter, becomes a letter.
    stamp('wall-not-digit', (s) => `${s.slice(0, 14)}x${s.slice(15)}`),
    stamp('counter-not-digit', (s) => `${s.slice(0, 23)}x${s.slice(24)}`),
    stamp('wall-short', (s) => s.slice(1)),
    stamp('counter-long', (s) => `${s.slice(0, 16)}0${s.slice(16)}`),
    stamp('bad-separator', (s) => `${s.slice(0, 15)}-${s.slice(16)}`),
    stamp('negative-wall', (s) => `-${s.slice(1)}`),
    stamp('negative-counter', (s) => `${s.slice(0, 16)}-${s.slice(17)}`),
    stamp('no-device', (s) => s.slice(0, 25)),
    stamp('device-over-length', (s) => `${s.slice(0, 25)}${'d'.repeat(idMaxChars + 1)}`),
    { path: p('ciphertext'), damage: 'missing', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, 'ciphertext', undefined), value: undefined })) },
    { path: p('ciphertext'), damage: 'wrong-type', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, 'ciphertext', { box: 1 }), value: { box: 1 } })) },
    { path: p('ciphertext'), damage: 'empty', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, 'ciphertext', ''), value: '' })) },
    { path: p('ciphertext'), damage: 'non-base64', expect: 'refuse', apply: (r) => at(r, (o) => { const v = `${String(o['ciphertext'])}*`; return { o: set(o, 'ciphertext', v), value: v }; }) },
    { path: p('ciphertext'), damage: 'over-length', expect: 'refuse', apply: (r) => at(r, (o) => { const v = run(opCiphertextMaxChars + 1); return { o: set(o, 'ciphertext', v), value: v }; }) },
    { path: `ops[${i}]`, damage: 'not-an-object', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: [o] as unknown as Json, value: 'array' })) },
    { path: `ops[${i}]`, damage: 'null', expect: 'refuse', apply: (r) => at(r, () => ({ o: null as unknown as Json, value: null })) },
    { path: p(EXTRA_FIELD), damage: 'extra-field', expect: 'drop-field', apply: (r) => at(r, (o) => ({ o: set(o, EXTRA_FIELD, 'marker'), value: 'marker' })) },
  ];
}

/**
 * Push ownership (a push carries only the sender's own ops, README "The wire protocol"): op `i` with
 * an op id of another device, the op device of another device, or an op id naming no device at all
 * (no `<device>/` prefix). Each is a well-formed op a server must still refuse.
 */
function ownershipEntries(i: number): Entry[] {
  const at = atOp(i);
  const p = (field: string) => `ops[${i}].${field}`;
  return [
    { path: p('opId'), damage: 'foreign-device', expect: 'refuse', apply: (r) => at(r, (o) => { const v = `zz-other/${String(o['opId'])}`; return { o: set(o, 'opId', v), value: v }; }) },
    { path: p('deviceId'), damage: 'foreign-device', expect: 'refuse', apply: (r) => at(r, (o) => ({ o: set(o, 'deviceId', 'zz-other'), value: 'zz-other' })) },
    {
      path: p('opId'),
      damage: 'no-device-prefix',
      expect: 'refuse',
      apply: (r) => at(r, (o) => { const id = String(o['opId']); const v = `o-${id.slice(id.lastIndexOf('/') + 1)}`; return { o: set(o, 'opId', v), value: v }; }),
    },
  ];
}

/**
 * The share of damaged pushes (with ops) whose damage is drawn among the push-ownership entries alone
 * (`ownershipDamagesFor`), on top of the whole catalogue's two of them: uniform over ~100 entries, the
 * ownership check was reached about once in 200 default seeds.
 */
export const OWNERSHIP_SHARE_PERCENT = 25;

/** The push-ownership damages of op `opIndex` of this push (empty for any other request, or a push without ops). */
export function ownershipDamagesFor(request: Json, opIndex: number): Entry[] {
  return request['type'] === 'push' && Array.isArray(request['ops']) && request['ops'].length > 0 ? ownershipEntries(opIndex) : [];
}

/** Every damage the catalogue holds for this request (`opIndex`: the op a push's op damages hit). */
export function damagesFor(request: Json, opIndex: number): Entry[] {
  const type = request['type'];
  const out: Entry[] = [
    ...ID_FIELDS.flatMap((f) => stringField(f, f, idMaxChars, true, atRoot)),
    ...stringField('token', 'token', tokenMaxChars, false, atRoot),
    // Well-formed, but not this device's session: the session check refuses them.
    { path: 'accountId', damage: 'other-account', expect: 'refuse', apply: (r) => ({ message: set(r, 'accountId', 'zz-other-account'), value: 'zz-other-account' }) },
    { path: 'deviceId', damage: 'other-device', expect: 'refuse', apply: (r) => ({ message: set(r, 'deviceId', 'zz-other'), value: 'zz-other' }) },
    { path: 'type', damage: 'missing', expect: 'refuse', apply: (r) => ({ message: set(r, 'type', undefined), value: undefined }) },
    { path: 'type', damage: 'unknown', expect: 'refuse', apply: (r) => ({ message: set(r, 'type', `${String(type)}x`), value: `${String(type)}x` }) },
    { path: '(root)', damage: 'not-an-object', expect: 'refuse', apply: (r) => ({ message: [r], value: 'array' }) },
    { path: '(root)', damage: 'json-text', expect: 'refuse', apply: (r) => ({ message: JSON.stringify(r), value: 'string' }) },
  ];
  switch (type) {
    case 'push': {
      const ops = request['ops'] as Json[];
      out.push(
        { path: 'ops', damage: 'missing', expect: 'refuse', apply: (r) => ({ message: set(r, 'ops', undefined), value: undefined }) },
        { path: 'ops', damage: 'wrong-type', expect: 'refuse', apply: (r) => ({ message: set(r, 'ops', { ...ops }), value: 'object' }) },
        { path: EXTRA_FIELD, damage: 'extra-field', expect: 'drop-field', apply: (r) => ({ message: set(r, EXTRA_FIELD, 'marker'), value: 'marker' }) },
      );
      if (ops.length > 0) {
        out.push({
          path: 'ops',
          damage: 'too-many',
          expect: 'refuse',
          apply: (r) => ({ message: set(r, 'ops', Array.from({ length: maxOpsPerPush + 1 }, (_, n) => ops[n % ops.length])), value: maxOpsPerPush + 1 }),
        });
        out.push(...opEntries(opIndex));
      }
      break;
    }
    case 'pull':
      for (const field of ['cursor', 'limit'] as const) {
        const bad = (damage: string, value: unknown): Entry => ({ path: field, damage, expect: 'refuse', apply: (r) => ({ message: set(r, field, value), value }) });
        out.push(
          { path: field, damage: 'missing', expect: 'refuse', apply: (r) => ({ message: set(r, field, undefined), value: undefined }) },
          bad('wrong-type', '1'),
          bad('negative', -1),
          bad('fractional', 1.5),
          bad('unsafe-integer', 2 ** 53),
        );
      }
      out.push(
        { path: 'limit', damage: 'zero', expect: 'refuse', apply: (r) => ({ message: set(r, 'limit', 0), value: 0 }) },
        { path: EXTRA_FIELD, damage: 'extra-field', expect: 'drop-field', apply: (r) => ({ message: set(r, EXTRA_FIELD, 'marker'), value: 'marker' }) },
      );
      break;
    case 'backup':
      // No extra-field damage for backups and admin actions: honoured, a copy would store a second backup or act for the user.
      out.push(
        ...stringField('ciphertext', 'ciphertext', backupCiphertextMaxChars, true, (r, f) => {
          const { o, value } = f(r);
          return { message: o, value };
        }).map((e) => (e.damage === 'over-length' ? { ...e, apply: (r: Json) => ({ message: set(r, 'ciphertext', run(backupCiphertextMaxChars + 1)), value: run(backupCiphertextMaxChars + 1) }) } : e)),
        { path: 'ciphertext', damage: 'non-base64', expect: 'refuse', apply: (r) => ({ message: set(r, 'ciphertext', `${String(r['ciphertext'])}*`), value: `${String(r['ciphertext'])}*` }) },
      );
      break;
    case 'admin':
      out.push(
        { path: 'action', damage: 'missing', expect: 'refuse', apply: (r) => ({ message: set(r, 'action', undefined), value: undefined }) },
        { path: 'action', damage: 'unknown', expect: 'refuse', apply: (r) => ({ message: set(r, 'action', 'delete-everything'), value: 'delete-everything' }) },
        { path: 'action', damage: 'wrong-type', expect: 'refuse', apply: (r) => ({ message: set(r, 'action', ['delete-account']), value: ['delete-account'] }) },
      );
      break;
  }
  return out;
}

/**
 * The damages of a backup or admin request aimed at that kind itself (damagedRemoteActionPercent):
 * the catalogue's damages of its ciphertext or action, an empty action, and the request sent as the
 * other remote kind (an admin request typed `backup`, without a ciphertext; a backup typed `admin`,
 * without an action). A server that took an admin request with an action it does not know might act
 * on it anyway (remove the account's backups); one that took a backup without checking its
 * ciphertext would store it. Empty for any other request. The over-length backup ciphertext (a 64 MiB
 * string) is left to the whole catalogue: common here, it would slow every run for one length check.
 */
export function remoteActionDamagesFor(request: Json): Entry[] {
  const type = request['type'];
  if (type !== 'backup' && type !== 'admin') return [];
  const own = type === 'backup' ? 'ciphertext' : 'action';
  const out = damagesFor(request, 0).filter((e) => e.path === own && e.damage !== 'over-length');
  const other = type === 'backup' ? 'admin' : 'backup';
  if (type === 'admin') out.push({ path: 'action', damage: 'empty', expect: 'refuse', apply: (r) => ({ message: set(r, 'action', ''), value: '' }) });
  out.push({ path: 'type', damage: `as-${other}`, expect: 'refuse', apply: (r) => ({ message: set(r, 'type', other), value: other }) });
  return out;
}

/** Which list of damages `damageRequest` draws from: the whole catalogue, push ownership, or a remote action's own. */
export type DamageList = 'catalogue' | 'ownership' | 'remote-action';

/** A short description of a damaged value for the trace (long strings by their length and start). */
export function describeValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (typeof value === 'string') return value.length <= 64 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 24))}… (${value.length} chars)`;
  return JSON.stringify(value);
}

/**
 * Applies entry `index` of `damagesFor(request, opIndex)` (of `ownershipDamagesFor` or
 * `remoteActionDamagesFor` as `list` says); `marker` names the copy in an extra field.
 */
export function damageRequest(request: Json, index: number, opIndex: number, marker: string, list: DamageList = 'catalogue'): DamagedRequest {
  const entries = list === 'ownership' ? ownershipDamagesFor(request, opIndex) : list === 'remote-action' ? remoteActionDamagesFor(request) : damagesFor(request, opIndex);
  const entry = entries[index];
  if (entry === undefined) throw new RangeError(`sim/request-damage: entry ${index} of ${entries.length}`);
  const { message, value } = entry.apply(request);
  const { path, damage, expect } = entry;
  if (expect === 'drop-field') {
    // The extra field's value is the copy's own marker, so the judge can look for it in what the server stores.
    const marked = path.startsWith('ops[') ? { ...(message as Json), ops: (message as { ops: Json[] }).ops.map((o, n) => (n === opIndex ? { ...o, [EXTRA_FIELD]: marker } : o)) } : { ...(message as Json), [EXTRA_FIELD]: marker };
    return { path, damage, expect, message: marked, value: describeValue(marker), marker };
  }
  return { path, damage, expect, message, value: describeValue(value) };
}
