// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_OPTIONS, OptionsError, resolveSimOptions, simOptionsSchema } from '../../src/sim/options.ts';

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

describe('resolveSimOptions: bounds on every number', () => {
  it.each(Object.keys(DEFAULT_SIM_OPTIONS).filter((key) => typeof DEFAULT_SIM_OPTIONS[key as keyof typeof DEFAULT_SIM_OPTIONS] === 'number'))('%s refuses 10^15 and a string, naming the limit', (key) => {
    expect(() => resolveSimOptions({ [key]: 1e15 }, 'opts.yaml')).toThrow(new RegExp(`opts\\.yaml: field "${key}": Too big: expected number to be <=?\\d+`));
    expect(() => resolveSimOptions({ [key]: '5' }, 'opts.yaml')).toThrow(new RegExp(`field "${key}": Invalid input: expected number, received string`));
    expect(simOptionsSchema.shape[key as keyof typeof simOptionsSchema.shape]).toBeDefined();
  });
});
