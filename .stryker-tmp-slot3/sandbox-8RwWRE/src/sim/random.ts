/**
 * Seeded random streams. One root seed splits into independent labelled streams, one per kind of
 * draw (the workload; per fault kind: crashes, token expiries, clock jumps, backups per device,
 * partitions, outages; per network effect: loss, latency, reordering, duplication, one-way failure,
 * flaps; initial clocks and connectivity per device; nonces per device), each its own xoroshiro128+
 * generator from pure-rand, so drawing more from one stream (a higher crash rate, a higher loss
 * rate) never shifts what another stream produces. The labels are in workload.ts and network.ts.
 */
// @ts-nocheck

import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

type Generator = ReturnType<typeof xoroshiro128plus>;

export class RandomStream {
  private readonly rng: Generator;
  constructor(seed: number, name: string) {
    this.rng = xoroshiro128plus(streamSeed(seed, name));
  }
  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.rng);
  }
  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return max <= min ? min : uniformInt(this.rng, min, max);
  }
  /** True with the given probability in percent. */
  chance(percent: number): boolean {
    return percent > 0 && this.float() * 100 < percent;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('sim/random: pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }
  /** Exponential inter-arrival time for a Poisson process of the given rate per ms. */
  exponential(ratePerMs: number): number {
    return -Math.log(1 - this.float()) / ratePerMs;
  }
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }
}

/** A 32-bit seed for a named stream: the first four bytes of sha256("<seed>/<name>"). */
export function streamSeed(seed: number, name: string): number {
  const digest = sha256(utf8ToBytes(`${seed}/${name}`));
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}
