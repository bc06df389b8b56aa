/**
 * Session tokens. Deterministic (a hash of account, device, issue time and a counter) so runs
 * replay, and checked against the time the caller passes in, never the wall clock.
 */
// @ts-nocheck

import { sha256Hex } from '../core/canonical.ts';

export interface Session {
  readonly token: string;
  readonly accountId: string;
  readonly deviceId: string;
  readonly issuedAtMs: number;
  expiresAtMs: number;
}

export type TokenCheck = 'ok' | 'expired';

export class TokenStore {
  private readonly sessions = new Map<string, Session>();
  private issued = 0;

  constructor(private readonly ttlMs: number) {
    if (!(ttlMs > 0)) throw new RangeError(`server/tokens: tokenTtlMs must be positive, got ${ttlMs}`);
  }

  issue(accountId: string, deviceId: string, nowMs: number): string {
    this.issued++;
    const token = `tok-${sha256Hex(`${accountId}\u0000${deviceId}\u0000${nowMs}\u0000${this.issued}`).slice(0, 32)}`;
    this.sessions.set(token, { token, accountId, deviceId, issuedAtMs: nowMs, expiresAtMs: nowMs + this.ttlMs });
    return token;
  }

  /** Unknown, foreign or outdated tokens all read as expired: the device must re-authenticate. */
  check(token: string, accountId: string, deviceId: string, nowMs: number): TokenCheck {
    const s = this.sessions.get(token);
    if (!s || s.accountId !== accountId || s.deviceId !== deviceId || nowMs >= s.expiresAtMs) return 'expired';
    return 'ok';
  }

  expire(token: string, nowMs: number): boolean {
    const s = this.sessions.get(token);
    if (!s) return false;
    s.expiresAtMs = Math.min(s.expiresAtMs, nowMs);
    return true;
  }

  /** Expires every session of a device (or of the whole account when deviceId is omitted). */
  expireFor(accountId: string, deviceId: string | undefined, nowMs: number): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.accountId === accountId && (deviceId === undefined || s.deviceId === deviceId) && s.expiresAtMs > nowMs) {
        s.expiresAtMs = nowMs;
        n++;
      }
    }
    return n;
  }

  dropAccount(accountId: string): void {
    for (const [token, s] of [...this.sessions]) if (s.accountId === accountId) this.sessions.delete(token);
  }

  list(): Session[] {
    return [...this.sessions.values()].map((s) => ({ ...s }));
  }
}
