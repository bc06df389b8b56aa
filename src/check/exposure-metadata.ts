/** exposure-metadata (E2): every request a device transmits carries only the documented metadata fields. */
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

export const exposureMetadata = defineChecker({
  id: 'exposure-metadata',
  title: 'Only documented metadata (E2)',
  property: 'only documented metadata fields leave a device (E2)',
  check({ trace }, found) {
    for (const e of trace) {
      if (found.full) break;
      if (e.kind !== 'msg-send' || e.from === 'server') continue;
      const extra = undocumentedFields(e.payload);
      if (extra.length > 0) {
        found.add(`device ${e.from} sent a ${e.type} request with undocumented fields ${extra.join(', ')}; expected only those in DOCUMENTED_REQUEST_FIELDS / DOCUMENTED_OP_FIELDS`, e, [e.from], []);
      }
    }
    return found.list;
  },
});
