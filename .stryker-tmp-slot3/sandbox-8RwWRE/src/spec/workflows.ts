/** The spec's reviewer-guidance workflows, as tags that reviewer scenarios carry and audit statements select by. */
// @ts-nocheck

export const REVIEW_WORKFLOWS = [
  'essential-workflows',
  'conflicting-edits',
  'reconnect-both',
  'deterministic-reconciliation',
  'clock-skew',
  'crash-mid-sync',
  'extended-failure',
] as const;

export type ReviewWorkflow = (typeof REVIEW_WORKFLOWS)[number];
