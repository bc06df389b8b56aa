/** The list of commands. One line per command module, so parallel work never edits the same lines. */
import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerBench } from './bench.ts';

export function registerCommands(program: Command): void {
  registerDemo(program);
  registerBench(program);
}
