/** A bare world context (real queue, recorder, server, network) and hosted devices, for the sim part tests. */
// @ts-nocheck

import { guardEngine } from '../../../src/sim/engine-guard.ts';
import { defaultReconciler } from '../../../src/reconciler/index.ts';
import { DeviceClock } from '../../../src/sim/clock.ts';
import { EventQueue } from '../../../src/sim/event-queue.ts';
import { DeviceHost } from '../../../src/sim/host.ts';
import { DeviceLifecycle, VirtualTimers } from '../../../src/sim/lifecycle.ts';
import { NetworkModel } from '../../../src/sim/network.ts';
import { resolveSimOptions } from '../../../src/sim/options.ts';
import type { SimOptionsInput } from '../../../src/sim/options.ts';
import { RandomStream } from '../../../src/sim/random.ts';
import { TraceRecorder } from '../../../src/sim/recorder.ts';
import type { SimContext, SimEvent } from '../../../src/sim/sim-context.ts';
import { newSimDevice } from '../../../src/sim/sim-device.ts';
import type { SimDevice } from '../../../src/sim/sim-device.ts';
import { Transport } from '../../../src/sim/transport.ts';
import { ServerPort } from '../../../src/sim/server-port.ts';
import type { Mode } from '../../../src/trace/events.ts';

export function bareWorld(extra: SimOptionsInput = {}, modes: Record<string, Mode> = { a: 'online' }) {
  const options = resolveSimOptions({ seed: 9, devices: Object.keys(modes).length, ...extra }, 'test');
  const devices = new Map<string, SimDevice>();
  const ctx: SimContext = {
    options,
    queue: new EventQueue<SimEvent>(),
    recorder: new TraceRecorder(() => ctx.nowUs),
    server: new ServerPort(defaultReconciler, 'acct-1', options.tokenTtlMs),
    network: new NetworkModel(options),
    devices,
    nowUs: 0,
    lastChangeUs: 0,
    healed: false,
  };
  const timers = new VirtualTimers(() => ctx.nowUs);
  const host = new DeviceHost(ctx, guardEngine(defaultReconciler), new Uint8Array(32));
  const transport = new Transport(ctx, host);
  host.transport = transport;
  Object.entries(modes).forEach(([id, mode], index) => {
    devices.set(id, newSimDevice(id, `10.0.0.${index + 1}`, new DeviceClock(0, 0, options.clockEpochMs), new RandomStream(options.seed, `crypto/${id}`), new DeviceLifecycle(id, mode, timers, () => {})));
  });
  const kinds = () => ctx.recorder.trace.map((e) => e.kind);
  return { ctx, host, transport, device: (id: string) => devices.get(id)!, kinds };
}
