import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

/** The example config files, by name without `.json`. */
export function exampleFiles(): Record<string, unknown> {
  const files = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
  return Object.fromEntries(
    files.map((file) => [
      file.replace(/\.json$/, ''),
      JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as unknown,
    ]),
  );
}
