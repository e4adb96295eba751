/**
 * `npm run generate`: writes what is generated from the configuration's
 * schema, `pod-identity.schema.json` and `docs/configuration.md`, both
 * committed. `npm run generate -- --check` writes nothing and exits 1 when
 * either is stale (a test runs it); `--root <dir>` checks or writes another
 * copy of the repository.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { configJsonSchema, JSON_SCHEMA_FILE } from '../config/schema/json-schema';
import { presetsMarkdown, withPresetsTable } from './generate/presets-table';
import { JsonSchema, referenceMarkdown } from './generate/reference';

const PROJECT = join(__dirname, '..');

/**
 * Each generated file's path (from the repository root) and its content, as
 * prettier writes it. The README is hand-written but for its table of presets.
 */
async function generatedFiles(root: string): Promise<Record<string, string>> {
  const schema = configJsonSchema();
  const format = async (path: string, text: string) =>
    prettier.format(text, {
      ...(await prettier.resolveConfig(join(PROJECT, path))),
      filepath: join(PROJECT, path),
    });
  return {
    [JSON_SCHEMA_FILE]: await format(JSON_SCHEMA_FILE, JSON.stringify(schema)),
    'docs/configuration.md': await format(
      'docs/configuration.md',
      referenceMarkdown(schema as JsonSchema),
    ),
    'README.md': await format(
      'README.md',
      withPresetsTable(readFileSync(join(root, 'README.md'), 'utf8'), presetsMarkdown()),
    ),
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const rootAt = process.argv.indexOf('--root');
  const root = rootAt === -1 ? PROJECT : process.argv[rootAt + 1];
  const stale: string[] = [];
  for (const [path, text] of Object.entries(await generatedFiles(root))) {
    const file = join(root, path);
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === text) continue;
    if (check) stale.push(path);
    else writeFileSync(file, text);
  }
  if (stale.length > 0) {
    console.error(
      `Stale, not generated from the configuration's schema: ${stale.join(', ')}. Run npm run generate and commit the result.`,
    );
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
