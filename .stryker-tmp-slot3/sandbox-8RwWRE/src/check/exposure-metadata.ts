/**
 * exposure-metadata (E2): every request a device transmits carries only the documented metadata fields:
 * sync-lab's (DOCUMENTED_REQUEST_FIELDS / DOCUMENTED_OP_FIELDS) or, for an engine's own protocol, the
 * field paths its module declares (recorded in run-start.protocol.metadata).
 */
// @ts-nocheck

import { DOCUMENTED_OP_FIELDS, DOCUMENTED_REQUEST_FIELDS } from '../core/wire.ts';
import type { RequestType } from '../core/wire.ts';
import { defineChecker } from './_internals/facts.ts';

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The undocumented field paths of one payload (empty when it is clean). */
export function undocumentedFields(payload: unknown): string[] {
  if (!isObject(payload)) return ['(payload is not an object)'];
  const type = payload['type'];
  const allowed = typeof type === 'string' && Object.hasOwn(DOCUMENTED_REQUEST_FIELDS, type) ? DOCUMENTED_REQUEST_FIELDS[type as RequestType] : undefined;
  if (!allowed) return [`type=${JSON.stringify(type)}`];
  const extra = Object.keys(payload).filter((k) => !allowed.includes(k));
  if (type === 'push' && Array.isArray(payload['ops'])) {
    payload['ops'].forEach((op, n) => {
      if (!isObject(op)) extra.push(`ops[${n}]`);
      else for (const k of Object.keys(op)) if (!DOCUMENTED_OP_FIELDS.includes(k)) extra.push(`ops[${n}].${k}`);
    });
  }
  return extra.sort();
}

/**
 * The undocumented field paths of a message of an engine's own protocol, given its documented paths
 * (`kind`, `changes[].box`): a listed path allows the field and all under it; a field on the way to a
 * listed path is walked into; any other field is undocumented. Paths found use `[n]` for array items.
 */
export function undeclaredFields(message: unknown, documented: readonly string[]): string[] {
  const listed = new Set(documented);
  const extra: string[] = [];
  const walk = (value: unknown, pattern: string, shown: string): void => {
    if (pattern !== '' && listed.has(pattern)) return;
    const within = (p: string) => documented.some((d) => d.startsWith(p));
    if (Array.isArray(value)) {
      const item = `${pattern}[]`;
      if (!within(item)) return void extra.push(shown || '(message)');
      value.forEach((v, n) => walk(v, item, `${shown}[${n}]`));
    } else if (isObject(value)) {
      for (const k of Object.keys(value).sort()) {
        const p = pattern === '' ? k : `${pattern}.${k}`;
        const s = shown === '' ? k : `${shown}.${k}`;
        if (listed.has(p)) continue;
        if (!within(`${p}.`) && !within(`${p}[]`)) extra.push(s);
        else walk(value[k], p, s);
      }
    } else if (pattern === '' || !listed.has(pattern)) {
      extra.push(shown || '(message)');
    }
  };
  walk(message, '', '');
  return extra;
}

export const exposureMetadata = defineChecker({
  id: 'exposure-metadata',
  title: 'Only documented metadata (E2)',
  property: 'only documented metadata fields leave a device (E2)',
  check({ trace }, found) {
    const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
    const protocol = start?.protocol;
    for (const e of trace) {
      if (found.full) break;
      if (e.kind !== 'msg-send' || e.from === 'server') continue;
      const extra = protocol ? undeclaredFields(e.payload, protocol.metadata) : undocumentedFields(e.payload);
      if (extra.length > 0) {
        const expected = protocol ? `the metadata paths protocol ${protocol.name} declares (${protocol.metadata.join(', ')})` : 'those in DOCUMENTED_REQUEST_FIELDS / DOCUMENTED_OP_FIELDS';
        found.add(`device ${e.from} sent a ${e.type} request with undocumented fields ${extra.join(', ')}; expected only ${expected}`, e, [e.from], []);
      }
    }
    return found.list;
  },
});
