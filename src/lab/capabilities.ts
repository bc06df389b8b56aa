/**
 * Capabilities a run needs, and whether an engine declares them. A run needs its stamp mode, and a
 * remote action when its schedule holds one (or, for a generated run, when its options make the
 * workload draw backups). An engine that declares no capabilities is assumed to support everything.
 */
import type { Capabilities, ReconcilerModule } from '../reconciler/types.ts';
import type { SimOptions } from '../sim/options.ts';
import type { Schedule } from '../sim/schedule.ts';

export interface RunNeeds {
  stampMode: SimOptions['stampMode'];
  remoteActions: ('backup' | 'admin')[];
}

/** What a run of these options (and explicit schedule, if any) needs from the engine. */
export function needsOf(options: SimOptions, schedule?: Schedule): RunNeeds {
  const actions = new Set<'backup' | 'admin'>();
  if (schedule) {
    for (const e of schedule.events) if (e.action === 'backup' || e.action === 'admin') actions.add(e.action);
  } else if (options.backupsPerHour > 0) {
    actions.add('backup');
  }
  return { stampMode: options.stampMode, remoteActions: [...actions].sort() };
}

/** Why the engine cannot run this, or null when it declares everything needed. */
export function missingCapability(module: Pick<ReconcilerModule, 'name' | 'capabilities'>, needs: RunNeeds): string | null {
  const caps: Capabilities = module.capabilities ?? {};
  const missing: string[] = [];
  if (caps.stampModes && !caps.stampModes.includes(needs.stampMode)) missing.push(`stamp mode ${needs.stampMode} (it declares ${caps.stampModes.join(', ') || 'none'})`);
  for (const action of needs.remoteActions) {
    if (caps.remoteActions && !caps.remoteActions.includes(action)) missing.push(`the ${action} remote action (it declares ${caps.remoteActions.join(', ') || 'none'})`);
  }
  return missing.length === 0 ? null : `not applicable: reconciler ${module.name} does not support ${missing.join(' or ')}`;
}
