// The account-deletion epilogue (src/sim/deletion-epilogue.ts) and the checkers' view of it (src/check/_internals/deletion.ts).
import { describe, expect, it } from 'vitest';
import { atQuietPoint, deletionMarker } from '../../src/check/_internals/deletion.ts';
import { simulateChecked } from '../check/_internals/build.ts';

const EPILOGUE = { accountDeletionPercent: 100, backupsPerHour: 720, adminActionsPerHour: 720, remoteActionWithinBoundMs: 5000, requestsAfterDeletionBound: 2 };

describe('the deletion epilogue', () => {
  it('records the quiet state on its marker; checkers that stop at a deletion judge the run up to it', () => {
    const run = simulateChecked(1, undefined, EPILOGUE);
    expect(run.violations).toEqual([]);
    const marker = deletionMarker(run.trace);
    expect(marker?.quiet.converged).toBe(true);
    const quiet = atQuietPoint({ trace: run.trace, serverState: undefined, stampMode: 'hlc' });
    const last = quiet.trace[quiet.trace.length - 1]!;
    expect(last).toMatchObject({ kind: 'run-end', t: marker!.t, serverLog: marker!.quiet.serverLog });
    expect(quiet.trace.some((e) => e.kind === 'phase' && e.phase === 'deletion')).toBe(false);
    // After the marker: the deletion asked for, refused sessions, and an empty server log at the end.
    expect(run.trace.some((e) => e.kind === 'remote-action' && e.action === 'delete-account' && e.state === 'done')).toBe(true);
    expect(run.trace.some((e) => e.kind === 'token' && e.state === 'refused')).toBe(true);
    expect(run.trace.at(-1)).toMatchObject({ kind: 'run-end', serverLog: [] });
  });
  it('is off by default: no marker, nothing drawn', () => {
    expect(deletionMarker(simulateChecked(1).trace)).toBeUndefined();
  });
});
