// Runs the sync-lab CLI in a child process, as a user would, and returns its exit code and output.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

export function cli(args: string[], cwd?: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', cwd: cwd ?? process.cwd(), env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
