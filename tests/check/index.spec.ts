import { describe, expect, it } from 'vitest';
import { CHECKER_IDS, CHECKERS, checkRun, DETERMINISM_PROPERTY } from '../../src/check/index.ts';
import { trace } from './_internals/build.ts';

const DESIGN_IDS = ['engine-error', 'commit-immediate', 'non-blocking', 'no-silent-rollback', 'convergence', 'lww-winner', 'no-duplicates', 'delete-semantics', 'durability', 'token-expiry', 'exposure-offline', 'exposure-metadata', 'exposure-content', 'causal-lww', 'sync-state-disclosure', 'conflict-log', 'stamp-order', 'redownload', 'backoff-reset', 'stored-promptly', 'pending-drains', 'damaged-requests', 'remote-actions', 'server-tokens', 'stamp-time', 'input-refusal', 'retry-pacing', 'cloud-backups', 'snapshot-damage', 'received-promptly', 'journal-read', 'status-fields', 'retry-growth', 'account-deletion', 'determinism'];

describe('checker registry', () => {
  it('covers every property of the DESIGN table, each with a title and a property text', () => {
    expect([...CHECKERS.map((c) => c.id), DETERMINISM_PROPERTY.id]).toEqual(DESIGN_IDS);
    for (const c of CHECKERS) expect(c.title.length * c.property.length).toBeGreaterThan(0);
  });
  it('holds exactly one checker per spec id, in the spec\'s order', () => {
    expect(CHECKERS.map((c) => c.id)).toEqual([...CHECKER_IDS]);
  });
  it('checkRun runs the named checkers only', () => {
    const t = trace({ t: 1, kind: 'local-write', device: 'a', op: 'create', recordId: 'a/r1', ok: false, wallMs: 0 });
    expect(checkRun({ trace: t, serverState: {}, stampMode: 'hlc' }, ['non-blocking']).map((v) => v.checker)).toEqual(['non-blocking']);
    expect(checkRun({ trace: t, serverState: {}, stampMode: 'hlc' }, ['exposure-offline'])).toEqual([]);
  });
});
