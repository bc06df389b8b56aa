/**
 * The `sync-lab` command line. Each command lives in its own module and registers itself here.
 * Exit codes: 0 all checks hold, 1 a property was violated, 2 bad input or usage, 3 a bug in
 * sync-lab itself (never the input's fault: inputs are checked at the edge and refused with exit 2).
 */
import { Command, CommanderError } from 'commander';
import { UsageError } from '../io/usage-error.ts';
import { registerCommands } from './commands.ts';
import { internalErrorReport } from './internal-error.ts';

const program = new Command('sync-lab')
  .description('Deterministic simulation and verification lab for offline-first sync semantics')
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

try {
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
