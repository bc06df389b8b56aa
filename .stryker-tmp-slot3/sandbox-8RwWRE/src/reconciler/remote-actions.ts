/**
 * Remote actions (cloud backup, account deletion, backup admin): optional, online-only capabilities.
 * They queue while the device cannot reach the server and retry after transport failures or an
 * unavailable server; a refusal that retrying cannot fix marks them failed.
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
import type { SyncErrorCode } from '../core/wire.ts';
import type { RemoteActionKind, RemoteActionState, RemoteActionStatus } from './types.ts';

/** Actions queued or remembered at once. */
export const MAX_REMOTE_ACTIONS = 1_000;
/** Attempts before an action is given up as failed. */
export const MAX_ACTION_ATTEMPTS = 50;
/** Finished actions kept for status disclosure. */
const FINISHED_KEPT = 50;
export interface RemoteAction {
  id: string;
  kind: RemoteActionKind;
  state: RemoteActionState;
  attempts: number;
  lastError: SyncErrorCode | 'transport' | null;
}
export class RemoteActionQueue {
  private actions: RemoteAction[] = stryMutAct_9fa48("0") ? ["Stryker was here"] : (stryCov_9fa48("0"), []);
  add(id: string, kind: RemoteActionKind): void {
    if (stryMutAct_9fa48("1")) {
      {}
    } else {
      stryCov_9fa48("1");
      if (stryMutAct_9fa48("5") ? this.unfinished().length < MAX_REMOTE_ACTIONS : stryMutAct_9fa48("4") ? this.unfinished().length > MAX_REMOTE_ACTIONS : stryMutAct_9fa48("3") ? false : stryMutAct_9fa48("2") ? true : (stryCov_9fa48("2", "3", "4", "5"), this.unfinished().length >= MAX_REMOTE_ACTIONS)) {
        if (stryMutAct_9fa48("6")) {
          {}
        } else {
          stryCov_9fa48("6");
          throw new Error(stryMutAct_9fa48("7") ? `` : (stryCov_9fa48("7"), `reconciler/remote-actions: ${MAX_REMOTE_ACTIONS} remote actions are already waiting`));
        }
      }
      this.actions.push(stryMutAct_9fa48("8") ? {} : (stryCov_9fa48("8"), {
        id,
        kind,
        state: stryMutAct_9fa48("9") ? "" : (stryCov_9fa48("9"), 'pending'),
        attempts: 0,
        lastError: null
      }));
      this.trimFinished();
    }
  }

  /** The oldest pending action. */
  nextPending(): RemoteAction | undefined {
    if (stryMutAct_9fa48("10")) {
      {}
    } else {
      stryCov_9fa48("10");
      return this.actions.find(stryMutAct_9fa48("11") ? () => undefined : (stryCov_9fa48("11"), a => stryMutAct_9fa48("14") ? a.state !== 'pending' : stryMutAct_9fa48("13") ? false : stryMutAct_9fa48("12") ? true : (stryCov_9fa48("12", "13", "14"), a.state === (stryMutAct_9fa48("15") ? "" : (stryCov_9fa48("15"), 'pending')))));
    }
  }
  get(id: string): RemoteAction | undefined {
    if (stryMutAct_9fa48("16")) {
      {}
    } else {
      stryCov_9fa48("16");
      return this.actions.find(stryMutAct_9fa48("17") ? () => undefined : (stryCov_9fa48("17"), a => stryMutAct_9fa48("20") ? a.id !== id : stryMutAct_9fa48("19") ? false : stryMutAct_9fa48("18") ? true : (stryCov_9fa48("18", "19", "20"), a.id === id)));
    }
  }
  start(id: string): void {
    if (stryMutAct_9fa48("21")) {
      {}
    } else {
      stryCov_9fa48("21");
      const a = this.get(id);
      if (stryMutAct_9fa48("23") ? false : stryMutAct_9fa48("22") ? true : (stryCov_9fa48("22", "23"), a)) {
        if (stryMutAct_9fa48("24")) {
          {}
        } else {
          stryCov_9fa48("24");
          a.state = stryMutAct_9fa48("25") ? "" : (stryCov_9fa48("25"), 'in-flight');
          stryMutAct_9fa48("26") ? a.attempts-- : (stryCov_9fa48("26"), a.attempts++);
        }
      }
    }
  }
  done(id: string): void {
    if (stryMutAct_9fa48("27")) {
      {}
    } else {
      stryCov_9fa48("27");
      const a = this.get(id);
      if (stryMutAct_9fa48("29") ? false : stryMutAct_9fa48("28") ? true : (stryCov_9fa48("28", "29"), a)) {
        if (stryMutAct_9fa48("30")) {
          {}
        } else {
          stryCov_9fa48("30");
          a.state = stryMutAct_9fa48("31") ? "" : (stryCov_9fa48("31"), 'done');
          a.lastError = null;
        }
      }
      this.trimFinished();
    }
  }

  /** A retryable failure sends the action back to pending until it runs out of attempts. */
  failed(id: string, error: SyncErrorCode | 'transport', retryable: boolean): void {
    if (stryMutAct_9fa48("32")) {
      {}
    } else {
      stryCov_9fa48("32");
      const a = this.get(id);
      if (stryMutAct_9fa48("35") ? false : stryMutAct_9fa48("34") ? true : stryMutAct_9fa48("33") ? a : (stryCov_9fa48("33", "34", "35"), !a)) return;
      a.lastError = error;
      a.state = (stryMutAct_9fa48("38") ? retryable || a.attempts < MAX_ACTION_ATTEMPTS : stryMutAct_9fa48("37") ? false : stryMutAct_9fa48("36") ? true : (stryCov_9fa48("36", "37", "38"), retryable && (stryMutAct_9fa48("41") ? a.attempts >= MAX_ACTION_ATTEMPTS : stryMutAct_9fa48("40") ? a.attempts <= MAX_ACTION_ATTEMPTS : stryMutAct_9fa48("39") ? true : (stryCov_9fa48("39", "40", "41"), a.attempts < MAX_ACTION_ATTEMPTS)))) ? stryMutAct_9fa48("42") ? "" : (stryCov_9fa48("42"), 'pending') : stryMutAct_9fa48("43") ? "" : (stryCov_9fa48("43"), 'failed');
      this.trimFinished();
    }
  }

  /** After a restart nothing is in flight: an action that was is pending again. */
  requeueInFlight(): void {
    if (stryMutAct_9fa48("44")) {
      {}
    } else {
      stryCov_9fa48("44");
      for (const a of this.actions) if (stryMutAct_9fa48("47") ? a.state !== 'in-flight' : stryMutAct_9fa48("46") ? false : stryMutAct_9fa48("45") ? true : (stryCov_9fa48("45", "46", "47"), a.state === (stryMutAct_9fa48("48") ? "" : (stryCov_9fa48("48"), 'in-flight')))) a.state = stryMutAct_9fa48("49") ? "" : (stryCov_9fa48("49"), 'pending');
    }
  }
  unfinished(): RemoteAction[] {
    if (stryMutAct_9fa48("50")) {
      {}
    } else {
      stryCov_9fa48("50");
      return stryMutAct_9fa48("51") ? this.actions : (stryCov_9fa48("51"), this.actions.filter(stryMutAct_9fa48("52") ? () => undefined : (stryCov_9fa48("52"), a => stryMutAct_9fa48("55") ? a.state === 'pending' && a.state === 'in-flight' : stryMutAct_9fa48("54") ? false : stryMutAct_9fa48("53") ? true : (stryCov_9fa48("53", "54", "55"), (stryMutAct_9fa48("57") ? a.state !== 'pending' : stryMutAct_9fa48("56") ? false : (stryCov_9fa48("56", "57"), a.state === (stryMutAct_9fa48("58") ? "" : (stryCov_9fa48("58"), 'pending')))) || (stryMutAct_9fa48("60") ? a.state !== 'in-flight' : stryMutAct_9fa48("59") ? false : (stryCov_9fa48("59", "60"), a.state === (stryMutAct_9fa48("61") ? "" : (stryCov_9fa48("61"), 'in-flight'))))))));
    }
  }
  status(): RemoteActionStatus[] {
    if (stryMutAct_9fa48("62")) {
      {}
    } else {
      stryCov_9fa48("62");
      return this.actions.map(stryMutAct_9fa48("63") ? () => undefined : (stryCov_9fa48("63"), a => stryMutAct_9fa48("64") ? {} : (stryCov_9fa48("64"), {
        ...a
      })));
    }
  }
  private trimFinished(): void {
    if (stryMutAct_9fa48("65")) {
      {}
    } else {
      stryCov_9fa48("65");
      const finished = stryMutAct_9fa48("66") ? this.actions : (stryCov_9fa48("66"), this.actions.filter(stryMutAct_9fa48("67") ? () => undefined : (stryCov_9fa48("67"), a => stryMutAct_9fa48("70") ? a.state === 'done' && a.state === 'failed' : stryMutAct_9fa48("69") ? false : stryMutAct_9fa48("68") ? true : (stryCov_9fa48("68", "69", "70"), (stryMutAct_9fa48("72") ? a.state !== 'done' : stryMutAct_9fa48("71") ? false : (stryCov_9fa48("71", "72"), a.state === (stryMutAct_9fa48("73") ? "" : (stryCov_9fa48("73"), 'done')))) || (stryMutAct_9fa48("75") ? a.state !== 'failed' : stryMutAct_9fa48("74") ? false : (stryCov_9fa48("74", "75"), a.state === (stryMutAct_9fa48("76") ? "" : (stryCov_9fa48("76"), 'failed'))))))));
      if (stryMutAct_9fa48("80") ? finished.length > FINISHED_KEPT : stryMutAct_9fa48("79") ? finished.length < FINISHED_KEPT : stryMutAct_9fa48("78") ? false : stryMutAct_9fa48("77") ? true : (stryCov_9fa48("77", "78", "79", "80"), finished.length <= FINISHED_KEPT)) return;
      const drop = new Set(stryMutAct_9fa48("81") ? finished : (stryCov_9fa48("81"), finished.slice(0, stryMutAct_9fa48("82") ? finished.length + FINISHED_KEPT : (stryCov_9fa48("82"), finished.length - FINISHED_KEPT))));
      this.actions = stryMutAct_9fa48("83") ? this.actions : (stryCov_9fa48("83"), this.actions.filter(stryMutAct_9fa48("84") ? () => undefined : (stryCov_9fa48("84"), a => stryMutAct_9fa48("85") ? drop.has(a) : (stryCov_9fa48("85"), !drop.has(a)))));
    }
  }
  static from(actions: readonly RemoteAction[]): RemoteActionQueue {
    if (stryMutAct_9fa48("86")) {
      {}
    } else {
      stryCov_9fa48("86");
      const q = new RemoteActionQueue();
      q.actions = actions.map(stryMutAct_9fa48("87") ? () => undefined : (stryCov_9fa48("87"), a => stryMutAct_9fa48("88") ? {} : (stryCov_9fa48("88"), {
        ...a
      })));
      q.requeueInFlight();
      return q;
    }
  }
}