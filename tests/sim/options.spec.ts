import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_OPTIONS, OptionsError, resolveSimOptions } from '../../src/sim/options.ts';

describe('resolveSimOptions', () => {
  it('fills defaults', () => {
    expect(resolveSimOptions({}, 'test')).toEqual(DEFAULT_SIM_OPTIONS);
    expect(resolveSimOptions({ seed: 9 }, 'test').seed).toBe(9);
  });

  it('names the source and the field of an unknown option', () => {
    expect(() => resolveSimOptions({ lossPct: 3 }, 'faults.yaml')).toThrow(OptionsError);
    expect(() => resolveSimOptions({ lossPct: 3 }, 'faults.yaml')).toThrow(/faults\.yaml: field "lossPct": unknown option/);
  });

  it('names the field and the expectation of an ill-typed or out-of-range value', () => {
    expect(() => resolveSimOptions({ lossPercent: 'lots' }, 'cli')).toThrow(/cli: field "lossPercent"/);
    expect(() => resolveSimOptions({ lossPercent: 140 }, 'cli')).toThrow(/field "lossPercent".*100/);
    expect(() => resolveSimOptions({ stampMode: 'lamport' }, 'cli')).toThrow(/field "stampMode"/);
    expect(() => resolveSimOptions({ latencyMinMs: 50, latencyMaxMs: 10 }, 'cli')).toThrow(/field "latencyMaxMs"/);
  });
});

describe('resolveSimOptions: consistency between knobs', () => {
  it('rejects a request timeout that cannot outlast a round trip', () => {
    expect(() => resolveSimOptions({ latencyMaxMs: 900, requestTimeoutMs: 1500 }, 'cli')).toThrow(/field "requestTimeoutMs": must exceed a worst-case round trip \(2 × latencyMaxMs = 1800 ms\)/);
  });
});
