/**
 * The session token of one device: valid, expired (the server refuses sync; local use continues),
 * re-authenticating. A re-authentication that gets no answer within `authTimeout` (simulated time)
 * falls back to expired, to be retried by the next RENEW.
 */
// @ts-nocheck

import { setup } from 'xstate';

export type SessionTokenEvent = { type: 'EXPIRE' } | { type: 'RENEW' } | { type: 'AUTHENTICATED' };

/** How long a re-authentication may take before it counts as failed (simulated ms). */
export const AUTH_TIMEOUT_MS = 10_000;

export const sessionTokenMachine = setup({
  types: { events: {} as SessionTokenEvent },
  delays: { authTimeout: AUTH_TIMEOUT_MS },
}).createMachine({
  id: 'token',
  description: 'Session token lifecycle of one device.',
  initial: 'valid',
  states: {
    valid: {
      description: 'The server accepts sync requests.',
      // The app may renew a live session too (heal, a TTL about to lapse).
      on: { EXPIRE: 'expired', RENEW: 'reauthenticating' },
    },
    expired: {
      description: 'The server refuses sync; cached data stays readable and writable, the outbox is kept.',
      on: { RENEW: 'reauthenticating', EXPIRE: 'expired' },
    },
    reauthenticating: {
      description: 'A new token has been asked for.',
      on: { AUTHENTICATED: 'valid', EXPIRE: 'expired' },
      after: { authTimeout: 'expired' },
    },
  },
});
