/**
 * fast-check arbitraries that turn a valid file into a case of one input class (input-classes.ts):
 * structural mutations work on the parsed value and write it back in the file's own format; byte
 * mutations (truncation, junk, invalid UTF-8) work on the text. Every case prints as one short line
 * (class, origin, what was done, size), so a failure report stays readable with megabyte inputs.
 */
// @ts-nocheck

import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { CorpusFile, FileFormat, InputKind } from './corpus.ts';
import type { InputClassId } from './input-classes.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

export interface FuzzCase {
  kind: InputKind;
  classId: InputClassId;
  origin: string;
  ext: string;
  bytes: Uint8Array;
  /** What the mutator did, for the failure report. */
  note: string;
}

function makeCase(file: CorpusFile, classId: InputClassId, bytes: Uint8Array | string, note: string, ext: string = file.ext): FuzzCase {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return {
    kind: file.kind,
    classId,
    origin: file.origin,
    ext,
    bytes: data,
    note,
    [fc.toStringMethod]: () => `${classId} of ${file.origin}: ${note} (${data.length} bytes, ${ext})`,
  } as FuzzCase;
}

function parseFile(file: CorpusFile): Json {
  if (file.format === 'jsonl') return file.text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Json);
  return (file.format === 'yaml' ? parseYaml(file.text) : JSON.parse(file.text)) as Json;
}

function serialize(format: FileFormat, value: Json): string {
  if (format === 'yaml') return stringifyYaml(value);
  if (format === 'jsonl' && Array.isArray(value)) return value.map((e) => JSON.stringify(e)).join('\n') + '\n';
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Every node below the root, depth first, in a stable order. */
function nodesOf(value: Json, path: Path = [], out: { path: Path; value: Json }[] = []): { path: Path; value: Json }[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push({ path: [...path, i], value: v });
      nodesOf(v, [...path, i], out);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: [...path, k], value: v });
      nodesOf(v, [...path, k], out);
    }
  }
  return out;
}

function withNode(root: Json, path: Path, replace: ((parent: Json[] | Record<string, Json>, key: string | number) => void)): Json {
  const copy = structuredClone(root);
  let parent = copy as Json[] | Record<string, Json>;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key] as Json[] | Record<string, Json>;
  replace(parent, path.at(-1)!);
  return copy;
}

const setAt = (root: Json, path: Path, value: Json): Json =>
  withNode(root, path, (parent, key) => {
    (parent as Record<string | number, Json>)[key] = value;
  });

const SENTINEL = 'FUZZSENTINEL0';
/** Puts raw text (not representable as a JSON value: NaN, a 100,000-deep nesting) where a node was. */
function withRawText(file: CorpusFile, root: Json, path: Path, raw: string): string {
  const text = serialize(file.format, setAt(root, path, SENTINEL));
  return text.replace(`"${SENTINEL}"`, raw).replace(SENTINEL, raw);
}

const typeOf = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const pickFrom = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
const describePath = (path: Path): string => path.join('.') || '(root)';

function structural(
  files: readonly CorpusFile[],
  classId: InputClassId,
  choose: (nodes: { path: Path; value: Json }[]) => { path: Path; value: Json }[],
  extra: fc.Arbitrary<number>,
  build: (file: CorpusFile, root: Json, node: { path: Path; value: Json }, extra: number) => { text: string; note: string },
): fc.Arbitrary<FuzzCase> {
  return fc.tuple(fc.constantFrom(...files), fc.nat(), extra).map(([file, pick, n]) => {
    const root = parseFile(file);
    const all = nodesOf(root);
    const chosen = choose(all);
    const candidates = chosen.length > 0 ? chosen : all;
    const node = pickFrom(candidates, pick);
    const { text, note } = build(file, root, node, n);
    return makeCase(file, classId, text, note);
  });
}

const isNumber = (n: { value: Json }) => typeof n.value === 'number';
const isString = (n: { value: Json }) => typeof n.value === 'string';
const inObject = (n: { path: Path }) => typeof n.path.at(-1) === 'string';

const OTHER_TYPES: Json[] = ['x', 42, true, null, [], {}, [1, 'a'], { a: 1 }];
const HUGE = [99999999999999, 2 ** 53 + 2, 1e300, Number.MAX_VALUE];
const NEGATIVE = [-1, -0.5, -1e14];
const NON_FINITE_JSON = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '"NaN"'];
const NON_FINITE_YAML = ['.nan', '.inf', '-.inf', '1e999', 'NaN', '"Infinity"'];
const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

function insertBytes(original: Uint8Array, at: number, inserted: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(original.length + inserted.length);
  out.set(original.subarray(0, at), 0);
  out.set(inserted, at);
  out.set(original.subarray(at), at + inserted.length);
  return out;
}

function aliasBomb(levels: number): string {
  const lines = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

/** Kinds whose loader reads YAML when the file is named .yaml. */
const READS_YAML: readonly InputKind[] = ['options', 'scenario', 'replay', 'profile'];

/** Cases of one input class, mutated from the given valid files (all of one kind). */
export function fuzzCases(files: readonly CorpusFile[], classId: InputClassId, options: { safeHugeOnly?: boolean } = {}): fc.Arbitrary<FuzzCase> {
  if (files.length === 0) throw new Error(`fuzzCases(${classId}): no valid files to mutate`);
  const kind = files[0]!.kind;
  switch (classId) {
    case 'valid':
      return fc.constantFrom(...files).map((file) => makeCase(file, 'valid', file.text, 'unchanged'));
    case 'wrong-type':
      return structural(files, classId, (all) => all, fc.nat(), (file, root, node, n) => {
        const others = OTHER_TYPES.filter((v) => typeOf(v) !== typeOf(node.value));
        const value = pickFrom(others, n);
        return { text: serialize(file.format, setAt(root, node.path, value)), note: `${describePath(node.path)} = ${JSON.stringify(value)}` };
      });
    case 'missing-field':
      return structural(files, classId, (all) => all.filter(inObject), fc.constant(0), (file, root, node) => ({
        text: serialize(file.format, withNode(root, node.path, (parent, key) => delete (parent as Record<string, Json>)[key as string])),
        note: `removed ${describePath(node.path)}`,
      }));
    case 'unknown-field':
      return fc.tuple(fc.constantFrom(...files), fc.jsonValue({ maxDepth: 2 })).map(([file, value]) => {
        const root = parseFile(file);
        const target = Array.isArray(root) ? root[0] : root;
        (target as Record<string, Json>)['fuzzUnknownField'] = value as Json;
        return makeCase(file, classId, serialize(file.format, root), `fuzzUnknownField = ${JSON.stringify(value).slice(0, 60)}`);
      });
    case 'huge-number':
    case 'negative-number': {
      const values = classId === 'huge-number' ? (options.safeHugeOnly ? HUGE.filter(Number.isSafeInteger) : HUGE) : NEGATIVE;
      return structural(files, classId, (all) => all.filter(isNumber), fc.nat(), (file, root, node, n) => {
        const value = pickFrom(values, n);
        return { text: serialize(file.format, setAt(root, node.path, value)), note: `${describePath(node.path)} = ${value}` };
      });
    }
    case 'non-finite-number':
      return structural(files, classId, (all) => all.filter(isNumber), fc.nat(), (file, root, node, n) => {
        const token = pickFrom(file.format === 'yaml' ? NON_FINITE_YAML : NON_FINITE_JSON, n);
        return { text: withRawText(file, root, node.path, token), note: `${describePath(node.path)} = ${token}` };
      });
    case 'long-string':
      return structural(files, classId, (all) => (all.some(isString) ? all.filter(isString) : all.filter(isNumber)), fc.integer({ min: 70_000, max: 2_000_000 }), (file, root, node, length) => {
        const unit = 'a long journal note, ';
        const value = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
        return { text: serialize(file.format, setAt(root, node.path, value)), note: `${describePath(node.path)} = ${length} characters` };
      });
    case 'deep-nesting':
      return structural(files, classId, (all) => all, fc.integer({ min: 1_000, max: 100_000 }), (file, root, node, depth) => {
        const objects = depth % 2 === 1;
        const raw = objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
        return { text: withRawText(file, root, node.path, raw), note: `${describePath(node.path)} = ${objects ? 'objects' : 'arrays'} nested ${depth} deep` };
      });
    case 'truncated':
      return fc.tuple(fc.constantFrom(...files), fc.nat()).map(([file, n]) => {
        const bytes = new TextEncoder().encode(file.text.trimEnd());
        const at = n % bytes.length;
        return makeCase(file, classId, bytes.subarray(0, at), `cut at byte ${at} of ${bytes.length}`);
      });
    case 'binary-junk':
      return fc.tuple(fc.constantFrom(...files), fc.nat(), fc.boolean(), fc.uint8Array({ minLength: 1, maxLength: 512 })).map(([file, n, whole, junk]) => {
        if (whole) return makeCase(file, classId, junk, `the whole file is ${junk.length} random bytes`);
        const bytes = new TextEncoder().encode(file.text);
        const at = n % (bytes.length + 1);
        return makeCase(file, classId, insertBytes(bytes, at, junk.subarray(0, 64)), `${Math.min(junk.length, 64)} random bytes inserted at byte ${at}`);
      });
    case 'invalid-utf8':
      return fc.tuple(fc.constantFrom(...files), fc.nat(), fc.nat()).map(([file, n, which]) => {
        const bytes = new TextEncoder().encode(file.text);
        const at = n % (bytes.length + 1);
        const inserted = pickFrom(INVALID_UTF8, which);
        return makeCase(file, classId, insertBytes(bytes, at, inserted), `bytes ${inserted.map((b) => b.toString(16)).join(' ')} inserted at byte ${at}`);
      });
    case 'yaml-alias-bomb':
      return fc.tuple(fc.constantFrom(...files), fc.integer({ min: 4, max: 9 })).map(([file, levels]) =>
        makeCase(file, classId, aliasBomb(levels), `${levels} levels of 9 aliases`, READS_YAML.includes(kind) ? '.yaml' : file.ext),
      );
    case 'duplicate-key-yaml':
    case 'duplicate-key-json':
      return fc.tuple(fc.constantFrom(...files), fc.nat()).map(([file, n]) => {
        const root = parseFile(file);
        const target = (Array.isArray(root) ? root[0] : root) as Record<string, Json>;
        const key = pickFrom(Object.keys(target), n);
        const other = pickFrom(OTHER_TYPES.filter((v) => typeOf(v) !== typeOf(target[key]!)), n);
        if (classId === 'duplicate-key-yaml') {
          const yaml = `${JSON.stringify(key)}: ${JSON.stringify(other)}\n${stringifyYaml(Array.isArray(root) ? root[0] : root)}`;
          return makeCase(file, classId, yaml, `root key ${key} repeated (first ${JSON.stringify(other)})`, READS_YAML.includes(kind) ? '.yaml' : file.ext);
        }
        const json = JSON.stringify(Array.isArray(root) ? root[0] : root).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(other)},`);
        const rest = Array.isArray(root) && file.format === 'jsonl' ? root.slice(1).map((e) => JSON.stringify(e)) : [];
        const text = Array.isArray(root) && file.format !== 'jsonl' ? `[${json}]` : [json, ...rest].join('\n');
        return makeCase(file, classId, `${text}\n`, `root key ${key} repeated (first ${JSON.stringify(other)})`, file.format === 'yaml' ? '.json' : file.ext);
      });
    case 'empty':
      return fc.tuple(fc.constantFrom(...files), fc.constantFrom('', ' \n\t\n', 'null\n', '~\n')).map(([file, text]) => makeCase(file, classId, text, `contents ${JSON.stringify(text)}`));
    case 'wrong-root':
      return fc.tuple(fc.constantFrom(...files), fc.nat()).map(([file, n]) => {
        const roots: Json[] = kind === 'trace' ? ['a string', 42, true, {}, []] : ['a string', 42, true, [parseFile(file)]];
        const root = pickFrom(roots, n);
        const text = file.format === 'yaml' ? stringifyYaml(root) : `${JSON.stringify(root)}\n`;
        return makeCase(file, classId, text, `root = ${typeOf(root)}${Array.isArray(root) && root.length ? ' holding the valid file' : ''}`);
      });
  }
}
