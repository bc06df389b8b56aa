/** The encrypted channel: record content sealed per account (see payload.ts). */
// @ts-nocheck

export * from './payload.ts';
