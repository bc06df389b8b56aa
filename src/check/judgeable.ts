/**
 * What each checker needs the trace to hold before its silence means anything. A trace recorded by a
 * real app may log less than the simulator does; a checker whose facts are missing would find nothing
 * and so "pass" vacuously. `judgeability` says, per checker, whether the trace can be judged by it and,
 * when not, why: such a checker is reported "not judged", never passed (docs/trace-format.md lists the
 * same table for people writing recorders).
 *
 * A kind counts as logged when the trace holds at least one event of it, or when `run-start.logs`
 * lists it (a recorder declaring "I log conflicts; there were none").
 */
import type { ProtocolFacts, TraceEvent, TraceKind } from '../trace/events.ts';
import type { CheckerId } from '../spec/checker-ids.ts';
import { CHECKER_IDS } from '../spec/checker-ids.ts';

/** The event kinds each checker reads; all must be logged for its verdict to mean anything. */
export const CHECKER_NEEDS: Record<CheckerId, readonly TraceKind[]> = {
  'engine-error': ['run-start'],
  'commit-immediate': ['local-write', 'local-read'],
  'non-blocking': ['local-write', 'local-read'],
  'no-silent-rollback': ['local-write', 'local-read', 'merge'], // conflict entries read when there are any (sequential writes need none)
  convergence: ['local-write', 'run-end'],
  'lww-winner': ['local-write', 'merge'],
  'no-duplicates': ['local-write', 'server-apply', 'run-end'],
  'delete-semantics': ['local-write', 'merge'],
  durability: ['local-write', 'run-end'], // and `restart` when the trace logs crashes (below)
  'token-expiry': ['token', 'local-write', 'local-read'],
  'exposure-offline': ['connectivity', 'msg-send'],
  'exposure-metadata': ['msg-send'],
  'exposure-content': ['local-write', 'msg-send'],
  'causal-lww': ['local-write', 'merge'],
  'sync-state-disclosure': ['status', 'connectivity', 'msg-send'],
  // Both read which version each write was editing (local-write `base`: without it every replacement
  // counts as concurrent) and the merges; conflict entries are read when there are any (a run whose
  // writes were all sequential has none, and a missing entry is what conflict-log reports).
  'conflict-log': ['local-write', 'merge'],
  'stamp-order': ['local-write', 'merge'],
  // Off unless run-start's options set their bound; then they read the requests and their answers
  // (a request-fail is read when there is one: a run without failures has none to log).
  redownload: ['run-start', 'msg-send', 'msg-deliver'],
  'backoff-reset': ['run-start', 'msg-send', 'msg-deliver'],
  // Also off unless their bound is set: writes and what the server stored; pending-drains also the heal.
  'stored-promptly': ['run-start', 'local-write', 'server-apply', 'msg-send', 'connectivity'],
  'pending-drains': ['run-start', 'phase', 'local-write', 'server-apply'],
  // Damaged copies and their fate are read when there are any; what devices pushed and what the server stored or handed out always.
  'damaged-requests': ['msg-send'],
  // The requests and answers that account for actions; the actions asked for (`remote-action`) and their
  // disclosed states (`status`) too when the trace holds a backup or admin request (below): a run that
  // asked for none has nothing to account for.
  'remote-actions': ['run-start', 'msg-send', 'msg-deliver', 'connectivity'],
  // The forced sign-outs and renewals, and the requests (their tokens) the server answered.
  'server-tokens': ['run-start', 'token', 'msg-send', 'server-apply'],
  // The writes alone: each carries its stamp and the clock reading it was made at (run-start for the stamp mode).
  'stamp-time': ['run-start', 'local-write'],
  // Off unless the run made input probes (userInputProbesPerHour), like the bounds above: it reads their `input-probe` events.
  'input-refusal': ['run-start'],
  // Off unless run-start's options set retryMinDelayMs; reads requests, answers and failures like backoff-reset.
  'retry-pacing': ['run-start', 'msg-send', 'msg-deliver'],
  // The backup and admin requests, their delivery, the server's handling and answers (and the final server state when given).
  'cloud-backups': ['run-start', 'msg-send', 'msg-deliver', 'server-apply'],
  // Off unless the run offered damaged snapshots (userStorageDamagePercent): it reads their `snapshot-damage` events and the restarts after them.
  'snapshot-damage': ['run-start'],
  // Off unless run-start's options set receiveWithinBoundMs or receiveAfterReconnectBoundMs; times stored writes to the merges that bring them.
  'received-promptly': ['run-start', 'local-write', 'server-apply', 'merge', 'msg-send', 'connectivity'],
  // Off unless the run read the whole journal (`read-journal`, journalReadPercent, or a parity cell), like input-refusal:
  // it reads their `local-list` events and the writes, reads, merges and restarts before them.
  'journal-read': ['run-start'],
  // The disclosed status against the requests, answers and failures (clock-lead refusals against the pull answers' stamps).
  'status-fields': ['status', 'msg-send', 'msg-deliver', 'connectivity'],
  // Off unless run-start's options set retryGrowthAfterFailures and retryGrowthMinDelayMs; reads what retry-pacing reads.
  'retry-growth': ['run-start', 'msg-send', 'msg-deliver'],
  // The admin requests and every answer after an accepted deletion, their delivery, the actions' states and run-end (and the final server state when given).
  'account-deletion': ['run-start', 'msg-send', 'msg-deliver', 'status', 'run-end'],
};

export type Judgeability = { judged: true } | { judged: false; reason: string };

/**
 * Checkers that read sync-lab's wire format (core/wire.ts): the bodies of push, pull and ack messages.
 * For an engine's own protocol (run-start.protocol) they cannot be judged: what they need is not in
 * any generic fact. Every other checker reads engine facts (local writes, merges, status, versions) and
 * generic message events (sends, deliveries, drops, failures), so it judges any protocol.
 */
export const WIRE_FORMAT_READERS: Readonly<Partial<Record<CheckerId, string>>> = {
  redownload: 'it reads the op ids inside pull answers of sync-lab\'s protocol',
  'backoff-reset': "it reads the ok/error fields of sync-lab's answers (an `unavailable` refusal starts a backoff)",
  'retry-pacing': "it reads the ok/error fields of sync-lab's answers (a refusal is a failed request)",
  'retry-growth': "it reads the ok/error fields of sync-lab's answers (a refusal is a failed request)",
  'sync-state-disclosure': "it reads which op ids sync-lab's push answers acknowledge",
  'remote-actions': "it reads the type and action of sync-lab's backup and admin requests and the ok/error of their answers",
  'server-tokens': "it reads the token inside sync-lab's requests and knows the built-in server's session rules",
  'cloud-backups': "it reads sync-lab's backup and admin requests and answers and knows the built-in server's backup retention",
  'account-deletion': "it reads sync-lab's admin requests and the ok/error of every answer, and the built-in server's state",
};

/** The name an engine's own server declares when it speaks sync-lab's protocol (core/wire.ts); its traces are judged by damaged-requests. */
const SYNC_LAB_PROTOCOL_NAME = 'sync-lab';

/** Checkers that read which writes the server holds (run-end.serverLog): judged for an engine's own server only with `storedVersions()`. */
export const SERVER_LOG_READERS: readonly CheckerId[] = ['convergence', 'durability', 'token-expiry', 'no-duplicates'];

/** Per checker, why an engine's own protocol keeps it from being judged (empty for sync-lab's protocol). */
export function protocolLimits(trace: readonly TraceEvent[]): Map<CheckerId, string> {
  const start = trace[0]?.kind === 'run-start' ? trace[0] : undefined;
  return protocolLimitsOf(start?.protocol);
}

/** `protocolLimits` from run-start's protocol facts (absent: sync-lab's protocol, every checker judged). */
export function protocolLimitsOf(protocol: ProtocolFacts | undefined): Map<CheckerId, string> {
  const out = new Map<CheckerId, string>();
  if (protocol === undefined) return out;
  for (const [id, why] of Object.entries(WIRE_FORMAT_READERS) as [CheckerId, string][]) out.set(id, `the engine speaks its own protocol (${protocol.name}) and ${why}`);
  if (protocol.name !== SYNC_LAB_PROTOCOL_NAME) out.set('damaged-requests', `the engine speaks its own protocol (${protocol.name}) and it reads sync-lab's push and pull bodies and the damaged copies of sync-lab's requests`);
  if (!protocol.storedVersions) {
    for (const id of SERVER_LOG_READERS) out.set(id, `the engine's own server (${protocol.name}) declares no storedVersions(), so which writes reached the server is not known`);
  }
  return out;
}

/** Per checker id, in registry order: can this trace be judged by it? */
export function judgeability(trace: readonly TraceEvent[]): Map<CheckerId, Judgeability> {
  const logged = new Set<string>();
  let remoteRequests = false;
  for (const e of trace) {
    logged.add(e.kind);
    if (e.kind === 'msg-send' && (e.type === 'backup' || e.type === 'admin')) remoteRequests = true;
  }
  const start = trace[0]?.kind === 'run-start' ? (trace[0] as { logs?: unknown }) : undefined;
  if (start !== undefined && Array.isArray(start.logs)) for (const k of start.logs) if (typeof k === 'string') logged.add(k);
  const out = new Map<CheckerId, Judgeability>();
  const limits = protocolLimits(trace);
  for (const id of CHECKER_IDS) {
    const limit = limits.get(id);
    if (limit !== undefined) {
      out.set(id, { judged: false, reason: limit });
      continue;
    }
    // Crashes without the restarts that follow them would hide what a restart lost.
    const needs =
      id === 'durability' && logged.has('crash')
        ? [...CHECKER_NEEDS[id], 'restart' as const]
        : id === 'remote-actions' && remoteRequests
          ? [...CHECKER_NEEDS[id], 'remote-action' as const, 'status' as const]
          : CHECKER_NEEDS[id];
    const missing = needs.filter((k) => !logged.has(k));
    if (missing.length === 0) {
      out.set(id, { judged: true });
    } else {
      const noEnd = missing.includes('run-end');
      out.set(id, {
        judged: false,
        reason: `the trace logs no ${missing.map((k) => `\`${k}\``).join(', ')} event(s)${noEnd ? ' (a trace cut short has no run-end: end-of-run properties cannot be judged)' : ''}; declare a kind in run-start.logs if it is logged but never happened`,
      });
    }
  }
  return out;
}
