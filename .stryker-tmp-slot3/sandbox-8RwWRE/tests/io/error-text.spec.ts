// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/io/error-text.ts';

describe('errorText', () => {
  it('gives an Error its message, without the class name or stack', () => {
    expect(errorText(new TypeError('bad field'))).toBe('bad field');
  });
  it('gives anything else thrown its plain text', () => {
    expect(errorText('plain')).toBe('plain');
    expect(errorText(42)).toBe('42');
    expect(errorText({ message: 'from a worker' })).toBe('from a worker');
    expect(errorText(undefined)).toBe('undefined');
  });
});
