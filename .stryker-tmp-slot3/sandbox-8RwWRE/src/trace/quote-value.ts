/**
 * A found value as an error message quotes it: scalars as JSON (cut at 60 characters), containers by
 * their kind only — stringifying a hostile value (4,000 levels deep, megabytes long) would be the crash.
 */
// @ts-nocheck

export function quoteValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return (JSON.stringify(value) ?? String(value)).slice(0, 60);
}
