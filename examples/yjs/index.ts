/**
 * The Yjs adapter as a `--reconciler` module: the engine (`engine.ts`) and its own server and
 * protocol (`relay-server.ts`), which the lab runs in place of its built-in sync server.
 *
 *   npx sync-lab explore --seeds 500 --reconciler examples/yjs/index.ts
 */
import type { DurableSnapshot, JsonValue, ReconcilerModule, ReconcilerOptions, ServerModule } from '../../src/api/index.ts';
import { isYjsSnapshot, YjsEngine } from './engine.ts';
import { YJS_METADATA, YjsRelay } from './relay-server.ts';
import type { SyncAnswer, SyncMessage } from './relay-server.ts';

const server: ServerModule<SyncMessage, SyncAnswer> = {
  name: 'yjs-sealed-relay',
  metadata: YJS_METADATA,
  requestIdOf: (m: SyncMessage) => m.requestId,
  // A message that carries updates pushes them; one that carries none only asks (a pull).
  kindOf: (m) => ('sv' in m ? (m.updates.length > 0 ? 'push' : 'pull') : undefined),
  create: () => {
    const relay = new YjsRelay();
    return {
      handle(message, nowMs, client) {
        const { response, stored, deduplicated } = relay.handle(message, nowMs, client.deviceId);
        return response.ok ? { response, stored, deduplicated } : { response, error: 'bad-request' };
      },
      storedVersions: () => relay.storedVersions(),
      state: () => relay.state() as unknown as JsonValue,
    };
  },
};

const reconciler: ReconcilerModule<SyncMessage, SyncAnswer> = {
  name: 'yjs',
  capabilities: { stampModes: ['hlc'], remoteActions: [] },
  server,
  create: (options: ReconcilerOptions) => new YjsEngine(options),
  restore: (snapshot: DurableSnapshot, options: ReconcilerOptions) => {
    if (!isYjsSnapshot(snapshot)) throw new Error(`yjs adapter: not a ${'yjs-journal/1'} snapshot: format ${String(snapshot.format)}`);
    // Another device's snapshot (storage restored from its backup) is not this device's state.
    if (snapshot.deviceId !== options.deviceId) throw new Error(`yjs adapter: the snapshot is device ${String(snapshot.deviceId)}'s, not ${options.deviceId}'s`);
    return new YjsEngine(options, snapshot);
  },
};

export default reconciler;
