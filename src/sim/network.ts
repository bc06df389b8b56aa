/**
 * The network model: decides each message's fate (lost, delayed, duplicated, reordered) from the
 * seed's network stream, and who can reach whom under the current partition.
 */
import type { SimOptions } from './options.ts';
import { RandomStream } from './random.ts';

export type Fate = { kind: 'drop'; reason: 'loss' } | { kind: 'deliver'; delaysUs: number[] };

export class NetworkModel {
  private readonly rng: RandomStream;
  private groups: string[][] | null = null;
  /** After heal, links are up: no loss, duplication, reordering or one-way failure; latency stays. */
  private healed = false;

  constructor(private readonly options: SimOptions) {
    this.rng = new RandomStream(options.seed, 'network');
  }

  /** Latency of one delivery in µs, with an occasional extra hold-back that reorders messages. */
  private latencyUs(): number {
    const { latencyMinMs, latencyMaxMs, reorderPercent } = this.options;
    let ms = latencyMinMs + this.rng.float() * (latencyMaxMs - latencyMinMs);
    if (!this.healed && this.rng.chance(reorderPercent)) ms += this.rng.float() * 3 * Math.max(1, latencyMaxMs);
    return Math.max(1, Math.round(ms * 1000));
  }

  /** Fate of a message on a link that is up: lost, or delivered once or twice with these delays. */
  fate(): Fate {
    if (!this.healed && this.rng.chance(this.options.lossPercent)) return { kind: 'drop', reason: 'loss' };
    const delaysUs = [this.latencyUs()];
    if (!this.healed && this.rng.chance(this.options.duplicatePercent)) delaysUs.push(this.latencyUs());
    return { kind: 'deliver', delaysUs };
  }

  /** True when the server's response to an applied request is lost (one-way failure). */
  responseLost(): boolean {
    return !this.healed && this.rng.chance(this.options.oneWayFailurePercent);
  }

  /** Next link flip of an intermittent device, in µs from now. */
  flapUs(): number {
    return Math.max(1000, Math.round(this.options.intermittentFlapMs * (0.5 + this.rng.float()) * 1000));
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
