/**
 * Re-records the trace hash of replay files whose schedule still reproduces its recorded violation
 * but whose trace changed on purpose (a simulator change that moves draws: say so in the commit).
 * Refuses, changing nothing, a file that no longer reproduces its checker: that one needs shrinking again.
 *
 *   npx tsx scripts/rehash-regressions.ts simulations/regressions/<file>.json ...
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { replayFile } from '../src/cli/replay.ts';

let refused = 0;
for (const path of process.argv.slice(2)) {
  const outcome = await replayFile(path);
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
