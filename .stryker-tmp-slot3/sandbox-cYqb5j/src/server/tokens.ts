/**
 * Session tokens. Deterministic (a hash of account, device, issue time and a counter) so runs
 * replay, and checked against the time the caller passes in, never the wall clock.
 */
// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
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
    if (stryMutAct_9fa48("0")) {
      {}
    } else {
      stryCov_9fa48("0");
      if (stryMutAct_9fa48("3") ? false : stryMutAct_9fa48("2") ? true : stryMutAct_9fa48("1") ? ttlMs > 0 : (stryCov_9fa48("1", "2", "3"), !(stryMutAct_9fa48("7") ? ttlMs <= 0 : stryMutAct_9fa48("6") ? ttlMs >= 0 : stryMutAct_9fa48("5") ? false : stryMutAct_9fa48("4") ? true : (stryCov_9fa48("4", "5", "6", "7"), ttlMs > 0)))) throw new RangeError(stryMutAct_9fa48("8") ? `` : (stryCov_9fa48("8"), `server/tokens: tokenTtlMs must be positive, got ${ttlMs}`));
    }
  }
  issue(accountId: string, deviceId: string, nowMs: number): string {
    if (stryMutAct_9fa48("9")) {
      {}
    } else {
      stryCov_9fa48("9");
      stryMutAct_9fa48("10") ? this.issued-- : (stryCov_9fa48("10"), this.issued++);
      const token = stryMutAct_9fa48("11") ? `` : (stryCov_9fa48("11"), `tok-${stryMutAct_9fa48("12") ? sha256Hex(`${accountId}\u0000${deviceId}\u0000${nowMs}\u0000${this.issued}`) : (stryCov_9fa48("12"), sha256Hex(stryMutAct_9fa48("13") ? `` : (stryCov_9fa48("13"), `${accountId}\u0000${deviceId}\u0000${nowMs}\u0000${this.issued}`)).slice(0, 32))}`);
      this.sessions.set(token, stryMutAct_9fa48("14") ? {} : (stryCov_9fa48("14"), {
        token,
        accountId,
        deviceId,
        issuedAtMs: nowMs,
        expiresAtMs: stryMutAct_9fa48("15") ? nowMs - this.ttlMs : (stryCov_9fa48("15"), nowMs + this.ttlMs)
      }));
      return token;
    }
  }

  /** Unknown, foreign or outdated tokens all read as expired: the device must re-authenticate. */
  check(token: string, accountId: string, deviceId: string, nowMs: number): TokenCheck {
    if (stryMutAct_9fa48("16")) {
      {}
    } else {
      stryCov_9fa48("16");
      const s = this.sessions.get(token);
      if (stryMutAct_9fa48("19") ? (!s || s.accountId !== accountId || s.deviceId !== deviceId) && nowMs >= s.expiresAtMs : stryMutAct_9fa48("18") ? false : stryMutAct_9fa48("17") ? true : (stryCov_9fa48("17", "18", "19"), (stryMutAct_9fa48("21") ? (!s || s.accountId !== accountId) && s.deviceId !== deviceId : stryMutAct_9fa48("20") ? false : (stryCov_9fa48("20", "21"), (stryMutAct_9fa48("23") ? !s && s.accountId !== accountId : stryMutAct_9fa48("22") ? false : (stryCov_9fa48("22", "23"), (stryMutAct_9fa48("24") ? s : (stryCov_9fa48("24"), !s)) || (stryMutAct_9fa48("26") ? s.accountId === accountId : stryMutAct_9fa48("25") ? false : (stryCov_9fa48("25", "26"), s.accountId !== accountId)))) || (stryMutAct_9fa48("28") ? s.deviceId === deviceId : stryMutAct_9fa48("27") ? false : (stryCov_9fa48("27", "28"), s.deviceId !== deviceId)))) || (stryMutAct_9fa48("31") ? nowMs < s.expiresAtMs : stryMutAct_9fa48("30") ? nowMs > s.expiresAtMs : stryMutAct_9fa48("29") ? false : (stryCov_9fa48("29", "30", "31"), nowMs >= s.expiresAtMs)))) return stryMutAct_9fa48("32") ? "" : (stryCov_9fa48("32"), 'expired');
      return stryMutAct_9fa48("33") ? "" : (stryCov_9fa48("33"), 'ok');
    }
  }
  expire(token: string, nowMs: number): boolean {
    if (stryMutAct_9fa48("34")) {
      {}
    } else {
      stryCov_9fa48("34");
      const s = this.sessions.get(token);
      if (stryMutAct_9fa48("37") ? false : stryMutAct_9fa48("36") ? true : stryMutAct_9fa48("35") ? s : (stryCov_9fa48("35", "36", "37"), !s)) return stryMutAct_9fa48("38") ? true : (stryCov_9fa48("38"), false);
      s.expiresAtMs = stryMutAct_9fa48("39") ? Math.max(s.expiresAtMs, nowMs) : (stryCov_9fa48("39"), Math.min(s.expiresAtMs, nowMs));
      return stryMutAct_9fa48("40") ? false : (stryCov_9fa48("40"), true);
    }
  }

  /** Expires every session of a device (or of the whole account when deviceId is omitted). */
  expireFor(accountId: string, deviceId: string | undefined, nowMs: number): number {
    if (stryMutAct_9fa48("41")) {
      {}
    } else {
      stryCov_9fa48("41");
      let n = 0;
      for (const s of this.sessions.values()) {
        if (stryMutAct_9fa48("42")) {
          {}
        } else {
          stryCov_9fa48("42");
          if (stryMutAct_9fa48("45") ? s.accountId === accountId && (deviceId === undefined || s.deviceId === deviceId) || s.expiresAtMs > nowMs : stryMutAct_9fa48("44") ? false : stryMutAct_9fa48("43") ? true : (stryCov_9fa48("43", "44", "45"), (stryMutAct_9fa48("47") ? s.accountId === accountId || deviceId === undefined || s.deviceId === deviceId : stryMutAct_9fa48("46") ? true : (stryCov_9fa48("46", "47"), (stryMutAct_9fa48("49") ? s.accountId !== accountId : stryMutAct_9fa48("48") ? true : (stryCov_9fa48("48", "49"), s.accountId === accountId)) && (stryMutAct_9fa48("51") ? deviceId === undefined && s.deviceId === deviceId : stryMutAct_9fa48("50") ? true : (stryCov_9fa48("50", "51"), (stryMutAct_9fa48("53") ? deviceId !== undefined : stryMutAct_9fa48("52") ? false : (stryCov_9fa48("52", "53"), deviceId === undefined)) || (stryMutAct_9fa48("55") ? s.deviceId !== deviceId : stryMutAct_9fa48("54") ? false : (stryCov_9fa48("54", "55"), s.deviceId === deviceId)))))) && (stryMutAct_9fa48("58") ? s.expiresAtMs <= nowMs : stryMutAct_9fa48("57") ? s.expiresAtMs >= nowMs : stryMutAct_9fa48("56") ? true : (stryCov_9fa48("56", "57", "58"), s.expiresAtMs > nowMs)))) {
            if (stryMutAct_9fa48("59")) {
              {}
            } else {
              stryCov_9fa48("59");
              s.expiresAtMs = nowMs;
              stryMutAct_9fa48("60") ? n-- : (stryCov_9fa48("60"), n++);
            }
          }
        }
      }
      return n;
    }
  }
  dropAccount(accountId: string): void {
    if (stryMutAct_9fa48("61")) {
      {}
    } else {
      stryCov_9fa48("61");
      for (const [token, s] of stryMutAct_9fa48("62") ? [] : (stryCov_9fa48("62"), [...this.sessions])) if (stryMutAct_9fa48("65") ? s.accountId !== accountId : stryMutAct_9fa48("64") ? false : stryMutAct_9fa48("63") ? true : (stryCov_9fa48("63", "64", "65"), s.accountId === accountId)) this.sessions.delete(token);
    }
  }
  list(): Session[] {
    if (stryMutAct_9fa48("66")) {
      {}
    } else {
      stryCov_9fa48("66");
      return (stryMutAct_9fa48("67") ? [] : (stryCov_9fa48("67"), [...this.sessions.values()])).map(stryMutAct_9fa48("68") ? () => undefined : (stryCov_9fa48("68"), s => stryMutAct_9fa48("69") ? {} : (stryCov_9fa48("69"), {
        ...s
      })));
    }
  }
}