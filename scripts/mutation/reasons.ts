/**
 * What the mutation scripts share: the shape of Stryker's JSON report (the fields they read), the
 * survivor reasons of scripts/mutation/survivor-reasons.json and how a reason is matched to a
 * mutant (file, line range, and optionally mutator, a substring of the replacement and a column range).
 */
import { readFileSync } from 'node:fs';

export interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  statusReason?: string;
  location: { start: { line: number; column: number }; end?: { line: number; column: number } };
}
export interface Report {
  files: Record<string, { source?: string; mutants: Mutant[] }>;
}
export interface Reason {
  file: string;
  /** Inclusive line range the rule covers. */
  lines: [number, number];
  /** Mutator name; any when absent. */
  mutator?: string;
  /** A substring of the replacement; any when absent. */
  replacement?: string;
  /**
   * Inclusive range of the mutant's start column (Stryker's, as in its report); any when absent. For
   * mutants of one line and mutator with the same replacement (each string of an enum emptied) whose
   * verdicts differ.
   */
  columns?: [number, number];
  /**
   * equivalent: the mutated code's behaviour the spec judges does not change; masked: the mutated code
   * misbehaves but another mechanism of the engine restores every judged property (equivalent for the
   * engine as a whole); gap: the engine's judged behaviour changes, or could, and exploration misses it.
   */
  verdict: 'equivalent' | 'masked' | 'gap';
  why: string;
}

/** Stryker's statuses that count as the test detecting the mutant, and those that do not. */
export const DETECTED = new Set(['Killed', 'Timeout']);
export const UNDETECTED = new Set(['Survived', 'NoCoverage']);

export function loadReasons(): Reason[] {
  return JSON.parse(readFileSync(new URL('./survivor-reasons.json', import.meta.url), 'utf8')) as Reason[];
}

/** The report's file name as a path in the tree (Stryker writes absolute or sandbox paths). */
export function treePath(name: string): string {
  return name.replace(/\\/g, '/').replace(/^.*?(src\/)/, '$1');
}

/** The first reason that covers this mutant of `file`, if any. */
export function reasonOf(reasons: readonly Reason[], file: string, m: Mutant): Reason | undefined {
  return reasons.find(
    (r) =>
      r.file === file &&
      m.location.start.line >= r.lines[0] &&
      m.location.start.line <= r.lines[1] &&
      (r.mutator === undefined || r.mutator === m.mutatorName) &&
      (r.replacement === undefined || (m.replacement ?? '').includes(r.replacement)) &&
      (r.columns === undefined || (m.location.start.column >= r.columns[0] && m.location.start.column <= r.columns[1])),
  );
}
