/** The sync server (see sync-server.ts). */
export * from './sync-server.ts';
export type { StoredOp } from './account-log.ts';
export { validateRequest } from './request-schema.ts';
