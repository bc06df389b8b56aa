/**
 * The audit: runs the evidence (27 parity cells, the reviewer scenarios, a small swarm, the model
 * paths) against one reconciler, maps every normative statement of the spec to the evidence that
 * must hold for it, and writes audit.json, audit.md, audit.html and the traces (JSONL) to a folder.
 * `sync-lab audit` and `npm start` call `runAudit`: gather (audit-gather.ts) → judge (audit-judge.ts)
 * → write (audit-write.ts); the report's types are in audit-types.ts.
 */
// @ts-nocheck

import { fileURLToPath } from 'node:url';
import { loadScenarios } from '../explore/scenario-file.ts';
import { defaultReconciler } from '../reconciler/index.ts';
import { gatherEvidence, loadModelEvidence } from './audit-gather.ts';
import { judgeAudit } from './audit-judge.ts';
import type { AuditOptions, AuditReport } from './audit-types.ts';
import { writeAudit } from './audit-write.ts';

export type * from './audit-types.ts';
export { loadModelEvidence } from './audit-gather.ts';

export const DEFAULT_AUDIT_OUT = 'audit-results';
export const DEFAULT_SCENARIO_DIR = fileURLToPath(new URL('../../simulations/reviewer/', import.meta.url));
/** Swarm seeds of the default profile that add random faults to the checker evidence. */
export const DEFAULT_SWARM_SEEDS = 40;

export async function runAudit(opts: AuditOptions): Promise<AuditReport> {
  const log = opts.log ?? (() => {});
  const reconciler = opts.reconciler ?? defaultReconciler;
  // Bad scenario files are bad input: refuse them before anything runs or is written.
  const scenarios = loadScenarios(opts.scenarioPaths ?? [opts.scenarioDir ?? DEFAULT_SCENARIO_DIR]);
  const gathered = await gatherEvidence({ reconciler, scenarios, swarmSeeds: opts.swarmSeeds ?? DEFAULT_SWARM_SEEDS, modelEvidence: opts.modelEvidence ?? loadModelEvidence, log });
  const report = judgeAudit(gathered, { reconciler: opts.reconcilerLabel ?? reconciler.name, ...(opts.reconcilerOptions !== undefined ? { reconcilerOptions: opts.reconcilerOptions } : {}), out: opts.out });
  writeAudit(opts.out, gathered, report);
  return report;
}
