/** exposure-offline (E1): a device in offline mode transmits nothing at all. */
// @ts-nocheck

import { defineChecker } from './_internals/facts.ts';

export const exposureOffline = defineChecker({
  id: 'exposure-offline',
  title: 'Offline means silent (E1)',
  property: 'zero transmissions while a device is offline (E1)',
  check({ trace }, found) {
    for (const e of trace) {
      if (found.full) break;
      if (e.kind === 'msg-send' && e.from !== 'server' && e.senderMode === 'offline') {
        found.add(`device ${e.from} is offline; expected zero transmissions, saw a ${e.type} request (${e.requestId}, ${e.bytes} bytes)`, e, [e.from], []);
      }
    }
    return found.list;
  },
});
