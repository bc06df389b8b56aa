/**
 * Turns a model path into a simulator schedule: the path's events happen to device `a` one step
 * apart, while `b` (and `c`) keep editing the same shared journal entry so every state of `a` meets
 * conflicting writes; the run then heals and must converge with every checker on.
 *
 * Events the simulator cannot force are mapped to what makes them happen or to waiting: a link flip
 * (LINK_UP/LINK_DOWN) comes from the seeded network, so the step waits a flap period; SEND / ACK
 * happen by themselves once a write is queued; FAIL is a short server outage during a push;
 * REFUSED_AUTH is a token expiry before a push; a delayed event (`after(...)`) waits its delay, and
 * a re-authentication that timed out (`after(authTimeout)`) leaves the token expired.
 */
// @ts-nocheck

import type { EventObject } from 'xstate';
import { backoffDelayMs } from '../../../models/sync-lifecycle.ts';
import { AUTH_TIMEOUT_MS } from '../../../models/session-token.ts';
import { DEFAULT_SYNC_POLICY } from '../../reconciler/types.ts';
import { assertValidSchedule } from '../../sim/schedule.ts';
import type { JournalFields, Schedule, ScheduleEvent } from '../../sim/schedule.ts';
import type { Mode } from '../../trace/events.ts';
import type { CrashPoint } from '../../core/crash-point.ts';

export interface PathScheduleOptions {
  /** 2 or 3 devices: `a` follows the path, the others edit concurrently. Default 3. */
  devices?: 2 | 3;
  /** Simulated time between two path steps. Default 1500 ms. */
  stepMs?: number;
  /** Connectivity `a` starts in (the model's initial state). Default online. */
  initialMode?: Mode;
}

export interface PathSchedule {
  schedule: Schedule;
  /** Fault-phase length that holds every step; heal follows. */
  durationMs: number;
}

const DEVICE = 'a';
const SHARED = 'shared';
const OWN = 'own';
const DOOMED = 'doomed';
/** Longest a mapped step may wait (backoff can grow to backoffMaxMs; paths only need it to fire). */
const MAX_WAIT_MS = 8_000;
const FLAP_WAIT_MS = 2_500;
/** Skewed clocks, so the paths also exercise stamps across devices that disagree on the time. */
const CLOCKS: Record<string, { offsetMs: number; driftPpm: number }> = { a: { offsetMs: 800, driftPpm: 50 }, b: { offsetMs: -500, driftPpm: -40 }, c: { offsetMs: 200, driftPpm: 0 } };

function entry(author: string, step: number, painLevel: number): JournalFields {
  return {
    date: '2026-03-17',
    painLevel,
    locations: ['lower back'],
    medications: step % 2 === 0 ? ['ibuprofen'] : [],
    notes: `Tuesday: ${author} edits the shared entry at step ${step}`,
  };
}

/** Schedule events for one path step on device `a` at `atMs`, and how long the step should last. */
function stepEvents(event: EventObject, atMs: number, stepMs: number): { events: ScheduleEvent[]; waitMs: number } {
  const d = DEVICE;
  const write = (n: number): ScheduleEvent => ({ atMs: atMs + n, device: d, action: 'edit', ref: OWN, fields: { ...entry(d, atMs, 3), notes: `own entry of a at ${atMs + n}` } });
  switch (event.type) {
    case 'GO_OFFLINE':
      return { events: [{ atMs, device: d, action: 'connectivity', mode: 'offline' }], waitMs: stepMs };
    case 'GO_INTERMITTENT':
      return { events: [{ atMs, device: d, action: 'connectivity', mode: 'intermittent' }], waitMs: stepMs };
    case 'GO_ONLINE':
      return { events: [{ atMs, device: d, action: 'connectivity', mode: 'online' }], waitMs: stepMs };
    case 'LINK_DOWN':
    case 'LINK_UP':
      return { events: [write(100)], waitMs: FLAP_WAIT_MS };
    case 'CRASH': {
      const point = (event as { point?: CrashPoint }).point ?? 'now';
      // An armed crash strikes at the next push: queue one right after arming.
      const events: ScheduleEvent[] = [{ atMs, device: d, action: 'crash', point }];
      if (point !== 'now') events.push(write(1));
      return { events, waitMs: stepMs };
    }
    case 'RESTART':
      return { events: [{ atMs, device: d, action: 'restart' }], waitMs: stepMs };
    case 'RESTORED':
    case 'AUTHENTICATED':
    case 'SEND':
      return { events: [], waitMs: stepMs };
    case 'EXPIRE':
      return { events: [{ atMs, device: d, action: 'token-expire' }], waitMs: stepMs };
    case 'RENEW':
    case 'TOKEN_RENEWED':
      return { events: [{ atMs, device: d, action: 'token-renew' }], waitMs: stepMs };
    case 'LOCAL_WRITE':
      return { events: [write(0)], waitMs: stepMs };
    case 'ACK': {
      const more = (event as { more?: boolean }).more === true;
      // More than one push batch queued means the next request is due at once.
      const count = more ? DEFAULT_SYNC_POLICY.maxPushBatch + 2 : 1;
      const events: ScheduleEvent[] = Array.from({ length: count }, (_, i) => ({
        atMs,
        device: d,
        action: 'create' as const,
        ref: `batch-${atMs}-${i}`,
        fields: { ...entry(d, atMs, i % 11), notes: `batch entry ${i} of a at ${atMs}` },
      }));
      return { events, waitMs: stepMs };
    }
    case 'FAIL':
      return { events: [{ atMs, action: 'server-outage', durationMs: stepMs }, write(1)], waitMs: stepMs + 500 };
    case 'REFUSED_AUTH':
      return { events: [{ atMs, device: d, action: 'token-expire' }, write(1)], waitMs: stepMs };
    default:
      break;
  }
  if (event.type.startsWith('xstate.after.')) {
    const delay = event.type.slice('xstate.after.'.length).split('.')[0];
    // A re-authentication that timed out leaves the session expired.
    if (delay === 'authTimeout') return { events: [{ atMs: atMs + Math.min(AUTH_TIMEOUT_MS, MAX_WAIT_MS) - 1, device: d, action: 'token-expire' }], waitMs: Math.min(AUTH_TIMEOUT_MS, MAX_WAIT_MS) };
    if (delay === 'pullInterval') return { events: [], waitMs: Math.min(DEFAULT_SYNC_POLICY.pullIntervalMs + 500, MAX_WAIT_MS) };
    if (delay === 'backoffDelay') return { events: [], waitMs: Math.min(backoffDelayMs(3) + 500, MAX_WAIT_MS) };
    return { events: [], waitMs: MAX_WAIT_MS };
  }
  throw new Error(`models/path-to-schedule: no simulator mapping for event "${event.type}"`);
}

export function pathToSchedule(events: readonly EventObject[], options: PathScheduleOptions = {}): PathSchedule {
  const deviceCount = options.devices ?? 3;
  const stepMs = options.stepMs ?? 1_500;
  const devices = deviceCount === 3 ? ['a', 'b', 'c'] : ['a', 'b'];
  const others = devices.slice(1);
  const out: ScheduleEvent[] = [
    { atMs: 0, device: 'b', action: 'create', ref: SHARED, fields: entry('b', 0, 5) },
    { atMs: 10, device: 'b', action: 'create', ref: DOOMED, fields: { ...entry('b', 0, 4), notes: 'an entry b deletes half-way' } },
    { atMs: 50, device: DEVICE, action: 'create', ref: OWN, fields: { ...entry('a', 0, 2), notes: 'own entry of a' } },
  ];
  // Half-way, a edits an entry that b then deletes: where a is offline or crashed, its older edit
  // reaches b after the tombstone and must not bring the entry back.
  const doomedStep = Math.floor(events.length / 2);
  let t = 1_000;
  events.forEach((event, step) => {
    const { events: mapped, waitMs } = stepEvents(event, t, stepMs);
    out.push(...mapped);
    // Everyone edits the shared entry in every state of `a`: a just after its event, then the others.
    out.push({ atMs: t + 150, device: DEVICE, action: 'edit', ref: SHARED, fields: entry('a', step, 1) });
    others.forEach((device, k) => out.push({ atMs: t + 300 * (k + 1), device, action: 'edit', ref: SHARED, fields: entry(device, step, 6 + k) }));
    if (step === doomedStep) {
      out.push({ atMs: t + 100, device: DEVICE, action: 'edit', ref: DOOMED, fields: { ...entry('a', step, 7), notes: 'a edits the entry b is about to delete' } });
      out.push({ atMs: t + 450, device: 'b', action: 'delete', ref: DOOMED });
    }
    if (step % 3 === 2) out.push({ atMs: t + 700, device: 'b', action: 'read', ref: SHARED });
    t += Math.max(waitMs, 800);
  });
  // The last word before heal: a and b edit the shared entry in the same instant.
  out.push({ atMs: t, device: DEVICE, action: 'edit', ref: SHARED, fields: entry('a', events.length, 0) });
  out.push({ atMs: t, device: 'b', action: 'edit', ref: SHARED, fields: entry('b', events.length, 9) });
  out.sort((x, y) => x.atMs - y.atMs);
  const initialModes: Record<string, Mode> = {};
  for (const device of devices) initialModes[device] = device === DEVICE ? (options.initialMode ?? 'online') : 'online';
  const schedule: Schedule = {
    devices,
    initialModes,
    clocks: Object.fromEntries(devices.map((device) => [device, CLOCKS[device] ?? { offsetMs: 0, driftPpm: 0 }])),
    events: out,
  };
  const durationMs = t + 1_000;
  // The same strict schema as scenario and replay files: a mapping that asks the simulator for
  // something impossible is a bug here, caught before the run rather than skipped in it.
  assertValidSchedule(schedule, { devices: deviceCount, durationMs }, 'models/path-to-schedule');
  return { schedule, durationMs };
}
