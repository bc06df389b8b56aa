/**
 * Every knob of a simulated run in one documented object, units last in the names.
 *
 * Rates are per simulated hour (per device where it says so), percentages are 0–100, times are
 * simulated milliseconds. `resolveSimOptions` validates any input (CLI flags, a YAML/JSON file, a
 * swarm profile draw) against the strict schema, fills defaults, and names the field on error.
 */
import { z } from 'zod';
import type { SyncPolicy } from '../reconciler/types.ts';

const percent = z.number().min(0).max(100);
const nonNegInt = z.number().int().min(0);
const posInt = z.number().int().min(1);
const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** Bounds of the time knobs: a run is at most 30 days of faults, a clock at most a year off. */
const upTo30Days = (n: z.ZodNumber) => n.max(30 * DAY_MS);
const upToAYear = (n: z.ZodNumber) => n.max(365 * DAY_MS);

export const simOptionsSchema = z
  .object({
    /** Root seed; every random stream derives from it. */
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    /** Number of devices sharing one account (ids a, b, c, ...). */
    devices: z.number().int().min(1).max(26).default(3),
    /** Length of the fault phase (workload and faults on). */
    durationMs: upTo30Days(posInt).default(120_000),
    /** `hlc` (hybrid logical clock) or `wall` (raw device wall clock) stamps. */
    stampMode: z.enum(['hlc', 'wall']).default('hlc'),

    // Workload.
    /** User operations per minute, all devices together. */
    opsPerMinute: z.number().min(0).max(100_000).default(60),
    createPercent: percent.default(25),
    editPercent: percent.default(45),
    deletePercent: percent.default(8),
    readPercent: percent.default(22),
    /** Share of those reads that read the whole local journal (`list()`, schedule action `read-journal`) instead of one entry; judged by journal-read. */
    journalReadPercent: percent.default(0),
    /** Edits and deletes go to one of the first `hotRecords` records with `hotPercent` probability. */
    hotRecords: posInt.max(1000).default(4),
    hotPercent: percent.default(70),

    // Connectivity.
    /** Share of devices that start offline / intermittent (the rest start online). */
    offlinePercent: percent.default(30),
    intermittentPercent: percent.default(30),
    /** Connectivity mode changes per device per hour. */
    modeChangesPerHour: z.number().min(0).max(10_000).default(60),
    /** Mean time between link flips while intermittent. */
    intermittentFlapMs: posInt.max(HOUR_MS).default(2_000),
    /**
     * Brief disconnects per device per hour (connectivity-blips.ts; off by default): a phone changing
     * cell or Wi-Fi network, a tunnel. The device goes offline for a length drawn in
     * [connectivityBlipMinMs, connectivityBlipMaxMs], then back to the mode it was in.
     */
    connectivityBlipsPerHour: z.number().min(0).max(10_000).default(0),
    connectivityBlipMinMs: posInt.max(HOUR_MS).default(200),
    connectivityBlipMaxMs: posInt.max(HOUR_MS).default(3_000),

    // Network.
    latencyMinMs: nonNegInt.max(HOUR_MS).default(5),
    latencyMaxMs: nonNegInt.max(HOUR_MS).default(80),
    lossPercent: percent.default(3),
    duplicatePercent: percent.default(2),
    /** Share of messages held back by an extra delay of up to 3× latencyMaxMs (reordering). */
    reorderPercent: percent.default(5),
    /** Share of requests the server applies whose response is then lost (one-way failure). */
    oneWayFailurePercent: percent.default(2),
    /** The transport gives up on a request (reconciler.fail) after this long without a response. */
    requestTimeoutMs: upTo30Days(posInt).default(2_000),
    partitionsPerHour: z.number().min(0).max(10_000).default(6),
    partitionDurationMs: upTo30Days(posInt).default(15_000),
    serverOutagesPerHour: z.number().min(0).max(10_000).default(3),
    serverOutageDurationMs: upTo30Days(posInt).default(10_000),

    // Device faults.
    /** Crashes per device per hour (at a random point: now, after a push is sent, before a pull is applied). */
    crashesPerHour: z.number().min(0).max(10_000).default(6),
    restartDelayMs: upTo30Days(nonNegInt).default(3_000),
    /** Server-side session lifetime. */
    tokenTtlMs: upToAYear(posInt).default(24 * 3600_000),
    /** Forced token expiries per device per hour (re-auth follows after tokenRenewDelayMs). */
    tokenExpiriesPerHour: z.number().min(0).max(10_000).default(6),
    tokenRenewDelayMs: upTo30Days(nonNegInt).default(20_000),

    // Clocks.
    /** True time zero of the run as a Unix time in ms (default 2026-03-17T00:00:00Z): device clocks read real dates. */
    clockEpochMs: z.number().int().min(0).max(4_102_444_800_000).default(1_773_705_600_000),
    /** Each device clock starts up to ± this far from true time. */
    clockOffsetMaxMs: upToAYear(nonNegInt).default(2_000),
    /** Each device clock runs fast or slow by up to ± this many parts per million. */
    driftPpmMax: nonNegInt.max(1_000_000).default(200),
    clockJumpsPerHour: z.number().min(0).max(10_000).default(3),
    clockJumpMaxMs: upToAYear(nonNegInt).default(5_000),
    /** Share of a device's edits and deletes of a record it wrote before, just before which its clock goes back to the reading of its latest write of that record (half the time that very reading, half one clock step below it); clock-rewind.ts. */
    clockRewindPercent: percent.default(0),
    /** Share of those rewound writes after which the device crashes at once and restarts (before it can pull). */
    crashAfterRewindPercent: percent.default(0),

    // Ties (off by default; a run that leaves them at 0 is the run it was before they existed).
    /** Share of devices whose clock reads in coarse steps, each drawing one of 1, 10, 100 or 1000 ms (or quantisedClockStepMs). */
    quantisedClockPercent: percent.default(0),
    /** The step every coarse clock reads in, instead of one drawn per device (unset: drawn). */
    quantisedClockStepMs: z.union([z.literal(10), z.literal(100), z.literal(1000)]).optional(),
    /** Share of devices (after the first) whose clock is exactly the first device's: its offset, drift and step (they draw no step of their own). */
    sharedClockPercent: percent.default(0),
    /** Share of user edits that come as a burst: every other device edits the same record in the same ms. */
    burstPercent: percent.default(0),
    /** Chance that a user edits a record right after a pull changed it on their device (same instant, same device ms). */
    editAfterPullPercent: percent.default(0),
    /** Chance that a user writes a new entry right after a pull changed a record on their device (same instant, same device ms). */
    createAfterPullPercent: percent.default(0),
    /** Share of user writes whose ack pokes another device: at the writer's next ack, one other device (drawn) syncs at once, as an app relaying a server's poke does. */
    pokeAfterAckPercent: percent.default(0),

    // Protocol-relative placement (off by default): schedule `on` triggers drawn by the swarm.
    /** Share of user edits and deletes placed at a protocol moment of their device (its next pull or push in flight, ack, or outbox draining) instead of a wall time. */
    relativeEditPercent: percent.default(0),
    /** Faults per device per hour placed at a protocol moment of the device: a server restart or outage, a crash, or a request applied whose answer is lost. */
    relativeFaultsPerHour: z.number().min(0).max(10_000).default(0),
    /** Token renewals per device per hour placed while the device's next request (of any kind) is in flight; half rotate the session (the server ends the old token's session as it gives the new one). */
    relativeRenewalsPerHour: z.number().min(0).max(10_000).default(0),
    /** Forced sign-outs per device per hour placed the instant the device's next request reaches the server, just before the server handles it; half end only the current session. */
    relativeSignOutsPerHour: z.number().min(0).max(10_000).default(0),
    /** Crashes per device per hour placed while one of the device's remote actions (a backup or admin request) is on the wire (`on action-in-flight`), so the durable snapshot holds an action in flight; the device restarts `restartDelayMs` after the trigger was armed (if it crashed by then; else at the heal). */
    actionCrashesPerHour: z.number().min(0).max(10_000).default(0),
    /** Share of forced token expiries (tokenExpiriesPerHour) where the server ends only the session of the token the device was last given, not every session of the device (a sign-out). */
    sessionRevokePercent: percent.default(0),

    // Server faults (off by default, like the tie knobs).
    /** Share of pushes the server applies only in part: it stores a prefix, then acks just that or fails. */
    partialApplyPercent: percent.default(0),
    /** Share of push acknowledgements held back past the request timeout (they arrive after the retry, out of order). */
    slowAckPercent: percent.default(0),
    /** Share of requests of every type (push, pull, backup, admin) the built-in server sheds as busy: it answers `unavailable` and stores or changes nothing. */
    serverBusyPercent: percent.default(0),
    /** Share of backup requests the built-in server refuses for good as over the account's backup quota (`bad-request`, after checking them; nothing stored): the matrix lets such a backup fail, with its reason disclosed. */
    backupQuotaRefusalPercent: percent.default(0),
    /** Server restarts per hour: nothing durable is lost; every connection resets (in-flight messages lost, waiting devices told `connection-reset`). */
    serverRestartsPerHour: z.number().min(0).max(10_000).default(0),
    /** Share of requests also delivered to the server as a damaged copy (a broken or hostile client on the account; request-damage.ts): the real request travels untouched, the copy must be refused. Only for a server speaking sync-lab's protocol. */
    damagedRequestPercent: percent.default(0),
    /**
     * Share of backup and admin requests also delivered as a damaged copy whose damage hits that kind's
     * own fields (its ciphertext or action, or the other kind's type; request-damage.ts
     * `remoteActionDamagesFor`). These kinds are a small share of all requests, so damagedRequestPercent
     * alone seldom damages them where it matters. Drawn from a stream of its own, only for a request
     * damagedRequestPercent left undamaged. Only for a server speaking sync-lab's protocol.
     */
    damagedRemoteActionPercent: percent.default(0),
    /** Share of pull answers carrying another device's ops in which one such op's ciphertext is damaged in transit (answer-damage.ts; the server's copy is intact, a later pull brings it). Only for a server speaking sync-lab's protocol. */
    damagedPulledOpPercent: percent.default(0),

    // Liveness and efficiency bounds: read only by their checkers (from the trace's run-start); unset, the checker is off.
    /** redownload: ops a device may download twice (an answer it received already carried them). */
    redownloadBoundOps: nonNegInt.max(1_000_000).optional(),
    /** backoff-reset: the first failure after a success must be retried within this many ms. */
    backoffResetBoundMs: upTo30Days(posInt).optional(),
    /** stored-promptly: while the link is stably up, a local write must be stored on the server within this many ms. */
    storedWithinBoundMs: upTo30Days(posInt).optional(),
    /** pending-drains: this many ms after the heal, every device's pending count is zero and its writes are on the server. */
    pendingDrainBoundMs: upTo30Days(posInt).optional(),
    /** remote-actions: while the link is stably up, a remote action (backup, admin) the user asks for is done within this many ms. */
    remoteActionWithinBoundMs: upTo30Days(posInt).optional(),
    /** retry-pacing: after a request fails (timeout, connection reset, refusal), the device sends nothing for at least this many ms. */
    retryMinDelayMs: upTo30Days(posInt).optional(),
    /** retry-growth: from this consecutive failure on (the n-th in a row, no success or reason of the device's own between), the wait before the next request is at least retryGrowthMinDelayMs. */
    retryGrowthAfterFailures: z.number().int().min(2).max(1000).optional(),
    /** retry-growth: the least wait (ms) before the next request after the retryGrowthAfterFailures-th consecutive failure and every later one. */
    retryGrowthMinDelayMs: upTo30Days(posInt).optional(),
    /** received-promptly: while a device's link is calm, a write stored on the server is held by the device within this many ms of being stored. */
    receiveWithinBoundMs: upTo30Days(posInt).optional(),
    /** account-deletion: requests a device may send after the server first told it the account is deleted (since its latest start). */
    requestsAfterDeletionBound: nonNegInt.max(1_000_000).optional(),
    /** received-promptly: a device that comes calm again (reconnect, restart with the link up, renewed token) holds every write stored by then within this many ms. */
    receiveAfterReconnectBoundMs: upTo30Days(posInt).optional(),

    // Remote capabilities.
    /** Optional cloud backups requested per device per hour. */
    backupsPerHour: z.number().min(0).max(10_000).default(2),
    /**
     * Backup admin actions (the user removes the account's stored backups) requested per device per
     * hour; off by default. Account deletion is drawn apart, once, after the run went quiet
     * (accountDeletionPercent): before that point the end-state checkers could not hold for any engine.
     */
    adminActionsPerHour: z.number().min(0).max(10_000).default(0),
    /**
     * Percent of the runs that go quiet which then get an account-deletion epilogue
     * (src/sim/deletion-epilogue.ts): a device asks the server to delete the account and the run goes
     * on for a while; the end-state checkers judge the quiet point. Off by default (0: nothing drawn).
     */
    accountDeletionPercent: z.number().int().min(0).max(100).default(0),

    // User input probes (off by default: no stream is drawn, so runs without them keep their schedules).
    /**
     * Input probes per device per hour (src/sim/input-probe.ts): the app hands the engine input outside
     * the record contract, which it must refuse with a reason and without changing anything, or a
     * create with a value of every allowed type, which it must store as written.
     */
    userInputProbesPerHour: z.number().min(0).max(10_000).default(0),

    // Liveness phase.
    /** After the fault phase: heal, then run at most this long for the system to go quiet and converge. */
    quiescenceMs: upTo30Days(posInt).default(120_000),
    /** Period of the clock-offset samples in the trace (0: only at start and on jumps). */
    clockSampleMs: upTo30Days(nonNegInt).default(10_000),

    // Engine knobs (absent by default: the engine's own policy, and traces stay as they were).
    /**
     * Sync policy handed to every device's engine (`ReconcilerOptions.policy`): most ops per push,
     * pull limit, pull interval, first and largest backoff. Only for engines that declare
     * `capabilities.syncPolicy`; any other engine is refused (exit 2) rather than silently ignoring it.
     */
    syncPolicy: z
      .object({
        maxPushBatch: posInt.max(100_000).optional(),
        pullLimit: posInt.max(100_000).optional(),
        pullIntervalMs: upTo30Days(posInt).optional(),
        backoffInitialMs: upTo30Days(posInt).optional(),
        backoffMaxMs: upTo30Days(posInt).optional(),
      })
      .strict()
      .optional(),
    /** Record each create's schedule ref name in its local-write event (`ref`), for pages and reports. Off by default. */
    traceRefs: z.boolean().optional(),
    /**
     * The event budget (src/sim/event-budget.ts), in simulated events per simulated second of the run
     * (durationMs + quiescenceMs): past it the engine kept the world busy (a livelock) and the run ends
     * with an `engine-error` finding (call `event-budget`). 0: no budget. Recorded in run-start only
     * when not the default.
     */
    eventBudgetPerSimSecond: nonNegInt.max(1_000_000).default(1000),
    /**
     * The idle-wake bound (src/sim/idle-wakes.ts), in wake-ups per device per simulated second: at
     * most this many wake-ups a device asked for (nextWakeMs) after which it sent no request, within
     * any one second of true time; past it the device busy-waits (a drained battery) and the run
     * ends with an `engine-error` finding (call `idle-wakes`). 0: no bound (off by default; the
     * profiles set it). At most 1,000: a wake asked for now comes 1 ms later, so about 1,000 a
     * second is all a device can be woken.
     */
    idleWakesPerDeviceSecondMax: nonNegInt.max(1000).default(0),

    // Durable state (off by default: no stream is drawn, so runs without it keep their traces).
    /**
     * Share of restarts (before the heal) at which the device's storage first hands restore a damaged
     * copy of its durable snapshot (src/sim/snapshot-damage.ts: structural damage only). A refusal
     * is what a careful engine does (the device then restores its intact copy); an accepted copy must
     * restore the same versions and pending ops as the intact one (checker snapshot-damage).
     */
    userStorageDamagePercent: percent.default(0),
  })
  .strict();

export type SimOptions = z.infer<typeof simOptionsSchema>;

/**
 * Knobs added after traces were pinned by hash. The trace's run-start lists them only when one is
 * not at its default, so a run that leaves them off keeps its old trace byte for byte.
 */
export const OFF_BY_DEFAULT_KNOBS = ['quantisedClockPercent', 'sharedClockPercent', 'burstPercent', 'editAfterPullPercent', 'createAfterPullPercent', 'pokeAfterAckPercent', 'partialApplyPercent', 'slowAckPercent', 'serverRestartsPerHour', 'relativeEditPercent', 'relativeFaultsPerHour', 'damagedRequestPercent', 'adminActionsPerHour', 'eventBudgetPerSimSecond', 'idleWakesPerDeviceSecondMax', 'userInputProbesPerHour', 'userStorageDamagePercent', 'damagedPulledOpPercent', 'journalReadPercent', 'relativeRenewalsPerHour', 'sessionRevokePercent', 'relativeSignOutsPerHour', 'connectivityBlipsPerHour', 'connectivityBlipMinMs', 'connectivityBlipMaxMs', 'damagedRemoteActionPercent', 'accountDeletionPercent', 'clockRewindPercent', 'crashAfterRewindPercent', 'serverBusyPercent', 'backupQuotaRefusalPercent', 'actionCrashesPerHour'] as const satisfies readonly (keyof SimOptions)[];

/** The options as the trace's run-start records them (off-by-default knobs only when set). */
export function recordedOptions(options: SimOptions): Record<string, unknown> {
  const out: Record<string, unknown> = { ...options };
  for (const key of OFF_BY_DEFAULT_KNOBS) if (out[key] === DEFAULT_SIM_OPTIONS[key]) delete out[key];
  return out;
}
export type SimOptionsInput = z.input<typeof simOptionsSchema>;

export const DEFAULT_SIM_OPTIONS: SimOptions = simOptionsSchema.parse({});

/** Bad options: the message names the source, the field and what was expected. */
export class OptionsError extends Error {
  readonly source: string;
  readonly field: string;
  readonly expected: string;
  constructor(source: string, field: string, expected: string) {
    super(`${source}: field "${field}": ${expected}`);
    this.name = 'OptionsError';
    this.source = source;
    this.field = field;
    this.expected = expected;
  }
}

/**
 * The options the cross-field rules of `resolveSimOptions` read. Each rule is monotone in each of
 * them (a sum, a difference, a product with a positive number), so over a box of ranges the worst
 * case is at a corner: `profile.ts` checks a profile's ranges at every corner of these fields.
 */
export const CROSS_FIELD_OPTIONS = [
  'latencyMinMs',
  'latencyMaxMs',
  'requestTimeoutMs',
  'opsPerMinute',
  'createPercent',
  'editPercent',
  'deletePercent',
  'readPercent',
  'offlinePercent',
  'intermittentPercent',
  'connectivityBlipMinMs',
  'connectivityBlipMaxMs',
  'quantisedClockPercent',
] as const satisfies readonly (keyof SimOptions)[];

export function resolveSimOptions(input: unknown, source: string): SimOptions {
  const parsed = simOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    let field = issue.path.map(String).join('.');
    let expected = issue.message;
    if (issue.code === 'unrecognized_keys') {
      field = issue.keys.join(', ');
      expected = `unknown option (known options: ${Object.keys(simOptionsSchema.shape).join(', ')})`;
    }
    throw new OptionsError(source, field || '(root)', expected);
  }
  const options = parsed.data;
  if (options.latencyMaxMs < options.latencyMinMs) {
    throw new OptionsError(source, 'latencyMaxMs', `must be >= latencyMinMs (${options.latencyMinMs}), got ${options.latencyMaxMs}`);
  }
  if (options.requestTimeoutMs <= 2 * options.latencyMaxMs) {
    throw new OptionsError(source, 'requestTimeoutMs', `must exceed a worst-case round trip (2 × latencyMaxMs = ${2 * options.latencyMaxMs} ms), got ${options.requestTimeoutMs}: every request would time out before its answer arrives`);
  }
  const mix = options.createPercent + options.editPercent + options.deletePercent + options.readPercent;
  if (options.opsPerMinute > 0 && mix <= 0) {
    throw new OptionsError(source, 'createPercent', 'the workload mix (create/edit/delete/read percents) must not be all zero');
  }
  const policy = options.syncPolicy;
  if (policy?.backoffInitialMs !== undefined && policy.backoffMaxMs !== undefined && policy.backoffMaxMs < policy.backoffInitialMs) {
    throw new OptionsError(source, 'syncPolicy.backoffMaxMs', `must be >= syncPolicy.backoffInitialMs (${policy.backoffInitialMs}), got ${policy.backoffMaxMs}`);
  }
  if (options.connectivityBlipMaxMs < options.connectivityBlipMinMs) {
    throw new OptionsError(source, 'connectivityBlipMaxMs', `must be >= connectivityBlipMinMs (${options.connectivityBlipMinMs}), got ${options.connectivityBlipMaxMs}`);
  }
  if (options.quantisedClockStepMs !== undefined && options.quantisedClockPercent <= 0) {
    throw new OptionsError(source, 'quantisedClockStepMs', `is ${options.quantisedClockStepMs} ms, but no clock is coarse (quantisedClockPercent 0), so no clock would read in it; expected quantisedClockPercent above 0, or no quantisedClockStepMs`);
  }
  if (options.offlinePercent + options.intermittentPercent > 100) {
    throw new OptionsError(source, 'intermittentPercent', 'offlinePercent + intermittentPercent must be <= 100');
  }
  return options;
}

/** The options' sync policy as the engine's `policy` (fields left out stay the engine's own). */
export function syncPolicyOf(policy: NonNullable<SimOptions['syncPolicy']>): Partial<SyncPolicy> {
  const out: { -readonly [K in keyof SyncPolicy]?: number } = {};
  for (const key of ['maxPushBatch', 'pullLimit', 'pullIntervalMs', 'backoffInitialMs', 'backoffMaxMs'] as const) {
    const value = policy[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
