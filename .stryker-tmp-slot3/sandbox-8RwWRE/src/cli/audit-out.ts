/**
 * audit.json records the folder it was written to. `lab` and `audit` stage their results in a
 * temporary sibling (src/io/output-dir.ts) that runAudit writes into; before the move, the recorded
 * folder becomes the one the report is published in.
 */
// @ts-nocheck

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/write-atomic.ts';

export function publishAuditOut(writtenDir: string, publishedDir: string): void {
  const file = join(writtenDir, 'audit.json');
  const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (report['out'] === writtenDir) writeJsonAtomic(file, { ...report, out: publishedDir });
}
