// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { encodeStamp } from '../../src/core/stamp.ts';
import { encodedStampSchema } from '../../src/core/stamp-schema.ts';

describe('encodedStampSchema', () => {
  it('accepts what encodeStamp writes', () => {
    const text = encodeStamp({ wallMs: 1_773_705_600_000, counter: 3, deviceId: 'a' });
    expect(encodedStampSchema.parse(text)).toBe(text);
  });

  it('rejects anything decodeStamp cannot read, saying what it expected', () => {
    for (const bad of ['', 'x', '1.2.a']) {
      const result = encodedStampSchema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/expected an encoded stamp/);
    }
    expect(encodedStampSchema.safeParse(42).success).toBe(false);
  });
});
