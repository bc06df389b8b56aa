/**
 * `sync-lab demo`: two devices of one account edit the same journal entry offline, reconnect and
 * sync through a SyncServer, driven by hand (no simulator). The output says who won, by which
 * stamps and rule, that the losing write is recorded as a conflict, and that the replicas agree.
 */
// @ts-nocheck

import type { Command } from 'commander';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, hashCanonical } from '../core/canonical.ts';
import { compareStamps, encodeStamp } from '../core/stamp.ts';
import type { Stamp } from '../core/stamp.ts';
import { defaultReconciler } from '../reconciler/index.ts';
import type { NonceSource, SyncReconciler } from '../reconciler/types.ts';
import { SyncServer } from '../server/sync-server.ts';

const ACCOUNT = 'demo-account';
const START_MS = Date.UTC(2026, 2, 17, 9, 0, 0); // Tuesday 17 March 2026, 09:00 UTC

/** Deterministic nonces for a reproducible demo; a real device uses a CSPRNG. */
function countingNonces(label: string): NonceSource {
  let n = 0;
  return (length) => sha256(utf8ToBytes(`${label}/${n++}`)).slice(0, length);
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function describe(s: Stamp): string {
  return `${encodeStamp(s)} (device ${s.deviceId}, ${clock(s.wallMs)}, counter ${s.counter})`;
}

/** Polls and answers until the device has nothing more to send. */
function syncDevice(device: SyncReconciler, server: SyncServer, nowMs: number, lines: string[]): void {
  for (let guard = 0; guard < 100; guard++) {
    const request = device.poll(nowMs);
    if (!request) return;
    const response = server.handle(request, nowMs, `10.0.0.${device.deviceId === 'a' ? 1 : 2}`);
    const detail = request.type === 'push' ? `${request.ops.length} op(s)` : request.type === 'pull' ? `since cursor ${request.cursor}` : '';
    const answer = !response.ok ? `error ${response.error}` : response.type === 'push' ? `acked ${response.acked.length}` : response.type === 'pull' ? `${response.ops.length} op(s)` : 'ok';
    lines.push(`  device ${device.deviceId} -> server: ${request.type} ${detail} -> ${answer}`);
    device.receive(response, nowMs);
  }
  throw new Error('demo: device kept polling; sync did not settle');
}

export function runDemo(): string[] {
  const lines: string[] = [];
  const server = new SyncServer();
  const key = sha256(utf8ToBytes('sync-lab demo account key'));
  const make = (deviceId: string) =>
    defaultReconciler.create({
      deviceId,
      accountId: ACCOUNT,
      stampMode: 'hlc',
      accountKey: key,
      nonces: countingNonces(deviceId),
      token: server.issueToken(ACCOUNT, deviceId, START_MS),
    });
  const a = make('a');
  const b = make('b');
  // Device b's clock runs 2 s ahead of a's; both readings are what each device believes the time is.
  const skewB = 2_000;

  lines.push('sync-lab demo: two devices, one account, one server, timestamp-ordered last-write-wins (HLC stamps).');
  a.setConnectivity('online', START_MS);
  b.setConnectivity('online', START_MS + skewB);
  const entry = a.create({ date: '2026-03-17', painLevel: 4, locations: ['lower back'], medications: ['ibuprofen'], notes: 'Stiff after the drive.' }, START_MS);
  lines.push(`${clock(START_MS)}  device a creates Tuesday's entry ${entry.id} (pain 4) and syncs.`);
  syncDevice(a, server, START_MS, lines);
  syncDevice(b, server, START_MS + skewB, lines);
  lines.push(`  device b now sees ${entry.id}: pain ${String(b.read(entry.id)?.fields['painLevel'])}.`);

  const t1 = START_MS + 60_000;
  a.setConnectivity('offline', t1);
  b.setConnectivity('offline', t1 + skewB);
  lines.push(`${clock(t1)}  both devices go offline.`);
  const editA = a.edit(entry.id, { ...entry.fields, painLevel: 6, notes: 'Worse after lunch.' }, t1 + 5_000);
  lines.push(`${clock(t1 + 5_000)}  device a edits the entry offline: pain 6, stamp ${describe(editA.stamp)}. Saved locally at once.`);
  const editB = b.edit(entry.id, { ...entry.fields, painLevel: 3, notes: 'Better after stretching.' }, t1 + 9_000 + skewB);
  lines.push(`${clock(t1 + 9_000 + skewB)}  device b edits the same entry offline (by its own clock): pain 3, stamp ${describe(editB.stamp)}. Saved locally at once.`);
  lines.push(`  nothing was transmitted while offline: a.poll and b.poll return ${String(a.poll(t1 + 10_000))}, ${String(b.poll(t1 + 10_000 + skewB))}.`);

  const t2 = START_MS + 120_000;
  lines.push(`${clock(t2)}  both devices reconnect and sync.`);
  a.setConnectivity('online', t2);
  b.setConnectivity('online', t2 + skewB);
  syncDevice(a, server, t2, lines);
  syncDevice(b, server, t2 + skewB, lines);
  // a pulls b's edit on its next interval pull.
  syncDevice(a, server, t2 + 6_000, lines);

  const order = compareStamps(editA.stamp, editB.stamp);
  const [winner, loser] = order > 0 ? [editA, editB] : [editB, editA];
  lines.push('Who won and why:');
  lines.push(`  compared stamps (wallMs, counter, deviceId) in order: a ${encodeStamp(editA.stamp)} vs b ${encodeStamp(editB.stamp)}.`);
  lines.push(`  rule lww-hlc: the greater stamp wins; ties on time break on the counter, then the device id.`);
  lines.push(`  winner: device ${winner.stamp.deviceId}'s edit (pain ${String(winner.fields['painLevel'])}, "${String(winner.fields['notes'])}").`);
  lines.push(`  loser:  device ${loser.stamp.deviceId}'s edit (pain ${String(loser.fields['painLevel'])}) is not lost silently; it is recorded as a conflict:`);
  for (const device of [a, b]) {
    for (const c of device.conflicts()) {
      const note = c.outcome === 'remote-won' ? 'its visible value was replaced by the newer remote write' : 'it kept its newer local value';
      lines.push(`    device ${device.deviceId}: ${c.recordId} winner ${encodeStamp(c.winner)} loser ${encodeStamp(c.loser)} rule ${c.rule} outcome ${c.outcome} (${note})`);
    }
  }
  const digestA = hashCanonical(a.versions().map((v) => ({ ...v, stamp: encodeStamp(v.stamp) })));
  const digestB = hashCanonical(b.versions().map((v) => ({ ...v, stamp: encodeStamp(v.stamp) })));
  const equal = digestA === digestB && canonicalJson(a.read(entry.id)) === canonicalJson(b.read(entry.id));
  lines.push(`Replicas: a ${digestA.slice(0, 16)}, b ${digestB.slice(0, 16)}: ${equal ? 'equal' : 'DIFFERENT'}; a shows pain ${String(a.read(entry.id)?.fields['painLevel'])}, b shows pain ${String(b.read(entry.id)?.fields['painLevel'])}, pending ops a=${a.status().pendingOps} b=${b.status().pendingOps}.`);
  lines.push(`Server stored ${server.log(ACCOUNT).length} ops as ciphertext only (${server.storedBytes()} base64 characters); it never had the account key.`);
  return lines;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Two devices edit the same journal entry offline, reconnect and reconcile by last-write-wins')
    .action(() => {
      process.stdout.write(runDemo().join('\n') + '\n');
    });
}
