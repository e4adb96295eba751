import * as z from 'zod';

/**
 * The valid part of a configuration file that breaks some rules, so that the
 * resolution and the cross-field checks still run on it and one run reports
 * every problem (a bad `environment` and a duplicate association together).
 *
 * `lenient(schema)` rebuilds a schema so that it never refuses an object: a
 * field that fails takes its default (or is left out), a list element that
 * fails becomes a hole (`undefined`, so that every other element keeps its
 * position in the file), an object that misses a required field fails up to
 * the nearest such field or element, unknown keys are ignored and
 * cross-field refinements are skipped (the strict parse reports all of
 * that). Leaves (strings, numbers, ...) keep their own checks, so a value
 * that passes here is one the strict parse accepts.
 */
export function lenient<T extends z.ZodType>(schema: T): z.ZodType<Lenient<z.output<T>>, unknown> {
  return rebuild(schema) as z.ZodType<Lenient<z.output<T>>, unknown>;
}

/** What a lenient schema gives for `T`: the same, but any list may have holes. */
export type Lenient<T> = T extends readonly (infer E)[]
  ? readonly (Lenient<E> | undefined)[]
  : T extends object
    ? { readonly [K in keyof T]: Lenient<T[K]> }
    : T;

/** The elements of a list that are there, each with its position in the file. */
export function present<T>(list: readonly (T | undefined)[]): [T, number][] {
  return list.flatMap((item, index): [T, number][] => (item === undefined ? [] : [[item, index]]));
}

/** The elements of a list that are there. */
export function compact<T>(list: readonly (T | undefined)[]): T[] {
  return list.filter((item): item is T => item !== undefined);
}

const REBUILT = new WeakMap<z.ZodType, z.ZodType>();

function rebuild(schema: z.ZodType): z.ZodType {
  const known = REBUILT.get(schema);
  if (known !== undefined) return known;
  const rebuilt = rebuildOnce(schema);
  REBUILT.set(schema, rebuilt);
  return rebuilt;
}

function rebuildOnce(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      shape[key] = rebuild(field);
    }
    return z.object(shape);
  }
  if (schema instanceof z.ZodArray) {
    return z.array(rebuild(schema.element as z.ZodType).catch(undefined));
  }
  if (schema instanceof z.ZodOptional) {
    return rebuild(schema.unwrap() as z.ZodType)
      .optional()
      .catch(undefined);
  }
  if (schema instanceof z.ZodPrefault) {
    // A prefault is an input value: the lenient schema reads it too.
    const inner = rebuild(schema.unwrap() as z.ZodType);
    const value: unknown = schema.def.defaultValue;
    return inner.prefault(value as never).catch(() => inner.parse(value));
  }
  if (schema instanceof z.ZodDefault) {
    const value: unknown = schema.def.defaultValue;
    return rebuild(schema.unwrap() as z.ZodType)
      .default(value as never)
      .catch(value as never);
  }
  if (schema instanceof z.ZodUnion) {
    const options = (schema.options as readonly z.ZodType[]).map(rebuild);
    return z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]]);
  }
  if (schema instanceof z.ZodPipe) {
    return rebuild(schema.in as z.ZodType).pipe(schema.out as z.ZodType);
  }
  return schema;
}
