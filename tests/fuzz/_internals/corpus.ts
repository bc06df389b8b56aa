/**
 * The valid files the fuzz test mutates: every shipped scenario, regression replay, profile and
 * golden trace, plus options files taken from the shipped scenarios and replays. Mutating real
 * files reaches far deeper into each schema than random junk does.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What a file is for: each kind has its own loader and its own CLI command. */
export type InputKind = 'options' | 'scenario' | 'replay' | 'profile' | 'trace' | 'shard';
export const INPUT_KINDS: readonly InputKind[] = ['options', 'scenario', 'replay', 'profile', 'trace', 'shard'];

/** How the file's text is laid out: the mutators serialise back in the same format. */
export type FileFormat = 'json' | 'yaml' | 'jsonl';

export interface CorpusFile {
  kind: InputKind;
  /** Where it came from, shown in a failing case. */
  origin: string;
  format: FileFormat;
  /** The extension the loaders read the format from. */
  ext: '.json' | '.yaml' | '.jsonl';
  text: string;
}

const EXT: Record<FileFormat, CorpusFile['ext']> = { json: '.json', yaml: '.yaml', jsonl: '.jsonl' };

function filesIn(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(REPO_ROOT, dir))
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function read(relative: string): string {
  return readFileSync(join(REPO_ROOT, relative), 'utf8');
}

function asFile(kind: InputKind, origin: string, format: FileFormat, text: string): CorpusFile {
  return { kind, origin, format, ext: EXT[format], text };
}

function formatOf(path: string): FileFormat {
  return /\.ya?ml$/i.test(path) ? 'yaml' : path.endsWith('.jsonl') ? 'jsonl' : 'json';
}

/**
 * A replay file is run from a copy in a temporary folder: a reconciler named by a path relative to the
 * shipped file (a broken fixture under tests/) is made absolute, so the copy still finds it.
 */
function withReachableReconciler(file: string, text: string): string {
  const replay = JSON.parse(text) as { reconciler?: unknown };
  if (typeof replay.reconciler !== 'string' || !replay.reconciler.startsWith('.')) return text;
  return `${JSON.stringify({ ...replay, reconciler: resolve(REPO_ROOT, dirname(file), replay.reconciler) }, null, 2)}\n`;
}

/** Options files: the `options` of every shipped scenario and replay, each as JSON and as YAML. */
function optionsFiles(): CorpusFile[] {
  const sources = [...filesIn('simulations/reviewer', /\.(json|ya?ml)$/), ...filesIn('simulations/regressions', /\.json$/)];
  return sources.flatMap((source) => {
    const options = (parseYaml(read(source)) as { options: Record<string, unknown> }).options;
    return [
      asFile('options', `${source} (options)`, 'json', `${JSON.stringify(options, null, 2)}\n`),
      asFile('options', `${source} (options)`, 'yaml', stringifyYaml(options)),
    ];
  });
}

/**
 * Every valid file of a kind. Shards are not shipped: `shardTexts` are explore results written by
 * the real CLI (tests/fuzz/_internals/shards.ts), so they always have the fields merge expects.
 */
export function corpus(kind: InputKind, shardTexts: readonly string[] = []): CorpusFile[] {
  switch (kind) {
    case 'options':
      return optionsFiles();
    case 'scenario':
      return filesIn('simulations/reviewer', /\.(json|ya?ml)$/).map((f) => asFile('scenario', f, formatOf(f), read(f)));
    case 'replay':
      return filesIn('simulations/regressions', /\.json$/).map((f) => asFile('replay', f, 'json', withReachableReconciler(f, read(f))));
    case 'profile':
      return filesIn('simulations/profiles', /\.ya?ml$/).map((f) => asFile('profile', f, 'yaml', read(f)));
    case 'trace':
      return filesIn('tests/golden', /\.jsonl$/).map((f) => asFile('trace', f, 'jsonl', read(f)));
    case 'shard':
      return shardTexts.map((text, n) => asFile('shard', `explore shard ${n} (written by the CLI)`, 'json', text));
  }
}
