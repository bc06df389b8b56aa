/**
 * no-duplicates: every created record exists once; retried or duplicated pushes never multiply an op.
 * The server log holds each op id once and only ops some user committed; no replica holds a record
 * that was never created. What the server declares of each message (`server-apply`, and a damaged
 * copy's `damaged-apply`: the ops it stored anew and those it recognised as already stored) must be
 * true of the trace: an op is stored anew once, and one declared already stored was declared stored
 * anew by an earlier message (the server starts empty).
 */
import { defineChecker } from './_internals/facts.ts';

export const noDuplicates = defineChecker({
  id: 'no-duplicates',
  title: 'No duplicates',
  property: 'every created record exists once; retried or duplicated pushes do not multiply it',
  check({ trace }, found, views) {
    const committed = views.committed;
    const created = new Set<string>();
    for (const { version, event } of committed.values()) if (event.op === 'create') created.add(version.id);
    const appended = new Set<string>();
    for (const e of trace) {
      if (found.full) break;
      if (e.kind === 'damaged-apply') {
        for (const opId of e.deduplicated) if (!appended.has(opId)) found.add(`server declared op ${opId} of damaged copy ${e.copyId} already stored, but no earlier message stored it; expected only stored ops declared deduplicated`, e, [e.device], []);
        for (const opId of e.appended) appended.add(opId);
        continue;
      }
      if (e.kind !== 'server-apply') continue;
      for (const opId of e.deduplicated) {
        if (appended.has(opId)) continue;
        const op = committed.get(opId);
        found.add(`server declared op ${opId} of ${e.type} request ${e.requestId} (device ${e.device}) already stored, but no earlier message stored it; expected a new op declared stored anew, and only stored ops declared deduplicated`, e, [e.device], op ? [op.version.id] : []);
      }
      for (const opId of e.appended) {
        const op = committed.get(opId);
        if (appended.has(opId)) found.add(`server appended op ${opId} a second time; expected a retried push to be deduplicated`, e, [e.device], op ? [op.version.id] : []);
        else if (!op) found.add(`server appended op ${opId} pushed by ${e.device}; expected only ops a user committed (a retry must reuse the op id)`, e, [e.device], []);
        appended.add(opId);
      }
    }
    const end = views.end;
    if (!end) return found.list;
    const seen = new Set<string>();
    for (const entry of end.serverLog) {
      if (seen.has(entry.opId)) found.add(`at the end, the server log holds op ${entry.opId} more than once`, end, [], [entry.recordId]);
      seen.add(entry.opId);
    }
    for (const [device, versions] of Object.entries(end.replicas)) {
      const ids = new Set<string>();
      for (const v of versions) {
        if (ids.has(v.id)) found.add(`at the end, device ${device} holds ${v.id} twice`, end, [device], [v.id]);
        else if (!created.has(v.id)) found.add(`at the end, device ${device} holds ${v.id}, which no user created`, end, [device], [v.id]);
        ids.add(v.id);
      }
      if (versions.length > created.size) found.add(`at the end, device ${device} holds ${versions.length} records; only ${created.size} were created`, end, [device], []);
    }
    return found.list;
  },
});
