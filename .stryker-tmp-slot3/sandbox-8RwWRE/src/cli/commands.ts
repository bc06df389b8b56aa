/**
 * The list of commands. One line per command module, so parallel work never edits the same lines.
 *
 * Each command module is imported only when its command runs (or its help is asked for): loading all
 * of them at start pulled the simulator, the checkers, zod, xstate, yaml, piscina and fast-check into
 * every `sync-lab --help`. The top-level help needs only each command's name, arguments, description
 * and whether it has options: the compiled CLI gets them from a manifest the build writes
 * (`helpManifest`, embedded by scripts/build.ts); the sources, which have none, load every module.
 */
// @ts-nocheck

import { Command, Option } from 'commander';

export type Register = (program: Command) => void;

export const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  demo: async () => (await import('./demo.ts')).registerDemo,
  bench: async () => (await import('./bench.ts')).registerBench,
  explore: async () => (await import('./explore.ts')).registerExplore,
  replay: async () => (await import('./replay.ts')).registerReplay,
  merge: async () => (await import('./merge.ts')).registerMerge,
  run: async () => (await import('./run.ts')).registerRun,
  lab: async () => (await import('./lab.ts')).registerLab,
  audit: async () => (await import('./audit.ts')).registerAudit,
  viz: async () => (await import('./viz.ts')).registerViz,
  check: async () => (await import('./check.ts')).registerCheck,
  schema: async () => (await import('./schema.ts')).registerSchema,
};

/** Registers every command (in the order of COMMANDS, the order the help lists them). */
export async function registerCommands(program: Command): Promise<void> {
  const registers = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  for (const register of registers) register(program);
}

/** Registers one command, by name (a key of COMMANDS). */
export async function registerCommand(program: Command, name: string): Promise<void> {
  const load = COMMANDS[name];
  if (load === undefined) throw new Error(`registerCommand: no command named ${name}`);
  (await load())(program);
}

/**
 * The command the arguments name, if any. The program's own options (-h, --help) take no value, so
 * the first argument not starting with '-' is the command (or `help`, then the command it asks about).
 * An alias counts when the manifest names it.
 */
export function requestedCommand(args: readonly string[], manifest?: readonly CommandSummary[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const word = words[0] === 'help' ? words[1] : words[0];
  if (word === undefined) return undefined;
  if (Object.hasOwn(COMMANDS, word)) return word;
  return manifest?.find((s) => s.aliases.includes(word))?.nameAndArgs.split(' ')[0];
}

/** What the top-level help shows of one command: enough to rebuild a stand-in that prints the same. */
export interface CommandSummary {
  /** The name and arguments, as given to `program.command()`: `replay <file>`. */
  nameAndArgs: string;
  aliases: string[];
  description: string;
  summary: string;
  hidden: boolean;
  helpGroup?: string;
  options: { flags: string; description: string; hidden: boolean }[];
}

/** The summaries of every subcommand of a fully registered program (what the build embeds). */
export function helpManifest(program: Command): CommandSummary[] {
  return program.commands.map((cmd) => {
    const args = cmd.registeredArguments.map((a) => {
      const name = `${a.name()}${a.variadic ? '...' : ''}`;
      return a.required ? `<${name}>` : `[${name}]`;
    });
    const hidden = (cmd as unknown as { _hidden?: boolean })._hidden === true;
    const group = cmd.helpGroup();
    return {
      nameAndArgs: [cmd.name(), ...args].join(' '),
      aliases: cmd.aliases(),
      description: cmd.description(),
      summary: cmd.summary(),
      hidden,
      ...(group ? { helpGroup: group } : {}),
      options: cmd.options.map((o) => ({ flags: o.flags, description: o.description, hidden: o.hidden })),
    };
  });
}

/**
 * Registers stand-ins that print in the top-level help exactly as the real commands do. They are used
 * only when no command runs (`sync-lab`, `--help`, an unknown command): a stand-in never acts.
 */
export function registerStandIns(program: Command, manifest: readonly CommandSummary[]): void {
  for (const s of manifest) {
    const cmd = program.command(s.nameAndArgs, { hidden: s.hidden }).description(s.description).summary(s.summary).aliases(s.aliases);
    if (s.helpGroup !== undefined) cmd.helpGroup(s.helpGroup);
    for (const o of s.options) cmd.addOption(new Option(o.flags, o.description).hideHelp(o.hidden));
    cmd.action(() => {
      throw new Error(`the stand-in of ${cmd.name()} was run instead of the command`);
    });
  }
}
