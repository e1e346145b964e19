/** `hwgen schema`: write the JSON Schema of every generator family's configuration (configs/schema/<family>.schema.json). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { families, jsonSchemaOf } from '../../generators/registry.js';

export const SCHEMA_DIR = 'configs/schema';

/** The text of each family's schema file, by file name. */
export function schemaFiles(): Map<string, string> {
  return new Map(families.map((f) => [`${f.name}.schema.json`, `${JSON.stringify(jsonSchemaOf(f), null, 2)}\n`]));
}

/** Write the schema files; returns the paths written. */
export function writeSchemas(dir = SCHEMA_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  return [...schemaFiles()].map(([name, text]) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  });
}

/** Schema files that are missing or differ from what the schemas give now. */
export function staleSchemas(dir = SCHEMA_DIR): string[] {
  return [...schemaFiles()].filter(([name, text]) => {
    const p = path.join(dir, name);
    return !existsSync(p) || readFileSync(p, 'utf8') !== text;
  }).map(([name]) => path.join(dir, name));
}
