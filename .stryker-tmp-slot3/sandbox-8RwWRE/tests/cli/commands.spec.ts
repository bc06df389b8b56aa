/**
 * Lazy command loading: the command table, the stand-ins the top-level help is printed from, and the
 * choice of which command module a command line loads.
 */
// @ts-nocheck

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS, helpManifest, registerCommand, registerCommands, registerStandIns, requestedCommand } from '../../src/cli/commands.ts';
import type { CommandSummary } from '../../src/cli/commands.ts';

/** The program as src/cli/main.ts builds it. */
const program = () => new Command('sync-lab').description('Deterministic simulation and verification lab for offline-first sync semantics').showHelpAfterError().exitOverride();

async function eager(): Promise<Command> {
  const p = program();
  await registerCommands(p);
  return p;
}

describe('the command table', () => {
  it('each entry loads the module that registers exactly the command of its name', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const p = program();
      await registerCommand(p, name);
      expect(p.commands.map((c) => c.name()), name).toEqual([name]);
    }
  });

  it('refuses a name it does not have', async () => {
    await expect(registerCommand(program(), 'nope')).rejects.toThrow(/no command named nope/);
  });
});

describe('the top-level help from the manifest', () => {
  it('is the same text as with every command module loaded', async () => {
    const real = await eager();
    const manifest = helpManifest(real);
    expect(manifest.map((s) => s.nameAndArgs.split(' ')[0])).toEqual(Object.keys(COMMANDS));
    const lazy = program();
    // Through JSON, as the build embeds it.
    registerStandIns(lazy, JSON.parse(JSON.stringify(manifest)) as CommandSummary[]);
    const text = lazy.helpInformation();
    expect(text).toBe(real.helpInformation());
    for (const name of Object.keys(COMMANDS)) expect(text).toContain(name);
    expect(text).toContain('replay [options] <file>');
    expect(text).toContain('merge [options] <files...>');
  });

  it('keeps what the listing shows of a command: arguments, options or none, aliases, hidden, summary, group', () => {
    const real = program();
    real.command('plain');
    real.command('take <a> [b...]').option('-x, --ex <v>', 'an option').alias('t').summary('short');
    real.command('secret', { hidden: true });
    real.command('grouped').helpGroup('Other:').addHelpText('after', 'not in the listing');
    const lazy = program();
    registerStandIns(lazy, helpManifest(real));
    expect(lazy.helpInformation()).toBe(real.helpInformation());
    expect(lazy.helpInformation()).toContain('take|t [options] <a> [b...]');
    expect(lazy.helpInformation()).not.toContain('secret');
  });

  it('a stand-in never acts: running one is a sync-lab bug, not a silent success', async () => {
    const lazy = program();
    registerStandIns(lazy, helpManifest(await eager()));
    await expect(lazy.parseAsync(['node', 'sync-lab', 'demo'])).rejects.toThrow(/stand-in of demo/);
  });
});

describe('requestedCommand: which module a command line loads', () => {
  const manifest: CommandSummary[] = [{ nameAndArgs: 'run [scenario]', aliases: ['r'], description: '', summary: '', hidden: false, options: [] }];

  it('the first word not starting with "-" is the command, after the program options', () => {
    expect(requestedCommand(['run', '--seed', '1'])).toBe('run');
    expect(requestedCommand(['--help', 'run'])).toBe('run');
    expect(requestedCommand(['replay', 'x.json'])).toBe('replay');
  });

  it('`help <command>` loads that command; `help` alone, options alone or nothing load none', () => {
    expect(requestedCommand(['help', 'explore'])).toBe('explore');
    expect(requestedCommand(['help'])).toBeUndefined();
    expect(requestedCommand(['--help'])).toBeUndefined();
    expect(requestedCommand([])).toBeUndefined();
  });

  it('an unknown word loads none (commander then reports it against the full list); an alias the manifest names counts', () => {
    expect(requestedCommand(['rnu'])).toBeUndefined();
    expect(requestedCommand(['toString'])).toBeUndefined();
    expect(requestedCommand(['r', '--seed', '1'], manifest)).toBe('run');
    expect(requestedCommand(['r'])).toBeUndefined();
  });
});
