/**
 * Output folders that never destroy a user's files. A command writes only into a folder it creates,
 * an empty folder, or a folder holding its own marker file `.sync-lab-output` (JSON: the command that
 * wrote it and the sync-lab version; no time stamp, so results stay comparable). Any other non-empty
 * folder is refused (exit 2) with a few of its entries named; `--force` replaces a folder only when
 * its marker says another sync-lab command wrote it, never an unmarked one.
 *
 * Two ways of writing:
 * - staged (`lab`, `audit`): everything goes into a temporary sibling folder that replaces the old
 *   results in one rename at the end, so an interrupted or failed run leaves the previous results
 *   exactly as they were;
 * - incremental (`explore`): shards of one run share an `--out`; each writes only its own files, each
 *   atomically (`write-atomic.ts`), into a marked folder, and `merge` reads them.
 */
// @ts-nocheck

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { z } from 'zod';
import { checkOutputPath } from './output-path.ts';
import { UsageError } from './usage-error.ts';
import { temporarySibling } from './write-atomic.ts';

export const OUTPUT_MARKER = '.sync-lab-output';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Files every lab or audit results folder held before the marker existed. */
const LEGACY_RESULT_FILES = ['summary.json', 'audit.json'];

const markerSchema = z.object({ command: z.string().min(1), version: z.string() });
export type OutputMarker = z.infer<typeof markerSchema>;

export interface OutputDirRequest {
  /** The command writing (`lab`, `audit`, `explore`): recorded in the marker. */
  command: string;
  /** The flag that named the folder, for messages (`--out`). */
  flag: string;
  path: string;
  /** Replace a folder another sync-lab command wrote (never an unmarked one). */
  force?: boolean;
}

type FolderState =
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'marked'; marker: OutputMarker }
  | { kind: 'foreign'; entries: string[] };

function markerOf(folder: string): OutputMarker | null {
  const file = join(folder, OUTPUT_MARKER);
  if (!existsSync(file)) return null;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function stateOf(folder: string): FolderState {
  if (!existsSync(folder)) return { kind: 'absent' };
  const entries = readdirSync(folder).sort();
  if (entries.length === 0) return { kind: 'empty' };
  const marker = markerOf(folder);
  return marker ? { kind: 'marked', marker } : { kind: 'foreign', entries };
}

function writeMarker(folder: string, command: string): void {
  const marker: OutputMarker = { command, version: VERSION };
  writeFileSync(join(folder, OUTPUT_MARKER), `${JSON.stringify(marker)}\n`);
}

/**
 * Checks that `request.path` may receive the command's results and returns it resolved; throws a
 * UsageError (exit 2) saying what is there and what to do otherwise. Changes nothing on disk.
 */
export function checkOutputDir(request: OutputDirRequest): string {
  const { command, flag, path } = request;
  const absolute = checkOutputPath(`${command}: ${flag}`, path, 'folder');
  const where = `${command}: ${flag} ${JSON.stringify(path)}`;
  // Replacing the folder a shell stands in (or one above it) would pull it from under the user.
  const fromFolderToCwd = relative(absolute, process.cwd());
  const holdsCwd = fromFolderToCwd === '' || !(fromFolderToCwd === '..' || fromFolderToCwd.startsWith(`..${sep}`) || isAbsolute(fromFolderToCwd));
  if (holdsCwd) {
    throw new UsageError(`${where}: is the current folder or holds it; choose a folder of its own for the results (for example ${flag} ${command}-results)`);
  }
  const state = stateOf(absolute);
  if (state.kind === 'foreign') {
    const shown = state.entries.slice(0, 4).join(', ');
    const more = state.entries.length > 4 ? ` and ${state.entries.length - 4} more` : '';
    // Results of a sync-lab from before the marker look like ours but cannot be told from a user's files.
    const older = state.entries.some((name) => LEGACY_RESULT_FILES.includes(name)) ? ` (if it holds results of an older sync-lab, remove it yourself)` : '';
    throw new UsageError(
      `${where}: the folder is not empty (${shown}${more}) and has no ${OUTPUT_MARKER} marker, so sync-lab did not write it and will not touch it (--force does not change that); choose a new or empty folder with ${flag}${older}`,
    );
  }
  if (state.kind === 'marked' && state.marker.command !== command && !request.force) {
    throw new UsageError(`${where}: the folder holds the results of "sync-lab ${state.marker.command}" (see its ${OUTPUT_MARKER}); add --force to replace them, or choose another folder with ${flag}`);
  }
  return absolute;
}

/** A folder of results being written; `commit()` puts it in place, `abandon()` throws it away. */
export interface StagedOutputDir {
  /** Where the results will be once committed. */
  readonly final: string;
  /** Where to write them meanwhile (a hidden sibling of `final`, same file system). */
  readonly staging: string;
  commit(): void;
  abandon(): void;
}

const activeStages = new Set<StagedOutputDir>();

/** Checks the folder, then opens a marked staging sibling for the results. */
export function stageOutputDir(request: OutputDirRequest): StagedOutputDir {
  const final = checkOutputDir(request);
  const staging = temporarySibling(final, 'staging');
  mkdirSync(staging, { recursive: true });
  writeMarker(staging, request.command);
  const stage: StagedOutputDir = {
    final,
    staging,
    commit() {
      activeStages.delete(stage);
      try {
        // Someone may have put files there while the run went on: checked again, never overwritten.
        checkOutputDir({ ...request, path: final });
      } catch (error) {
        throw error instanceof UsageError ? new UsageError(`${error.message}; this run's results are kept in ${staging}`) : error;
      }
      if (existsSync(final)) {
        const old = temporarySibling(final, 'old');
        renameSync(final, old);
        renameSync(staging, final);
        rmSync(old, { recursive: true, force: true });
      } else {
        renameSync(staging, final);
      }
    },
    abandon() {
      activeStages.delete(stage);
      rmSync(staging, { recursive: true, force: true });
    },
  };
  activeStages.add(stage);
  return stage;
}

/** Throws away every staging folder not yet committed (Ctrl-C); returns their final paths. */
export function abandonActiveStages(): string[] {
  const finals: string[] = [];
  for (const stage of [...activeStages]) {
    stage.abandon();
    finals.push(stage.final);
  }
  return finals;
}

/**
 * Opens a folder that a command adds files to (explore: each shard writes its own files atomically):
 * created and marked when absent or empty, used as is when it holds this command's marker, replaced
 * by an empty marked folder with --force when another sync-lab command wrote it.
 */
export function openIncrementalOutputDir(request: OutputDirRequest): string {
  const absolute = checkOutputDir(request);
  const state = stateOf(absolute);
  if (state.kind === 'marked' && state.marker.command === request.command) return absolute;
  if (state.kind === 'marked') {
    // Only reached with --force (checkOutputDir refuses it otherwise).
    const old = temporarySibling(absolute, 'old');
    renameSync(absolute, old);
    rmSync(old, { recursive: true, force: true });
  }
  mkdirSync(absolute, { recursive: true });
  writeMarker(absolute, request.command);
  return absolute;
}
