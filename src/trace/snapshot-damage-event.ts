// The `snapshot-damage` trace event, apart from events.ts (which lists it among TraceEvent, with `Version`
// its TraceVersion: a type parameter, so this file imports nothing and makes no loop) to keep that file within its size floor.

/**
 * The damaged-snapshot fault (userStorageDamagePercent; src/sim/snapshot-damage*.ts): at a restart the
 * device's storage first handed restore a damaged copy of its durable snapshot. Refused (`accepted:
 * false`, the refusal's text in `error`): the device then restored its intact copy, and the `restart`
 * that follows is that. Accepted: the device runs on what the engine made of the damaged copy (the
 * `restart` that follows shows it), and `intact` is what the same engine restored from the intact
 * copy (a throwaway instance, read the way a restart is), which the damaged restore must equal.
 */
export interface SnapshotDamageEvent<Version = unknown> {
  i: number;
  t: number;
  kind: 'snapshot-damage';
  device: string;
  /** `not-object`, `format`, `foreign`, `missing`, `type` or `torn` (src/sim/snapshot-damage.ts). */
  damage: string;
  /** The damaged place: `(root)`, a top-level field, or one level down (`field[0]`, `field.key`). */
  path: string;
  accepted: boolean;
  /** Refused: the engine's error (`threw …` / `rejected with …`) and its bare message, which must say why. */
  error?: string;
  reason?: string;
  /** Accepted: every version and the pending count the intact snapshot restores to. */
  intact?: { versions: Version[]; pendingOps: number };
}
