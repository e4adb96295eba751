/**
 * `npm run generate`: writes what is generated from the configuration's
 * schema and the presets: `pod-identity.schema.json`, `docs/configuration.md`
 * and the README's presets table, all committed. `npm run generate -- --check`
 * writes nothing and exits 1 when any is stale; `--root <dir>` checks or
 * writes another copy of the repository.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedFiles, staleFiles, staleMessage } from './generate/files';

const rootAt = process.argv.indexOf('--root');
const root = rootAt === -1 ? join(__dirname, '..') : process.argv[rootAt + 1];
const files = generatedFiles(root);
const stale = staleFiles(root, files);

if (process.argv.includes('--check')) {
  if (stale.length > 0) {
    console.error(staleMessage(stale));
    process.exit(1);
  }
} else {
  for (const path of stale) writeFileSync(join(root, path), files[path]);
}
