/** non-blocking: no user operation waits on the network, a timer or a remote ack (a refused write or read is a blocked user). */
// @ts-nocheck

import { defineChecker } from './_internals/facts.ts';

export const nonBlocking = defineChecker({
  id: 'non-blocking',
  title: 'User operations never block',
  property: 'no user operation waits on the network, a timer or a remote ack',
  check({ trace }, found) {
    for (const e of trace) {
      if (found.full) break;
      if ((e.kind === 'local-write' || e.kind === 'local-read') && !e.ok) {
        const what = e.kind === 'local-write' ? `${e.op} of` : 'read of';
        found.add(`device ${e.device}: expected the ${what} ${e.recordId} to complete locally, it was refused: ${e.error ?? '(no error given)'}`, e, [e.device], [e.recordId]);
      }
    }
    return found.list;
  },
});
