/**
 * The `sync-lab` command line. Each command lives in its own module, imported only when that command
 * runs (see commands.ts): `sync-lab --help` loads commander and nothing of the lab.
 * Exit codes: 0 all checks hold, 1 a property was violated, 2 bad input or usage, 3 a bug in
 * sync-lab itself (never the input's fault: inputs are checked at the edge and refused with exit 2).
 */
// @ts-nocheck

import { Command, CommanderError } from 'commander';
import { UsageError } from '../io/usage-error.ts';
import { registerCommand, registerCommands, registerStandIns, requestedCommand } from './commands.ts';
import type { CommandSummary } from './commands.ts';
import { internalErrorReport } from './internal-error.ts';

// The top-level help of every command, embedded by scripts/build.ts; absent when run from the sources.
declare const __SYNC_LAB_HELP__: CommandSummary[] | undefined;
const HELP: CommandSummary[] | undefined = typeof __SYNC_LAB_HELP__ === 'undefined' ? undefined : __SYNC_LAB_HELP__;

const program = new Command('sync-lab')
  .description('Deterministic simulation and verification lab for offline-first sync semantics')
  .showHelpAfterError()
  .exitOverride();

try {
  const name = requestedCommand(process.argv.slice(2), HELP);
  if (name !== undefined) await registerCommand(program, name);
  else if (HELP !== undefined) registerStandIns(program, HELP);
  else await registerCommands(program);
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError) {
    process.stderr.write(`sync-lab: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(internalErrorReport(error));
    process.exitCode = 3;
  }
}
