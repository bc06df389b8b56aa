/**
 * The one way a caught error becomes text for a message: an Error gives its message, anything else
 * thrown (a string, a number, an object with a `message`) its plain text. Callers add what they were
 * doing and with which file or flag; this adds nothing.
 */
// @ts-nocheck

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  return String(error);
}
