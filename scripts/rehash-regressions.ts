/**
 * Re-records the trace hash of replay files whose schedule still reproduces its recorded violation
 * but whose trace changed on purpose (a simulator change that moves draws: say so in the commit).
 * Refuses, changing nothing, a file that no longer reproduces its checker: that one needs shrinking again.
 *
 *   npx tsx scripts/rehash-regressions.ts simulations/regressions/<file>.json ...
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { replayFile } from '../src/cli/replay.ts';

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('rehash-regressions: name the replay files to re-hash (simulations/regressions/<file>.json ...)');
  process.exit(2);
}
let refused = 0;
for (const path of paths) {
  let outcome: Awaited<ReturnType<typeof replayFile>>;
  try {
    outcome = await replayFile(path);
  } catch (error) {
    // An unreadable or invalid file: said with its name, nothing written (exit 2, as the CLI does).
    console.error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  if (!outcome.reproduced) {
    console.error(`${path}: no longer reproduces ${outcome.checker}; left as it was (shrink it again)`);
    refused++;
    continue;
  }
  if (outcome.hashMatches) {
    console.log(`${path}: hash matches, unchanged`);
    continue;
  }
  const file = JSON.parse(readFileSync(path, 'utf8')) as { traceHash: string };
  file.traceHash = outcome.traceHash;
  writeFileSync(`${path}.tmp`, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  console.log(`${path}: ${outcome.recordedTraceHash} -> ${outcome.traceHash}`);
}
process.exitCode = refused > 0 ? 1 : 0;
