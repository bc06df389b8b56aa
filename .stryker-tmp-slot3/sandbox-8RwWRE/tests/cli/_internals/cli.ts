// @ts-nocheck
// Runs the sync-lab CLI in a child process, as a user would, and returns its exit code and output.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The published entry point (it registers tsx itself), so the CLI also runs from any working folder.
const BIN = fileURLToPath(new URL('../../../bin/sync-lab.js', import.meta.url));

export function cli(args: string[], cwd?: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: cwd ?? process.cwd(), env: { ...process.env, FORCE_COLOR: '0', SYNC_LAB_FROM_SOURCES: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Starts the CLI, sends it `signal` as soon as its stderr matches `ready` (an event, not a timer),
 * and returns how it ended.
 */
export function cliInterrupted(args: string[], ready: RegExp, signal: NodeJS.Signals = 'SIGINT', cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: cwd ?? process.cwd(), env: { ...process.env, FORCE_COLOR: '0', SYNC_LAB_FROM_SOURCES: '1' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!sent && ready.test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
