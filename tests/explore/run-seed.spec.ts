// The swarm runs what an engine cannot take at 0 (drawnForEngine): server faults its own server cannot
// take, backups for an engine that declares no backup. Explore must say so once, in its log and in the
// summary JSON, with which knobs and why: never silently.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../src/explore/profile.ts';
import { runExplore } from '../../src/explore/run-explore.ts';
import { notDrawnFor } from '../../src/explore/run-seed.ts';

const ownServer = (kindOf?: () => string) => ({ name: 'own', server: { name: 'own-protocol', ...(kindOf ? { kindOf } : {}) } }) as unknown as Parameters<typeof notDrawnFor>[1];

describe('notDrawnFor', () => {
  it('counts what a variant of the profile draws: its seeds run its knobs too', () => {
    const profile = { ...loadProfile('default'), variants: [{ name: 'busy', percent: 10, why: 'x', base: { serverBusyPercent: 90 } }] };
    expect(notDrawnFor(profile, ownServer()).find((n) => n.option === 'serverBusyPercent')?.profileMax).toBe(90);
  });

  it('names both knobs, with the profile\'s most, for an own server that cannot tell acks apart', () => {
    const profile = loadProfile('default');
    const [partialMax, busyMax, quotaMax, slowMax, damagedMax, remoteMax, answersMax] = [profile.ranges['partialApplyPercent']![1], profile.ranges['serverBusyPercent']![1], profile.ranges['backupQuotaRefusalPercent']![1], profile.ranges['slowAckPercent']![1], profile.ranges['damagedRequestPercent']![1], profile.ranges['damagedRemoteActionPercent']![1], profile.ranges['damagedPulledOpPercent']![1]];
    const notDrawn = notDrawnFor(profile, ownServer());
    expect(notDrawn.map((n) => [n.option, n.profileMax])).toEqual([['partialApplyPercent', partialMax], ['serverBusyPercent', busyMax], ['backupQuotaRefusalPercent', quotaMax], ['slowAckPercent', slowMax], ['damagedRequestPercent', damagedMax], ['damagedRemoteActionPercent', remoteMax], ['damagedPulledOpPercent', answersMax]]);
    expect(notDrawn[0]!.reason).toMatch(/engine own brings its own server \(own-protocol\)/);
    expect(notDrawn[1]!.reason).toMatch(/engine own brings its own server \(own-protocol\); a busy refusal is injected inside the built-in server's request handling/);
    expect(notDrawn[2]!.reason).toMatch(/engine own brings its own server \(own-protocol\); a quota refusal is injected inside the built-in server's backup handling/);
    expect(notDrawn[3]!.reason).toMatch(/declares no kindOf/);
    expect(notDrawn[4]!.reason).toMatch(/speaks its own protocol \(own-protocol\); the damage catalogue walks sync-lab's/);
    expect(notDrawn[5]!.reason).toMatch(/speaks its own protocol \(own-protocol\); the damage catalogue walks sync-lab's/);
    expect(notDrawn[6]!.reason).toMatch(/speaks its own protocol \(own-protocol\); the fault damages an op's ciphertext in sync-lab's pull answers/);
  });

  it('keeps slow acks for an own server that names its pushes (kindOf)', () => {
    expect(notDrawnFor(loadProfile('default'), ownServer(() => 'push')).map((n) => n.option)).toEqual(['partialApplyPercent', 'serverBusyPercent', 'backupQuotaRefusalPercent', 'damagedRequestPercent', 'damagedRemoteActionPercent', 'damagedPulledOpPercent']);
  });

  it('says nothing for the built-in server, or for a profile that never draws the knobs', () => {
    expect(notDrawnFor(loadProfile('default'), { name: 'default' } as Parameters<typeof notDrawnFor>[1])).toEqual([]);
    expect(notDrawnFor(loadProfile('ties'), ownServer())).toEqual([]);
    expect(notDrawnFor({ ...loadProfile('ties'), base: { partialApplyPercent: 5 } }, ownServer())).toEqual([
      expect.objectContaining({ option: 'partialApplyPercent', profileMax: 5 }),
    ]);
  });
});

describe('notDrawnFor: declared capabilities', () => {
  const declaring = (remoteActions: ('backup' | 'admin')[]) => ({ name: 'caps', capabilities: { remoteActions } }) as unknown as Parameters<typeof notDrawnFor>[1];

  it('does not draw backups (admin actions) for an engine that declares no backup (admin), with the profile\'s most, or the option default', () => {
    const notDrawn = notDrawnFor(loadProfile('default'), declaring([]));
    expect(notDrawn).toEqual([
      { option: 'backupsPerHour', profileMax: 720, reason: 'engine caps declares its remote actions (none) and backup is not one of them' },
      { option: 'adminActionsPerHour', profileMax: 720, reason: 'engine caps declares its remote actions (none) and admin is not one of them' },
      { option: 'accountDeletionPercent', profileMax: 50, reason: 'engine caps declares its remote actions (none) and admin (an account deletion is one) is not one of them' },
    ]);
    expect(notDrawnFor(loadProfile('ties'), declaring([]))).toEqual([expect.objectContaining({ option: 'backupsPerHour', profileMax: 2 })]);
    expect(notDrawnFor(loadProfile('all'), declaring(['admin']))).toEqual([expect.objectContaining({ option: 'backupsPerHour', profileMax: loadProfile('all').ranges['backupsPerHour']![1] })]);
    expect(notDrawnFor(loadProfile('all'), declaring(['backup']))).toEqual([expect.objectContaining({ option: 'adminActionsPerHour', profileMax: 720 }), expect.objectContaining({ option: 'accountDeletionPercent', profileMax: 50 })]);
  });

  it('draws backups and admin actions for an engine that declares them, or declares nothing', () => {
    expect(notDrawnFor(loadProfile('default'), declaring(['backup', 'admin']))).toEqual([]);
    expect(notDrawnFor(loadProfile('default'), { name: 'plain' } as Parameters<typeof notDrawnFor>[1])).toEqual([]);
  });

  it('explores a correct engine without backup nor wall stamps clean, and says once that backups and wall stamps are not drawn', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sync-lab-not-drawn-'));
    const lines: string[] = [];
    // Seed 17 drew a backup: before, the engine refused it (engine-error), a false red. Seed 16 draws wall
    // stamps, which the engine refuses at create: it runs hlc instead.
    const summary = await runExplore({ seeds: 3, from: 16, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, out, shrink: false, shrinkLimit: 0, reconciler: 'tests/fixtures/engines/hlc-only-no-remote.ts' }, (line) => lines.push(line));
    expect(lines.filter((l) => l.startsWith('explore: NOT drawn: backupsPerHour'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('explore: NOT drawn: adminActionsPerHour'))).toHaveLength(1);
    expect(summary.notDrawn.map((n) => n.option)).toEqual(['backupsPerHour', 'adminActionsPerHour', 'accountDeletionPercent', 'stampMode']);
    expect(lines.filter((l) => l.startsWith('explore: NOT drawn: stampMode wall (profile default draws it for 25% of seeds; they run hlc instead)'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('explore: variant one-coarse-clock: 15% of seeds run quantisedClockPercent 100, quantisedClockStepMs 1000,'))).toHaveLength(1);
    expect(summary.failures).toEqual([]);
  }, 120_000);
});

describe('explore with an engine that brings its own server', () => {
  const explore = async (reconciler?: string) => {
    const out = mkdtempSync(join(tmpdir(), 'sync-lab-not-drawn-'));
    const lines: string[] = [];
    const summary = await runExplore({ seeds: 2, from: 1, profile: 'default', workers: 1, shard: { index: 0, count: 1 }, out, shrink: false, shrinkLimit: 0, ...(reconciler ? { reconciler } : {}) }, (line) => lines.push(line));
    const written = JSON.parse(readFileSync(join(out, 'explore-default-shard-0-of-1.json'), 'utf8')) as { notDrawn: unknown };
    return { summary, lines, written };
  };

  it('says once, in the log and in the summary file, that partial pushes are not drawn and why', async () => {
    const { summary, lines, written } = await explore('tests/fixtures/own-protocol/ledger.ts');
    const said = lines.filter((l) => l.startsWith('explore: NOT drawn:'));
    expect(said).toHaveLength(6);
    expect(said[0]).toMatch(/^explore: NOT drawn: partialApplyPercent \(profile default draws up to \d+; every seed runs it at 0\): engine .* brings its own server \(ledger/);
    expect(said[1]).toMatch(/^explore: NOT drawn: serverBusyPercent \(profile default draws up to 15; every seed runs it at 0\): engine .* brings its own server \(ledger/);
    expect(said[2]).toMatch(/^explore: NOT drawn: backupQuotaRefusalPercent \(profile default draws up to 40; every seed runs it at 0\): engine .* brings its own server \(ledger/);
    expect(said[3]).toMatch(/^explore: NOT drawn: damagedRequestPercent \(profile default draws up to \d+; every seed runs it at 0\): engine .* speaks its own protocol \(ledger/);
    expect(said[4]).toMatch(/^explore: NOT drawn: damagedRemoteActionPercent \(profile default draws up to \d+; every seed runs it at 0\): engine .* speaks its own protocol \(ledger/);
    expect(said[5]).toMatch(/^explore: NOT drawn: damagedPulledOpPercent \(profile default draws up to \d+; every seed runs it at 0\): engine .* speaks its own protocol \(ledger/);
    expect(summary.notDrawn).toEqual([
      expect.objectContaining({ option: 'partialApplyPercent', reason: expect.stringMatching(/own server/) }),
      expect.objectContaining({ option: 'serverBusyPercent', reason: expect.stringMatching(/own server/) }),
      expect.objectContaining({ option: 'backupQuotaRefusalPercent', reason: expect.stringMatching(/own server/) }),
      expect.objectContaining({ option: 'damagedRequestPercent', reason: expect.stringMatching(/own protocol/) }),
      expect.objectContaining({ option: 'damagedRemoteActionPercent', reason: expect.stringMatching(/own protocol/) }),
      expect.objectContaining({ option: 'damagedPulledOpPercent', reason: expect.stringMatching(/own protocol/) }),
    ]);
    expect(written.notDrawn).toEqual(summary.notDrawn);
  }, 120_000);

  it('says nothing and records an empty list for sync-lab\'s own server', async () => {
    const { summary, lines, written } = await explore();
    expect(lines.filter((l) => l.includes('NOT drawn'))).toEqual([]);
    expect(summary.notDrawn).toEqual([]);
    expect(written.notDrawn).toEqual([]);
  }, 120_000);
});
