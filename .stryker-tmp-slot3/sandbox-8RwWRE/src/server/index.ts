/** The sync server (see sync-server.ts). */
// @ts-nocheck

export * from './sync-server.ts';
export type { StoredOp } from './account-log.ts';
export { validateRequest } from './request-schema.ts';
export { builtinServerModule, BuiltinProtocolServer, BUILTIN_PROTOCOL_NAME } from './builtin-protocol.ts';
