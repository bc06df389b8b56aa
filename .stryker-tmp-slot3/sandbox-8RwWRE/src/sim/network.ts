/**
 * The network model: decides each message's fate (lost, delayed, duplicated, reordered, answer lost)
 * and an intermittent link's flaps, each kind from its own labelled stream of the seed (so a higher
 * loss rate does not change which messages are duplicated or how long they take), and who can reach
 * whom under the current partition.
 */
// @ts-nocheck

import type { SimOptions } from './options.ts';
import { RandomStream } from './random.ts';

export type Fate = { kind: 'drop'; reason: 'loss' } | { kind: 'deliver'; delaysUs: number[] };

export class NetworkModel {
  private readonly loss: RandomStream;
  private readonly latency: RandomStream;
  private readonly reorder: RandomStream;
  private readonly duplicate: RandomStream;
  private readonly oneWay: RandomStream;
  private readonly flaps: RandomStream;
  private groups: string[][] | null = null;
  /** After heal, links are up: no loss, duplication, reordering or one-way failure; latency stays. */
  private healed = false;

  constructor(private readonly options: SimOptions) {
    const stream = (kind: string) => new RandomStream(options.seed, `network/${kind}`);
    this.loss = stream('loss');
    this.latency = stream('latency');
    this.reorder = stream('reorder');
    this.duplicate = stream('duplicate');
    this.oneWay = stream('one-way');
    this.flaps = stream('flaps');
  }

  /** Latency of one delivery in µs, with an occasional extra hold-back that reorders messages. */
  private latencyUs(): number {
    const { latencyMinMs, latencyMaxMs, reorderPercent } = this.options;
    let ms = latencyMinMs + this.latency.float() * (latencyMaxMs - latencyMinMs);
    if (!this.healed && this.reorder.chance(reorderPercent)) ms += this.reorder.float() * 3 * Math.max(1, latencyMaxMs);
    return Math.max(1, Math.round(ms * 1000));
  }

  /** Fate of a message on a link that is up: lost, or delivered once or twice with these delays. */
  fate(): Fate {
    if (!this.healed && this.loss.chance(this.options.lossPercent)) return { kind: 'drop', reason: 'loss' };
    const delaysUs = [this.latencyUs()];
    if (!this.healed && this.duplicate.chance(this.options.duplicatePercent)) delaysUs.push(this.latencyUs());
    return { kind: 'deliver', delaysUs };
  }

  /** True when the server's response to an applied request is lost (one-way failure). */
  responseLost(): boolean {
    return !this.healed && this.oneWay.chance(this.options.oneWayFailurePercent);
  }

  /** Next link flip of an intermittent device, in µs from now. */
  flapUs(): number {
    return Math.max(1000, Math.round(this.options.intermittentFlapMs * (0.5 + this.flaps.float()) * 1000));
  }

  heal(): void {
    this.healed = true;
    this.groups = null;
  }

  partition(groups: string[][] | null): void {
    this.groups = groups && groups.length > 0 ? groups : null;
  }

  get partitionGroups(): string[][] {
    return this.groups ?? [];
  }

  canReachServer(device: string): boolean {
    if (!this.groups) return true;
    return this.groups.some((g) => g.includes(device) && g.includes('server'));
  }
}
