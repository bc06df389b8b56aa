/**
 * The account-deletion epilogue (accountDeletionPercent, off by default). A run that went quiet
 * (every op stored, every device holding the same records, no action left) draws whether it goes on:
 * the quiet point's state is recorded on a `phase: 'deletion'` marker (the end-state checkers judge
 * it, as they judge run-end in a run without an epilogue), then one running device asks the server to
 * delete the account and the run goes on for `DELETION_EPILOGUE_MS` with the network healed, so
 * what the spec asks after a deletion can be judged (src/check/account-deletion.ts):
 * - the deleting device's request may have its answer lost after the server applied it (a
 *   `timeout-after-apply`), so it retries and is answered `account-deleted`;
 * - the deleting device may crash at once, the deletion still unfinished in its snapshot, and restart
 *   a second later;
 * - every device asks a backup within the first 3 s, before or after the deletion lands;
 * - one device asks the server for a new session (a token renewal), which the built-in server refuses
 *   for a deleted account: recorded as `token` `refused` with the server's reason;
 * - half the time one other device crashes 4-8 s in, after its backup was answered (an unfinished
 *   action of a device told `account-deleted` fails with that error, and stays in the engine's list),
 *   and restarts a second later: its snapshot holds what it kept of those actions, and restore must take it.
 * Everything is drawn from the stream `faults/account-deletion` (the last crash from
 * `faults/account-deletion/told-crash`, after the others), only when the knob is on, so a run
 * without it draws nothing and its trace is unchanged. The schedule events go through the world's
 * ordinary path, so what cannot take effect (a backup on a crashed device) is a `schedule-skip`.
 */
import type { QuietState } from '../trace/events.ts';
import { errorText } from '../io/error-text.ts';
import { EngineError } from './engine-guard.ts';
import type { Step } from './engine-call.ts';
import type { DeviceHost } from './host.ts';
import { RandomStream } from './random.ts';
import type { ScheduleEvent } from './schedule.ts';
import { deviceOf } from './sim-context.ts';
import type { SimContext } from './sim-context.ts';

/** The stream of the crash of a device told the account is deleted (drawn after `faults/account-deletion`'s draws). */
export const DELETION_CRASH_STREAM = 'faults/account-deletion/told-crash';
/** When, after the deletion is asked for, a device told of it may crash (ms): after every backup was asked (≤ 3 s) and answered. */
export const TOLD_CRASH_MIN_MS = 4_000;
export const TOLD_CRASH_MAX_MS = 8_000;

/** How long the run goes on after the deletion is asked for (simulated ms). */
export const DELETION_EPILOGUE_MS = 30_000;

export class DeletionEpilogue {
  private drawn = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly host: DeviceHost,
  ) {}

  /**
   * At a quiet point: the end of the run (µs) when an epilogue starts now (its events queued, the
   * marker recorded), or null when the run ends here. Draws once per run, and only when the knob is on.
   */
  start(quiet: QuietState): number | null {
    const { ctx } = this;
    const percent = ctx.options.accountDeletionPercent;
    if (this.drawn || percent === 0) return null;
    this.drawn = true;
    const rng = new RandomStream(ctx.options.seed, 'faults/account-deletion');
    const running = [...ctx.devices.values()].filter((d) => d.reconciler !== null);
    if (!rng.chance(percent) || running.length === 0) return null;
    ctx.recorder.emit({ kind: 'phase', phase: 'deletion', quiet });
    const deleter = running[rng.int(0, running.length - 1)]!.id;
    const atMs = ctx.nowUs / 1000;
    const at = (e: ScheduleEvent, delayMs: number): void => ctx.queue.push(ctx.nowUs + delayMs * 1000, { k: 'schedule', e: { ...e, atMs: atMs + delayMs } as ScheduleEvent });
    if (rng.chance(50)) at({ atMs, device: deleter, action: 'timeout-after-apply', of: 'admin' }, 0);
    at({ atMs, device: deleter, action: 'admin', adminAction: 'delete-account' }, 0);
    if (rng.chance(50)) {
      at({ atMs, device: deleter, action: 'crash', point: 'now' }, 0);
      at({ atMs, device: deleter, action: 'restart' }, 1000);
    }
    for (const device of ctx.devices.keys()) at({ atMs, device, action: 'backup' }, rng.int(0, 3000));
    const renewing = [...ctx.devices.keys()][rng.int(0, ctx.devices.size - 1)]!;
    ctx.queue.push(ctx.nowUs + rng.int(1000, 4000) * 1000, { k: 'epilogue-renew', device: renewing });
    // Drawn after the draws above, from a stream of its own, so they stay as they were.
    const told = [...ctx.devices.keys()].filter((d) => d !== deleter);
    const crashes = new RandomStream(ctx.options.seed, DELETION_CRASH_STREAM);
    if (told.length > 0 && crashes.chance(50)) {
      const device = told[crashes.int(0, told.length - 1)]!;
      const delayMs = crashes.int(TOLD_CRASH_MIN_MS, TOLD_CRASH_MAX_MS);
      at({ atMs, device, action: 'crash', point: 'now' }, delayMs);
      at({ atMs, device, action: 'restart' }, delayMs + 1000);
    }
    return ctx.nowUs + DELETION_EPILOGUE_MS * 1000;
  }

  /** A new session for the device; a server that refuses it (a deleted account) is in the trace with its reason. */
  *renew(deviceId: string): Step<void> {
    const device = deviceOf(this.ctx, deviceId);
    try {
      if (!(yield* this.host.renewToken(device))) this.host.skip(device, { action: 'token-renew', atMs: this.ctx.nowUs / 1000 }, { code: 'lifecycle-rejected', reason: 'the token model refused a renewal now' });
    } catch (error) {
      // The server's refusal to issue (a deleted account): the built-in one throws it as is, an engine's
      // own server as an EngineError of server.issueToken (server-port.ts); any other engine fault ends the run.
      if (error instanceof EngineError && error.call !== 'server.issueToken') throw error;
      this.ctx.recorder.emit({ kind: 'token', device: deviceId, state: 'refused', reason: error instanceof EngineError ? error.message : errorText(error) });
    }
  }
}
