// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { NetworkModel } from '../../src/sim/network.ts';
import { resolveSimOptions } from '../../src/sim/options.ts';

const model = (extra: Record<string, number>) => new NetworkModel(resolveSimOptions({ seed: 5, ...extra }, 'test'));

describe('NetworkModel: one random stream per fault kind', () => {
  it('draws loss, duplication and reordering from the options, delays within the latency range', () => {
    const net = model({ lossPercent: 50, duplicatePercent: 50, latencyMinMs: 10, latencyMaxMs: 20, reorderPercent: 0 });
    const fates = Array.from({ length: 400 }, () => net.fate());
    const lost = fates.filter((f) => f.kind === 'drop').length;
    expect(lost).toBeGreaterThan(120);
    expect(lost).toBeLessThan(280);
    const delays = fates.flatMap((f) => (f.kind === 'deliver' ? f.delaysUs : []));
    expect(delays.length).toBeGreaterThan(400 - lost);
    for (const d of delays) expect(d >= 10_000 && d <= 20_000).toBe(true);
  });

  it('a higher loss rate leaves the one-way failures and the link flaps exactly as they were', () => {
    const low = model({ lossPercent: 0, oneWayFailurePercent: 30 });
    const high = model({ lossPercent: 40, oneWayFailurePercent: 30 });
    const draw = (net: NetworkModel) => {
      const out: (boolean | number)[] = [];
      for (let n = 0; n < 200; n++) {
        net.fate();
        out.push(net.responseLost(), net.flapUs());
      }
      return out;
    };
    expect(draw(high)).toEqual(draw(low));
  });

  it('a higher loss rate leaves the delays of the messages that still get through as they were', () => {
    const base = model({ lossPercent: 0, duplicatePercent: 0, reorderPercent: 0 });
    const lossy = model({ lossPercent: 40, duplicatePercent: 0, reorderPercent: 0 });
    const delays = (net: NetworkModel, n: number) => {
      const out: number[] = [];
      while (out.length < n) {
        const f = net.fate();
        if (f.kind === 'deliver') out.push(...f.delaysUs);
      }
      return out;
    };
    expect(delays(lossy, 100)).toEqual(delays(base, 100));
  });
});
