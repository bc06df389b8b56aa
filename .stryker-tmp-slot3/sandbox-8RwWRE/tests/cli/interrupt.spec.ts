// @ts-nocheck
// Ctrl-C: the terminal gets its cursor and line wrap back, staged output is dropped, the line says how
// many seeds finished, and the process exits 130 with nothing half-written.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { handleInterrupt } from '../../src/cli/interrupt.ts';
import { makeProgress, RESTORE_TERMINAL } from '../../src/cli/progress.ts';
import { OUTPUT_MARKER } from '../../src/io/output-dir.ts';
import { snapshotTree } from '../io/_internals/tree.ts';
import { cliInterrupted } from './_internals/cli.ts';

/** A stream that says it is a terminal and records what is written to it. */
function fakeTerminal(): NodeJS.WriteStream & { text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text: () => string };
  let written = '';
  stream.write = ((chunk: string | Uint8Array) => {
    written += chunk.toString();
    return true;
  }) as typeof stream.write;
  Object.assign(stream, { isTTY: true, columns: 80, rows: 24, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, text: () => written });
  return stream;
}

describe('Ctrl-C', () => {
  it('on a terminal: the progress bar hid the cursor and turned line wrap off; the handler turns both back on', () => {
    const terminal = fakeTerminal();
    const progress = makeProgress('auto', terminal);
    progress.onProgress({ done: 3, total: 10, failing: 0 });
    expect(terminal.text()).toContain('\x1b[?25l'); // cursor hidden by the bar
    expect(terminal.text()).toContain('\x1b[?7l'); // line wrap off
    const line = handleInterrupt({ command: 'explore', progress, stream: terminal, abandonStaged: () => [] });
    const after = terminal.text().slice(terminal.text().lastIndexOf('\x1b[?7l'));
    expect(after).toContain('\x1b[?25h');
    expect(after).toContain('\x1b[?7h');
    expect(after.endsWith(`${RESTORE_TERMINAL}\n${line}\n`)).toBe(true);
    expect(line).toBe('explore: interrupted; 3 of 10 seed(s) finished; no file was left half-written');
  });

  it('names the folders whose previous results are kept', () => {
    const terminal = fakeTerminal();
    const progress = makeProgress('none');
    progress.onProgress({ done: 0, total: undefined, failing: 0 });
    const line = handleInterrupt({ command: 'lab', progress, stream: { write: terminal.write, isTTY: false }, abandonStaged: () => ['/r/lab-results'] });
    expect(line).toBe('lab: interrupted; no seed finished; nothing written: the previous results in /r/lab-results are as they were');
  });

  it('explore (spawned, SIGINT): exits 130, says how many seeds finished, writes no summary and leaves earlier files as they were', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sync-lab-int-')), 'explore-results');
    mkdirSync(out);
    writeFileSync(join(out, OUTPUT_MARKER), JSON.stringify({ command: 'explore', version: '0.1.0' }));
    writeFileSync(join(out, 'explore-default-shard-0-of-1.json'), '{"earlier": true}\n');
    const before = snapshotTree(out);
    const r = await cliInterrupted(['explore', '--seeds', '100000', '--workers', '1', '--out', out, '--json'], /explore: 100000 seeds from 1/);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/explore: interrupted; (no seed|\d+ of 100000 seed\(s\)) finished; no file was left half-written/);
    expect(r.stdout).toBe('');
    expect(snapshotTree(out)).toEqual(before);
  });

  // A real pseudo-terminal through util-linux `script`: the bar draws, Ctrl-C (SIGINT to the CLI
  // process) must leave the terminal with its cursor shown and line wrap on.
  it.skipIf(!existsSync('/usr/bin/script'))('explore in a pseudo-terminal: the last terminal modes written show the cursor and turn line wrap on', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sync-lab-pty-')), 'e');
    const bin = fileURLToPath(new URL('../../bin/sync-lab.js', import.meta.url));
    // `exec` replaces the shell `script` starts (dash, unlike bash, does not exec a lone command by
    // itself), so the CLI is the direct child of `script` whatever $SHELL is.
    const command = `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} explore --seeds 100000 --workers 1 --out ${JSON.stringify(out)}`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, SHELL: '/bin/sh', FORCE_COLOR: '0', SYNC_LAB_FROM_SOURCES: '1' } });
    let screen = '';
    let sent = false;
    const exit = new Promise<number | null>((done) => child.on('close', done));
    // Never hang the suite: if the bar does not show or the CLI does not stop, kill everything and
    // fail with what the terminal showed.
    const guard = setTimeout(() => {
      try {
        execFileSync('pkill', ['-KILL', '-P', String(child.pid)]);
      } catch {
        // already gone
      }
      child.kill('SIGKILL');
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (!sent && /seeds \| \d+ seeds\/s/.test(screen)) {
        sent = true;
        const pid = Number(execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim().split('\n')[0]);
        process.kill(pid, 'SIGINT');
      }
    });
    const code = await exit;
    clearTimeout(guard);
    expect(sent, screen).toBe(true);
    expect(code).toBe(130);
    const lastHide = Math.max(screen.lastIndexOf('\x1b[?25l'), screen.lastIndexOf('\x1b[?7l'));
    expect(screen.lastIndexOf('\x1b[?25h')).toBeGreaterThan(lastHide);
    expect(screen.lastIndexOf('\x1b[?7h')).toBeGreaterThan(lastHide);
    expect(screen).toMatch(/explore: interrupted; \d+ of 100000 seed\(s\) finished/);
  });
});
