/** The list of commands. One line per command module, so parallel work never edits the same lines. */
import type { Command } from 'commander';
import { registerDemo } from './demo.ts';
import { registerBench } from './bench.ts';
import { registerExplore } from './explore.ts';
import { registerReplay } from './replay.ts';
import { registerMerge } from './merge.ts';
import { registerRun } from './run.ts';
import { registerLab } from './lab.ts';
import { registerAudit } from './audit.ts';
import { registerViz } from './viz.ts';
import { registerCheck } from './check.ts';
import { registerSchema } from './schema.ts';

export function registerCommands(program: Command): void {
  registerDemo(program);
  registerBench(program);
  registerExplore(program);
  registerReplay(program);
  registerMerge(program);
  registerRun(program);
  registerLab(program);
  registerAudit(program);
  registerViz(program);
  registerCheck(program);
  registerSchema(program);
}
