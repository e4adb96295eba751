import { ConfigError } from '../../read/config-error';
import { exampleFiles } from '../support/examples';
import { configOf } from '../support/synth';

/**
 * Every example with one value taken out, null, empty, or of another kind, is
 * either read or refused with the file's problems: never a crash.
 * Two crashes were found this way (a Karpenter identity on an unconfigured
 * cluster, Velero and Mountpoint with an empty bucketArns): the reader went
 * on to build a preset's policy from settings the schema had refused.
 */

type Json = unknown;
type Path = readonly (string | number)[];
const REMOVED = Symbol('removed');

/** What replaces a value: nothing, null, an empty value of its kind, and one of another kind. */
function replacementsFor(value: Json): readonly Json[] {
  if (typeof value === 'string') return [REMOVED, null, '', 7];
  if (typeof value === 'number' || typeof value === 'boolean') return [REMOVED, null, 'x'];
  return [REMOVED, null, [], {}];
}

function pathsIn(value: Json, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => pathsIn(v, [...at, i]))];
  if (typeof value === 'object' && value !== null) {
    return [at, ...Object.entries(value).flatMap(([k, v]) => pathsIn(v, [...at, k]))];
  }
  return [at];
}

function valueAt(value: Json, path: Path): Json {
  return path.reduce<Json>((v, key) => (v as Record<string | number, Json>)[key], value);
}

function replaced(value: Json, [key, ...rest]: Path, by: Json): Json {
  if (Array.isArray(value)) {
    const copy = [...(value as Json[])];
    const index = key as number;
    if (rest.length > 0) copy[index] = replaced(copy[index], rest, by);
    else if (by !== REMOVED) copy[index] = by;
    else copy.splice(index, 1);
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  const name = String(key);
  if (rest.length > 0) copy[name] = replaced(copy[name], rest, by);
  else if (by !== REMOVED) copy[name] = by;
  else Reflect.deleteProperty(copy, name);
  return copy;
}

/** How reading went: 'read', 'refused', or what was thrown instead. */
function outcome(file: Json): string {
  try {
    configOf(file);
    return 'read';
  } catch (error) {
    if (!(error instanceof ConfigError)) return `crashed: ${String(error)}`;
    const unnamed = error.problems.filter((p) => !/^(\(file\)|[\w$[\].-]+): \S/.test(p));
    return error.problems.length === 0 || unnamed.length > 0
      ? `refused without naming the field: ${JSON.stringify(unnamed)}`
      : 'refused';
  }
}

describe.each(Object.entries(exampleFiles()))('examples/%s.json', (_name, example) => {
  test('with any one value removed, null, empty or of another kind, is read or refused, never crashes', () => {
    const failures: string[] = [];
    let refused = 0;
    for (const path of pathsIn(example).filter((p) => p.length > 0)) {
      for (const by of replacementsFor(valueAt(example, path))) {
        const result = outcome(replaced(example, path, by));
        if (result === 'refused') refused++;
        else if (result !== 'read') {
          failures.push(
            `${path.join('.')} = ${by === REMOVED ? '(removed)' : JSON.stringify(by)}: ${result}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(0);
  });
});
