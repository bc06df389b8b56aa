/**
 * A user reacting to a pull: when a pull answer changes a record on a device during the fault phase,
 * its user edits that record (editAfterPullPercent) or, once an instant (an answer's changes arrive
 * in one), writes a new entry (createAfterPullPercent), in that very instant, the same device
 * millisecond. Writes placed relative to the protocol, not the wall clock: the moment a device's
 * clock has just taken another device's stamp, which is where a clock that forgets a
 * same-millisecond stamp goes wrong. An edit goes to the record the pull changed; a new entry
 * is a record of its own, so its stamp is the clock's alone (no version of the record to stay above).
 *
 * Each knob draws from a stream of its own per device, and only when set, so runs without them keep
 * their hashes. The reactions are not schedule events: they follow from the seed and the options, so a
 * replay repeats them and shrinking cannot remove them.
 */
import { RandomStream } from './random.ts';
import type { ScheduleEvent, SIMULATOR_REF_PREFIXES } from './schedule.ts';
import type { SimContext, SimEvent } from './sim-context.ts';
import { journalEntry, SCHEDULE_STREAMS } from './workload.ts';

/** The ref prefix of reaction creates: one a schedule's ref may not take, so no schedule create can claim it. */
const REACTION_REF = 'reaction:' satisfies (typeof SIMULATOR_REF_PREFIXES)[number];

export class PullReactions {
  /** Per device and knob: the stream deciding whether its user reacts to a change. */
  private readonly streams = new Map<string, RandomStream>();
  /** Serials of reaction notes, apart from the workload's (and each other's), so each note stays unique. */
  private editSerial = 0;
  private createSerial = 0;
  /** Per device: the instant it last drew a new entry for (one draw an instant, not one per record the answer changed). */
  private readonly createDrawnAt = new Map<string, number>();

  constructor(private readonly ctx: SimContext) {}

  /** A pull answer changed `recordId` on `device`: queues, by chance, its user's edit of it and (once an instant) a new entry, for this very instant. */
  changed(device: string, recordId: string): void {
    const { ctx } = this;
    if (ctx.healed || ctx.nowUs >= ctx.options.durationMs * 1000) return;
    const edit = this.draw(device, 'edit', ctx.options.editAfterPullPercent);
    if (edit) ctx.queue.push(ctx.nowUs, { k: 'react-edit', device, recordId, fields: journalEntry(edit, 1_000_000 + ++this.editSerial) });
    if (ctx.options.createAfterPullPercent <= 0 || this.createDrawnAt.get(device) === ctx.nowUs) return;
    this.createDrawnAt.set(device, ctx.nowUs);
    const create = this.draw(device, 'create', ctx.options.createAfterPullPercent);
    if (create) {
      const serial = ++this.createSerial;
      ctx.queue.push(ctx.nowUs, { k: 'react-create', device, ref: `${REACTION_REF}${serial}`, fields: journalEntry(create, 2_000_000 + serial) });
    }
  }

  /** The device's stream of this reaction when it fires (a chance of `percent`), else undefined; nothing is drawn at 0. */
  private draw(device: string, what: 'edit' | 'create', percent: number): RandomStream | undefined {
    if (percent <= 0) return undefined;
    const name = what === 'edit' ? SCHEDULE_STREAMS.editAfterPull(device) : SCHEDULE_STREAMS.createAfterPull(device);
    let rng = this.streams.get(name);
    if (!rng) this.streams.set(name, (rng = new RandomStream(this.ctx.options.seed, name)));
    return rng.chance(percent) ? rng : undefined;
  }
}

/**
 * The user action a queued reaction is, or why there is none (a simulator bug). An edit goes the
 * user's way, by the ref of the record's create (a schedule create, an accepted input probe, a
 * reaction): a record a pull brought was made by some user, so it has one.
 */
export function reactionAction(event: Extract<SimEvent, { k: 'react-edit' | 'react-create' }>, refs: ReadonlyMap<string, string>, atMs: number): Extract<ScheduleEvent, { action: 'create' | 'edit' }> | string {
  if (event.k === 'react-create') return { atMs, device: event.device, action: 'create', ref: event.ref, fields: event.fields };
  const ref = [...refs].find(([, id]) => id === event.recordId)?.[0];
  if (ref === undefined) return `react-edit of ${event.recordId}: no user create made it`;
  return { atMs, device: event.device, action: 'edit', ref, fields: event.fields };
}
