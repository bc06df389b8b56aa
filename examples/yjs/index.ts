/**
 * The Yjs adapter as a `--reconciler` module: the engine (`engine.ts`) and its own server and
 * protocol (`relay-server.ts`), which the lab runs in place of its built-in sync server.
 *
 *   npx sync-lab explore --seeds 500 --reconciler examples/yjs/index.ts
 */
import type { DurableSnapshot, ReconcilerOptions } from '../../src/reconciler/types.ts';
import { isYjsSnapshot, YjsEngine } from './engine.ts';
import { YJS_METADATA, YjsRelay } from './relay-server.ts';
import type { SyncAnswer, SyncMessage } from './relay-server.ts';

const server = {
  name: 'yjs-sealed-relay',
  metadata: YJS_METADATA,
  requestIdOf: (m: SyncMessage) => m.requestId,
  kindOf: (m: SyncMessage | SyncAnswer) => (m.type === 'sync' && 'updates' in m && 'sv' in m && m.updates.length > 0 ? 'push' : 'pull'),
  create: () => {
    const relay = new YjsRelay();
    return {
      handle(message: SyncMessage, nowMs: number, client: { deviceId: string }) {
        const { response } = relay.handle(message, nowMs, client.deviceId);
        return response.ok ? { response } : { response, error: 'bad-request' };
      },
      state: () => relay.state(),
    };
  },
};

const reconciler = {
  name: 'yjs',
  capabilities: { stampModes: ['hlc'], remoteActions: [] },
  server,
  create: (options: ReconcilerOptions) => new YjsEngine(options),
  restore: (snapshot: DurableSnapshot, options: ReconcilerOptions) => {
    if (!isYjsSnapshot(snapshot)) throw new Error(`yjs adapter: not a ${'yjs-journal/1'} snapshot: format ${String(snapshot.format)}`);
    return new YjsEngine(options, snapshot);
  },
} as const;

export default reconciler;
