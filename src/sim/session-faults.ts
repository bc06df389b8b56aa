/**
 * One-session token faults (the server seam's optional `expireToken`): a `token-expire` with
 * `scope: 'session'` ends only the session of the token the device was last given, where a plain one
 * signs the device out (every session, host.ts expireToken); a `token-renew` with `rotate: true` ends
 * the old token's session as it gives the new one (token rotation). From the device's side both look
 * like a sign-out (the token model expires, the engine learns it from a refusal); in the trace the
 * `token` expired event says `scope: 'session'`. A server without `expireToken` gets a skip
 * (`unsupported-by-server`), never a silent sign-out in its place.
 */
import type { DeviceHost, Skip } from './host.ts';
import type { Step } from './engine-call.ts';
import { nowMs } from './sim-context.ts';
import type { SimContext } from './sim-context.ts';
import type { SimDevice } from './sim-device.ts';

function unsupported(ctx: SimContext): Skip | undefined {
  if (ctx.server.sessionRevoke) return undefined;
  const what = ctx.server.sessions ? 'no expireToken' : 'no sessions (no issueToken/expireTokensOf)';
  return { code: 'unsupported-by-server', reason: `the engine's server (${ctx.server.module.name}) has ${what}, so it cannot end one session` };
}

/** The server ends the session of the token the device was last given; its other sessions stay. */
export function revokeSession(ctx: SimContext, device: SimDevice): Skip | undefined {
  const skip = unsupported(ctx);
  if (skip) return skip;
  ctx.server.expireToken(device.token, nowMs(ctx), device.id);
  device.life.expireToken();
  ctx.recorder.emit({ kind: 'token', device: device.id, state: 'expired', scope: 'session' });
  return undefined;
}

/** Token rotation: the old token's session ends and the device is given a new token at once. */
export function* rotateToken(ctx: SimContext, host: DeviceHost, device: SimDevice): Step<Skip | undefined> {
  const skip = revokeSession(ctx, device);
  if (skip) return skip;
  return (yield* host.renewToken(device)) ? undefined : { code: 'lifecycle-rejected', reason: 'the token model refused a renewal now' };
}
