/**
 * "Nothing half-written": a snapshot of an output path before a command runs, and the check after
 * it. A command that succeeded (exit 0 or 1) leaves a complete output; one that refused (exit 2)
 * leaves the path exactly as it was (absent, or the previous contents); neither leaves temp files.
 */
// @ts-nocheck

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export type OutputKind = 'trace' | 'html' | 'folder';
export interface Output {
  path: string;
  kind: OutputKind;
}

type Snapshot = null | string | Record<string, string>;

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function listing(dir: string, root = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listing(path, root, out);
    else out[relative(root, path)] = hash(path);
  }
  return out;
}

export function snapshot(path: string): Snapshot {
  if (!existsSync(path)) return null;
  return statSync(path).isDirectory() ? listing(path) : hash(path);
}

function completeProblem(output: Output): string | null {
  const { path, kind } = output;
  if (!existsSync(path)) return `${path} is missing after a successful run`;
  if (kind === 'folder') return statSync(path).isDirectory() ? null : `${path} is not a folder`;
  if (statSync(path).isDirectory()) return `${path} is a folder where a ${kind} file belongs`;
  const text = readFileSync(path, 'utf8');
  if (kind === 'html') return /<\/html>\s*$/i.test(text) ? null : `${path} does not end with </html> (half-written?)`;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  try {
    const last = JSON.parse(lines.at(-1) ?? '') as { kind?: string };
    return last.kind === 'run-end' ? null : `${path}: the last line is not the run-end event (half-written?)`;
  } catch {
    return `${path}: the last line is not JSON (half-written?)`;
  }
}

/** Temp files the atomic writers leave beside an output when they fail half-way. */
function leftovers(output: Output): string[] {
  const dir = dirname(output.path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((name) => /\.tmp|\.partial|^\.sync-lab-tmp/i.test(name));
}

/** Problems with the outputs after a run that ended with `code`; empty when all is well. */
export function outputProblems(outputs: readonly Output[], before: readonly Snapshot[], code: number | null): string[] {
  const problems: string[] = [];
  outputs.forEach((output, n) => {
    if (code === 0 || code === 1) {
      const problem = completeProblem(output);
      if (problem) problems.push(problem);
    } else if (JSON.stringify(snapshot(output.path)) !== JSON.stringify(before[n])) {
      problems.push(`${output.path} changed although the command refused (exit ${code}): it must stay as it was`);
    }
    const temp = leftovers(output);
    if (temp.length > 0) problems.push(`temp files left beside ${output.path}: ${temp.join(', ')}`);
  });
  return problems;
}
