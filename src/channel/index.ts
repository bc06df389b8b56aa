/** The encrypted channel: record content sealed per account (see payload.ts). */
export * from './payload.ts';
