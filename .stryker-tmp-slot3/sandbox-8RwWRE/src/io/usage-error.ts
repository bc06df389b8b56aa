/** Bad input or usage: the CLI prints the message and exits 2. Messages name the file, field and expectation. */
// @ts-nocheck

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
