import * as z from 'zod';
import { Problems } from '../check/problems';
import { formatPath, Path } from '../core/origin';
import { ConfigFile, configFile } from '../model/config-file';
import { Lenient, lenient } from './lenient';
import { addSchemaIssues, wording } from './schema-issues';

/** The file as the schema reads it, with where it refused what. */
export interface ParsedFile {
  /** Its valid part: every field the schema refused takes its default, or is left out. */
  readonly file: Lenient<ConfigFile>;
  /** Whether the schema refused the value at `path`, or one inside it. */
  refused(path: Path): boolean;
}

let lenientConfigFile: z.ZodType<Lenient<ConfigFile>, unknown> | undefined;

/**
 * Reads a configuration object with the schema: its issues go to `problems`,
 * and the valid part of the file comes back with the paths refused, so that
 * the reader tells a value left out from one refused without reading the
 * JSON again.
 */
export function parseFile(file: object, problems: Problems): ParsedFile {
  const strict = configFile.safeParse(file, { reportInput: true, error: wording });
  if (strict.success) return { file: strict.data, refused: () => false };
  addSchemaIssues(problems, strict.error.issues);
  lenientConfigFile ??= lenient(configFile);
  // Each refused path and the paths around it: `refused` is a set look-up.
  const refused = new Set<string>();
  for (const issue of strict.error.issues) {
    const path = issue.path as Path;
    for (let length = 0; length <= path.length; length++) {
      refused.add(formatPath(path.slice(0, length)));
    }
  }
  return {
    file: lenientConfigFile.parse(file),
    refused: (path) => refused.has(formatPath(path)),
  };
}
