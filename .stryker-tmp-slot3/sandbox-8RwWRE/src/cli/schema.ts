/** `sync-lab schema <options|scenario|replay|profile|trace>`: prints the JSON Schema of that file kind. */
// @ts-nocheck

import type { Command } from 'commander';
import { jsonSchemaText, SCHEMA_NAMES } from '../explore/json-schemas.ts';
import type { SchemaName } from '../explore/json-schemas.ts';
import { UsageError } from '../io/usage-error.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema <name>')
    .description(`print the JSON Schema (generated from the validating zod schema) of a file kind: ${SCHEMA_NAMES.join(', ')}`)
    .action((name: string) => {
      if (!(SCHEMA_NAMES as readonly string[]).includes(name)) throw new UsageError(`schema: ${JSON.stringify(name)}: expected one of ${SCHEMA_NAMES.join(', ')}`);
      process.stdout.write(jsonSchemaText(name as SchemaName));
    });
}
