/**
 * JSON Schemas of the files sync-lab reads and writes, generated from the zod schemas that check
 * them (zod 4 `z.toJSONSchema`, input side: what a file may say, defaults optional). Served by
 * `sync-lab schema <name>`; `schemas/*.schema.json` hold the same text for editors (a test keeps
 * them current). Files reference them with `"$schema"` (JSON) or a `# yaml-language-server: $schema=`
 * comment (YAML); the loaders ignore a top-level `$schema`.
 */
// @ts-nocheck

import { z } from 'zod';
import { simOptionsSchema } from '../sim/options.ts';
import { traceEventSchema } from '../trace/schema.ts';
import { profileSchema } from './profile.ts';
import { replayFileSchema } from './replay-file.ts';
import { scenarioSchema } from './scenario-file.ts';

export const SCHEMA_NAMES = ['options', 'scenario', 'replay', 'profile', 'trace'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

const TITLES: Record<SchemaName, string> = {
  options: 'sync-lab simulation options (run --options, scenario and replay files)',
  scenario: 'sync-lab scenario file',
  replay: 'sync-lab replay file',
  profile: 'sync-lab swarm profile',
  trace: 'sync-lab trace: one event per line of a .jsonl trace',
};

type Json = Record<string, unknown>;

const toJson = (schema: z.ZodType): Json => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;

/** Lets a document carry its own `$schema` reference (the loaders drop it before validating). */
function allowSchemaKey(schema: Json): Json {
  const properties = (schema['properties'] ?? {}) as Json;
  return { ...schema, properties: { $schema: { type: 'string', description: 'the JSON Schema of this file (ignored by sync-lab)' }, ...properties } };
}

export function jsonSchemaOf(name: SchemaName): Json {
  const options = toJson(simOptionsSchema);
  const { $schema: _draft, ...optionsBody } = options;
  let body: Json;
  switch (name) {
    case 'options':
      body = allowSchemaKey(options);
      break;
    case 'scenario':
    case 'replay': {
      const generated = allowSchemaKey(toJson(name === 'scenario' ? scenarioSchema : replayFileSchema));
      // The zod schema takes `options` as any object and resolves it later; editors get the real fields.
      body = { ...generated, properties: { ...(generated['properties'] as Json), options: optionsBody } };
      break;
    }
    case 'profile':
      body = allowSchemaKey(toJson(profileSchema));
      break;
    case 'trace':
      body = toJson(traceEventSchema);
      break;
  }
  return { ...body, title: TITLES[name] };
}

/** The text `sync-lab schema <name>` prints and `schemas/<name>.schema.json` holds. */
export function jsonSchemaText(name: SchemaName): string {
  return `${JSON.stringify(jsonSchemaOf(name), null, 2)}\n`;
}
