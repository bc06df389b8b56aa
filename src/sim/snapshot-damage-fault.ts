/**
 * The damaged-snapshot fault (userStorageDamagePercent): at a seeded share of restarts before the heal,
 * the device's storage first hands restore a damaged copy of the durable snapshot the device saved at
 * its crash (snapshot-damage.ts: a torn write, a file of another app version, another device's
 * storage restored from its backup). Drawn for every engine: the snapshot is the port's, not the
 * protocol's.
 *
 * - Refused (restore threw or rejected): recorded (`snapshot-damage`, `accepted: false`), then the
 *   device restores its intact copy (its second copy or journal) and the run goes on as without it.
 * - Accepted: the same engine also restores the intact copy into a throwaway instance, read the way a
 *   restart reads a device (connectivity and token given, then versions and status); that is recorded
 *   (`accepted: true`, `intact`) and the device runs on what the engine made of the damaged copy, as
 *   a real device would. The checker snapshot-damage compares the two.
 *
 * Drawn from its own stream (`faults/damaged-snapshots`), only when the knob is above 0, so runs
 * without it keep their traces byte for byte.
 */
import type { DurableSnapshot, ReconcilerOptions } from '../reconciler/types.ts';
import { settle } from './engine-call.ts';
import type { GuardedEngine, Step } from './engine-call.ts';
import { SnapshotRefusal } from './engine-guard.ts';
import type { GuardedModule } from './engine-guard.ts';
import { RandomStream } from './random.ts';
import { toTraceVersion } from './recorder.ts';
import type { SimContext } from './sim-context.ts';
import type { SimDevice } from './sim-device.ts';
import { damageSnapshot, drawDamage } from './snapshot-damage.ts';

/** `otherId` when the run has a single device: no device of the run has this id. */
const NO_SUCH_DEVICE = 'another-device';

export class SnapshotDamageFault {
  private readonly rng: RandomStream;

  private constructor(private readonly ctx: SimContext) {
    this.rng = new RandomStream(ctx.options.seed, 'faults/damaged-snapshots');
  }

  /** The fault for this world, or undefined when its knob is 0 (then nothing is drawn). */
  static of(ctx: SimContext): SnapshotDamageFault | undefined {
    return ctx.options.userStorageDamagePercent > 0 ? new SnapshotDamageFault(ctx) : undefined;
  }

  /**
   * Maybe offers restore a damaged copy of `snapshot` first: the engine the device runs on when it
   * accepted one, undefined when nothing was offered or the engine refused it (restore the intact copy).
   */
  *offer(device: SimDevice, snapshot: DurableSnapshot, module: GuardedModule, options: ReconcilerOptions, wallMs: number): Step<GuardedEngine | undefined> {
    const { ctx, rng } = this;
    if (ctx.healed || !rng.chance(ctx.options.userStorageDamagePercent)) return undefined;
    const others = [...ctx.devices.values()].filter((d) => d.id !== device.id);
    const other = others.length > 0 ? others[rng.int(0, others.length - 1)]! : undefined;
    const damage = drawDamage(rng, snapshot);
    // Another device's durable state: what it saved at its last crash, or, running, what it would save now.
    const running = damage === 'foreign' ? other?.reconciler : undefined;
    const foreign = damage !== 'foreign' || other === undefined ? undefined : running ? yield* settle(running.save()) : (other.snapshot ?? undefined);
    const damaged = damageSnapshot(rng, snapshot, damage, other?.id ?? NO_SUCH_DEVICE, foreign);
    const base = { kind: 'snapshot-damage', device: device.id, damage: damaged.damage, path: damaged.path } as const;
    let engine: GuardedEngine;
    try {
      engine = yield* settle(module.restoreDamaged(damaged.value as DurableSnapshot, options, wallMs));
    } catch (error) {
      if (!(error instanceof SnapshotRefusal)) throw error;
      ctx.recorder.emit({ ...base, accepted: false, error: error.message, reason: error.reason });
      return undefined;
    }
    const intact = yield* settle(module.restore(snapshot, options, wallMs));
    yield* settle(intact.setConnectivity(device.life.mode, wallMs));
    if (!device.life.tokenExpired) yield* settle(intact.setToken(device.token, wallMs));
    const versions = yield* settle(intact.versions());
    const { pendingOps } = yield* settle(intact.status());
    ctx.recorder.emit({ ...base, accepted: true, intact: { versions: versions.map(toTraceVersion), pendingOps } });
    return engine;
  }
}
