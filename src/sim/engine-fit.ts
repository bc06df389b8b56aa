/**
 * What a run's options ask of the engine under test, against what it declares: a sync policy it does
 * not honour or a server fault its own server cannot take is refused at the edge (exit 2, the field
 * named); a swarm's draw leaves out what it cannot take (run-start records the options actually run).
 */
import type { ReconcilerModule } from '../reconciler/types.ts';
import type { SimOptions } from './options.ts';
import { SYNC_LAB_PROTOCOL, speaksSyncLab } from './request-damage-protocol.ts';

/**
 * Why these options cannot run on this engine, or null: a sync policy it does not declare it honours,
 * or a server fault its own server cannot take (unsupportedServerFaults).
 */
export function unsupportedSyncPolicy(options: SimOptions, module: Pick<ReconcilerModule, 'name' | 'capabilities' | 'server'>): string | null {
  const server = unsupportedServerFaults(options, module);
  if (server !== null) return server;
  if (options.syncPolicy === undefined || module.capabilities?.syncPolicy === true) return null;
  return `field "syncPolicy": the engine ${module.name} does not declare capabilities.syncPolicy, so it would ignore the policy; expected an engine that honours it, or no syncPolicy`;
}

/** Why these options cannot run against this module's server (exit 2 at the edge), or null. */
export function unsupportedServerFaults(options: Pick<SimOptions, 'partialApplyPercent' | 'serverBusyPercent' | 'backupQuotaRefusalPercent' | 'slowAckPercent' | 'damagedRequestPercent' | 'damagedRemoteActionPercent' | 'damagedPulledOpPercent'>, module: Pick<ReconcilerModule, 'name' | 'server'>): string | null {
  if (module.server === undefined) return null;
  if (options.damagedPulledOpPercent > 0 && !speaksSyncLab(module)) {
    return `field "damagedPulledOpPercent": engine ${module.name}'s server speaks its own protocol (${module.server.name}), and the fault damages sync-lab's pull answers (an op's ciphertext); expected 0, or a server declaring name '${SYNC_LAB_PROTOCOL}'`;
  }
  if (options.damagedRequestPercent > 0 && !speaksSyncLab(module)) {
    return `field "damagedRequestPercent": engine ${module.name}'s server speaks its own protocol (${module.server.name}), and the damage catalogue walks sync-lab's; expected 0, or a server declaring name '${SYNC_LAB_PROTOCOL}'`;
  }
  if (options.damagedRemoteActionPercent > 0 && !speaksSyncLab(module)) {
    return `field "damagedRemoteActionPercent": engine ${module.name}'s server speaks its own protocol (${module.server.name}), and the damage catalogue walks sync-lab's; expected 0, or a server declaring name '${SYNC_LAB_PROTOCOL}'`;
  }
  if (options.partialApplyPercent > 0) {
    return `field "partialApplyPercent": engine ${module.name} brings its own server (${module.server.name}); expected 0 (a partial push is injected inside the built-in server's push handling)`;
  }
  if (options.serverBusyPercent > 0) {
    return `field "serverBusyPercent": engine ${module.name} brings its own server (${module.server.name}); expected 0 (a busy refusal is injected inside the built-in server's request handling)`;
  }
  if (options.backupQuotaRefusalPercent > 0) {
    return `field "backupQuotaRefusalPercent": engine ${module.name} brings its own server (${module.server.name}); expected 0 (a quota refusal is injected inside the built-in server's backup handling)`;
  }
  if (options.slowAckPercent > 0 && typeof module.server.kindOf !== 'function') {
    return `field "slowAckPercent": engine ${module.name}'s protocol ${module.server.name} declares no kindOf, so its push acknowledgements cannot be told apart; expected 0, or a kindOf naming 'push'`;
  }
  return null;
}

/**
 * A swarm's drawn options for an engine with its own server: the server faults it cannot take
 * (unsupportedServerFaults) are not drawn (set to 0; run-start records the options actually run, so
 * replays match). Explicit options are refused instead (exit 2); this is for random draws only.
 */
export function withoutServerFaults(options: SimOptions, module: Pick<ReconcilerModule, 'name' | 'server'>): SimOptions {
  if (module.server === undefined) return options;
  const kinds = typeof module.server.kindOf === 'function';
  return { ...options, partialApplyPercent: 0, serverBusyPercent: 0, backupQuotaRefusalPercent: 0, ...(kinds ? {} : { slowAckPercent: 0 }), ...(speaksSyncLab(module) ? {} : { damagedRequestPercent: 0, damagedRemoteActionPercent: 0, damagedPulledOpPercent: 0 }) };
}

/** The engine declares its remote actions (`capabilities.remoteActions`) and backup is not one of them. */
export function declaresNoBackup(module: Pick<ReconcilerModule, 'capabilities'>): boolean {
  const actions = module.capabilities?.remoteActions;
  return actions !== undefined && !actions.includes('backup');
}

/**
 * Backups for a run given its options (not drawn) and an engine that declares no backup remote
 * action: asked for explicitly (`explicit`), they cannot be honoured, so they are refused (`refusal`,
 * exit 2 at the caller); left at the option's default, the run takes 0 and says so (`notice`), as a
 * swarm does. Run-start records the options actually run, so replays match.
 */
export function backupsForEngine(
  options: SimOptions,
  module: Pick<ReconcilerModule, 'name' | 'capabilities'>,
  explicit: boolean,
): { options: SimOptions; notice?: string; refusal?: string } {
  if (!declaresNoBackup(module) || options.backupsPerHour === 0) return { options };
  const why = `engine ${module.name} declares its remote actions (${module.capabilities?.remoteActions?.join(', ') || 'none'}) and backup is not one of them`;
  if (explicit) return { options, refusal: `field "backupsPerHour": ${why}, so every backup asked of it would be refused; expected 0, or an engine that declares backup` };
  return { options: { ...options, backupsPerHour: 0 }, notice: `backupsPerHour 0 (the default is ${options.backupsPerHour}): ${why}` };
}

/**
 * A swarm's drawn options for this engine: what it cannot take is not drawn. Server faults its own
 * server cannot take (withoutServerFaults), and backups for an engine that declares no backup
 * remote action (its `requestBackup` would refuse, an engine-error no correct engine could avoid);
 * no admin actions (nor the deletion epilogue) for one that declares no admin.
 * For random draws only (explore, the audit's swarm), each said once by its caller; run-start
 * records the options actually run, so replays match.
 */
export function drawnForEngine(options: SimOptions, module: Pick<ReconcilerModule, 'name' | 'server' | 'capabilities'>): SimOptions {
  const served = withoutServerFaults(options, module);
  const backed = declaresNoBackup(module) && served.backupsPerHour !== 0 ? { ...served, backupsPerHour: 0 } : served;
  const admin = declaresNoAdmin(module) && (backed.adminActionsPerHour !== 0 || backed.accountDeletionPercent !== 0) ? { ...backed, adminActionsPerHour: 0, accountDeletionPercent: 0 } : backed;
  // A stamp mode the engine declares it lacks (capabilities.stampModes): its first declared mode instead.
  const modes = module.capabilities?.stampModes;
  return modes !== undefined && modes.length > 0 && !modes.includes(admin.stampMode) ? { ...admin, stampMode: modes[0]! } : admin;
}

/** The engine declares its remote actions (`capabilities.remoteActions`) and admin is not one of them. */
export function declaresNoAdmin(module: Pick<ReconcilerModule, 'capabilities'>): boolean {
  const actions = module.capabilities?.remoteActions;
  return actions !== undefined && !actions.includes('admin');
}
