// The `local-list` trace event, apart from events.ts (which lists it among TraceEvent) to keep that file within its size floor.
/** One record as a journal read names it: its id and the op of the version shown. */
export interface JournalEntry {
  id: string;
  opId: string;
  /** Present (true) only when the engine listed a tombstone: a journal shows no deleted record. */
  deleted?: true;
}

/**
 * The user read the whole local journal (the matrix row "Read local journal"; schedule action
 * `read-journal`, drawn by `journalReadPercent`): `listed` is what the engine's `list()` answered, in
 * its order; `held` is what its `versions()` answered in the same instant, without tombstones. The
 * `journal-read` checker compares them with each other and with what the trace says the device shows.
 */
export interface LocalListEvent {
  i: number;
  t: number;
  kind: 'local-list';
  device: string;
  listed: JournalEntry[];
  held: JournalEntry[];
}
