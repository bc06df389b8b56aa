import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../src/server/request-schema.ts';

describe('validateRequest', () => {
  it('accepts protocol requests and strips fields outside the protocol', () => {
    const v = validateRequest({ type: 'admin', requestId: 'r', accountId: 'a', deviceId: 'd', token: 't', action: 'backup-admin', extra: 1 });
    expect(v.ok && Object.keys(v.request).sort()).toEqual(['accountId', 'action', 'deviceId', 'requestId', 'token', 'type']);
  });

  it('names the offending field', () => {
    const v = validateRequest({ type: 'pull', requestId: 'r', accountId: 'a', deviceId: 'd', token: 't', cursor: 0, limit: 0 });
    expect(!v.ok && v.message).toMatch(/server: bad request at limit/);
  });
});
