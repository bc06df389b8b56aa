/**
 * The table of input classes and the exit codes each may end with, per kind of file (issue 9, Build
 * 8). It drives both layers of the fuzz test: in-process, a class whose only exit is 2 must be
 * refused with a UsageError, one without 2 must load, the rest may do either; through the CLI the
 * exit code must be in the set. Exit 3 (an internal error) is in no set: it is always a failure.
 *
 * Kinds and the command each goes through: options `run --options`, scenario `audit --scenarios`,
 * replay `replay`, profile `explore --profile`, trace `viz`, shard `merge`.
 */
// @ts-nocheck

import type { InputKind } from './corpus.ts';

export type ExitCode = 0 | 1 | 2;
type Exits = readonly ExitCode[];

export type InputClassId =
  | 'valid'
  | 'wrong-type'
  | 'missing-field'
  | 'unknown-field'
  | 'huge-number'
  | 'negative-number'
  | 'non-finite-number'
  | 'long-string'
  | 'deep-nesting'
  | 'truncated'
  | 'binary-junk'
  | 'invalid-utf8'
  | 'yaml-alias-bomb'
  | 'duplicate-key-yaml'
  | 'duplicate-key-json'
  | 'empty'
  | 'wrong-root';

export interface InputClass {
  id: InputClassId;
  /** What the mutator does to a valid file. */
  what: string;
  /** The exit codes a case of this class may end with, per kind. */
  exits: Record<InputKind, Exits>;
  /**
   * Sent through the real CLI too: the classes whose outcome depends on what runs after the loader
   * (the simulator, the checkers, the writers). The rest are decided by the loader alone and are
   * covered in-process, where thousands of cases cost what a few processes do.
   */
  cli: boolean;
}

const OK: Exits = [0, 1];
const OK_OR_REFUSED: Exits = [0, 1, 2];
const REFUSED: Exits = [2];
const all = (exits: Exits): Record<InputKind, Exits> => ({ options: exits, scenario: exits, replay: exits, profile: exits, trace: exits, shard: exits });

export const INPUT_CLASSES: readonly InputClass[] = [
  {
    id: 'valid',
    what: 'a shipped file, unchanged',
    exits: { ...all(OK), trace: [0] },
    cli: true,
  },
  {
    id: 'wrong-type',
    what: 'one value (below the root) replaced by a value of another JSON type',
    // Options and profiles type every value; scenarios, replays, traces and shards have free-form fields (record content, passthrough payloads).
    exits: { ...all(OK_OR_REFUSED), options: REFUSED, profile: REFUSED, trace: [0, 2], shard: [0, 2] },
    cli: true,
  },
  {
    id: 'missing-field',
    what: 'one object key (below the root) removed',
    exits: { ...all(OK_OR_REFUSED), trace: [0, 2], shard: [0, 2] },
    cli: false,
  },
  {
    id: 'unknown-field',
    what: 'the root object (the first event of a trace) gains a key no schema knows',
    // Strict schemas refuse it; trace events pass unknown fields through by design.
    exits: { ...all(REFUSED), trace: [0], shard: [0, 2] },
    cli: false,
  },
  {
    id: 'huge-number',
    what: 'one number replaced by 99999999999999, 2^53 + 2, 1e300 or Number.MAX_VALUE',
    exits: { ...all(OK_OR_REFUSED), trace: [0, 2], shard: [0, 2] },
    cli: true,
  },
  {
    id: 'negative-number',
    what: 'one number replaced by -1, -0.5 or -10^14',
    // Every simulation option is >= 0, so a negative anywhere in options or a profile is out of bounds.
    exits: { ...all(OK_OR_REFUSED), options: REFUSED, profile: REFUSED, trace: [0, 2], shard: [0, 2] },
    cli: true,
  },
  {
    id: 'non-finite-number',
    what: 'one number replaced by NaN / Infinity as text: bare NaN, 1e999, YAML .nan / .inf, or the string "NaN"',
    exits: { ...all(OK_OR_REFUSED), options: REFUSED, profile: REFUSED, trace: [0, 2], shard: [0, 2] },
    cli: false,
  },
  {
    id: 'long-string',
    what: 'one string (a number when there is none) replaced by 70,000 to 2,000,000 characters',
    exits: { ...all(OK_OR_REFUSED), options: REFUSED, trace: [0, 2], shard: [0, 2] },
    cli: true,
  },
  {
    id: 'deep-nesting',
    what: 'one value replaced by arrays or objects nested 1,000 to 100,000 deep',
    // Only replay events and trace payloads take free-form values; everywhere else a nested value is the wrong type.
    exits: { ...all(REFUSED), replay: OK_OR_REFUSED, trace: [0, 2], shard: [0, 2] },
    cli: true,
  },
  {
    id: 'truncated',
    what: 'the file cut at a random byte before its end',
    // A JSON document cut anywhere is invalid; YAML and JSON lines cut at a line end may still be valid (and a trace then lacks its run-end).
    exits: { ...all(OK_OR_REFUSED), replay: REFUSED, shard: REFUSED, trace: [0, 2] },
    cli: false,
  },
  {
    id: 'binary-junk',
    what: 'random bytes inserted at a random byte, or the whole file random bytes',
    exits: all(OK_OR_REFUSED),
    cli: false,
  },
  {
    id: 'invalid-utf8',
    what: 'bytes that are not UTF-8 (0xFF, 0xC3 0x28, a lone continuation byte) inserted at a random byte',
    exits: all(OK_OR_REFUSED),
    cli: false,
  },
  {
    id: 'yaml-alias-bomb',
    what: 'a billion-laughs YAML document (aliases of aliases), named .yaml where the kind reads YAML',
    exits: all(REFUSED),
    cli: false,
  },
  {
    id: 'duplicate-key-yaml',
    what: 'a YAML file whose root mapping repeats a key with another value',
    exits: all(REFUSED),
    cli: false,
  },
  {
    id: 'duplicate-key-json',
    what: 'a JSON file whose root object repeats a key with another value first (JSON.parse keeps the last)',
    exits: { ...all(OK_OR_REFUSED), trace: [0, 2] },
    cli: false,
  },
  {
    id: 'empty',
    what: 'an empty file, only whitespace, or a null document',
    exits: all(REFUSED),
    cli: false,
  },
  {
    id: 'wrong-root',
    what: 'the root is a string, a number, a boolean or (an object for a trace) an array',
    exits: all(REFUSED),
    cli: false,
  },
];

export function inputClass(id: InputClassId): InputClass {
  const found = INPUT_CLASSES.find((c) => c.id === id);
  if (!found) throw new Error(`no input class ${id}`);
  return found;
}

/** What the loader must do with a case, from the exit codes its class may end with. */
export function expectedLoad(exits: Exits): 'accept' | 'refuse' | 'either' {
  if (!exits.includes(2)) return 'accept';
  return exits.length === 1 ? 'refuse' : 'either';
}
