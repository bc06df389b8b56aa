/**
 * Capabilities a run needs, and whether an engine declares them. A run needs its stamp mode, a
 * remote action when its schedule holds one (or, for a generated run, when its options make the
 * workload draw backups), and server sessions when its schedule expires a token. An engine that
 * declares no capabilities is assumed to support everything; sessions are a fact of its server (an
 * engine's own server without issueToken/expireTokensOf has none, the built-in one has them).
 */
import type { Capabilities, ReconcilerModule } from '../reconciler/types.ts';
import type { SimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';
import { ServerPort } from '../sim/server-port.ts';
import { ACCOUNT_ID } from '../sim/sim-context.ts';

export interface RunNeeds {
  stampMode: SimOptions['stampMode'];
  remoteActions: ('backup' | 'admin')[];
  /** The schedule expires a token (`token-expire`): the server must have sessions. Generated runs: false (a drawn expiry on a server without sessions is a counted skip). */
  tokenExpiry: boolean;
}

/** What a run of these options (and explicit schedule, if any) needs from the engine. */
export function needsOf(options: SimOptions, schedule?: Schedule): RunNeeds {
  const actions = new Set<'backup' | 'admin'>();
  let tokenExpiry = false;
  if (schedule) {
    for (const e of schedule.events) {
      if (e.action === 'backup' || e.action === 'admin') actions.add(e.action);
      if (e.action === 'token-expire') tokenExpiry = true;
    }
  } else {
    if (options.backupsPerHour > 0) actions.add('backup');
    if (options.adminActionsPerHour > 0 || options.accountDeletionPercent > 0) actions.add('admin');
  }
  return { stampMode: options.stampMode, remoteActions: [...actions].sort(), tokenExpiry };
}

const sessionsOf = new WeakMap<object, boolean>();

/** Whether the engine's server (its own, or the built-in one) has sessions: a token to issue and expire. */
export function serverHasSessions(module: Pick<ReconcilerModule, 'server'>): boolean {
  if (module.server === undefined) return true;
  let known = sessionsOf.get(module.server);
  if (known === undefined) sessionsOf.set(module.server, (known = new ServerPort(module as Pick<ReconcilerModule<unknown, unknown>, 'server'>, ACCOUNT_ID, 1).sessions));
  return known;
}

/** Why the engine cannot run this, or null when it declares everything needed. */
export function missingCapability(module: Pick<ReconcilerModule, 'name' | 'capabilities' | 'server'>, needs: RunNeeds): string | null {
  const caps: Capabilities = module.capabilities ?? {};
  const missing: string[] = [];
  if (caps.stampModes && !caps.stampModes.includes(needs.stampMode)) missing.push(`stamp mode ${needs.stampMode} (it declares ${caps.stampModes.join(', ') || 'none'})`);
  for (const action of needs.remoteActions) {
    if (caps.remoteActions && !caps.remoteActions.includes(action)) missing.push(`the ${action} remote action (it declares ${caps.remoteActions.join(', ') || 'none'})`);
  }
  if (needs.tokenExpiry && !serverHasSessions(module)) missing.push(`a token expiry (its own server ${module.server!.name} has no sessions: no issueToken/expireTokensOf)`);
  return missing.length === 0 ? null : `not applicable: reconciler ${module.name} does not support ${missing.join(' or ')}`;
}
