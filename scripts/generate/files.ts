import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema, JSON_SCHEMA_FILE } from '../../model/json-schema';
import { presetsMarkdown, withPresetsTable } from './presets-table';
import { JsonSchema, referenceMarkdown } from './reference';

/** The reference, field by field, generated from the schema. */
export const REFERENCE_FILE = 'docs/configuration.md';

/**
 * Each generated file's path (from the repository root) and its content:
 * the JSON Schema, the reference, and the README with its presets table
 * replaced (the rest of the README is hand-written). Written as they are
 * (prettier leaves them alone: .prettierignore and the table's
 * prettier-ignore markers), so that generating is a plain function a test
 * can call.
 */
export function generatedFiles(root: string): Record<string, string> {
  const schema = configJsonSchema();
  return {
    [JSON_SCHEMA_FILE]: `${JSON.stringify(schema, null, 2)}\n`,
    [REFERENCE_FILE]: referenceMarkdown(schema as JsonSchema),
    'README.md': withPresetsTable(readFileSync(join(root, 'README.md'), 'utf8'), presetsMarkdown()),
  };
}

/** The generated files that `root` holds in another version (or not at all). */
export function staleFiles(root: string, files: Readonly<Record<string, string>>): string[] {
  return Object.entries(files)
    .filter(([path, text]) => {
      const file = join(root, path);
      return !existsSync(file) || readFileSync(file, 'utf8') !== text;
    })
    .map(([path]) => path);
}

export function staleMessage(stale: readonly string[]): string {
  return `Stale, not generated from the configuration's schema: ${stale.join(', ')}. Run npm run generate and commit the result.`;
}
