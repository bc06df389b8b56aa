// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { assertDeviceId, deviceOf, opIdFor, recordIdFor } from '../../src/core/ids.ts';

describe('ids', () => {
  it('derives ids from device and counter, and recovers the device', () => {
    expect(recordIdFor('a', 3)).toBe('a/r3');
    expect(opIdFor('dev-2', 7)).toBe('dev-2/o7');
    expect(deviceOf(opIdFor('dev-2', 7))).toBe('dev-2');
    expect(() => deviceOf('noslash')).toThrow(/core\/ids/);
  });

  it('validates device ids', () => {
    expect(assertDeviceId('a1')).toBe('a1');
    expect(() => assertDeviceId('A')).toThrow(/device id/);
    expect(() => assertDeviceId('a/b')).toThrow(/device id/);
  });
});
