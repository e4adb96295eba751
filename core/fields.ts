import * as z from 'zod';
import { kindOf, UnrepresentableNumber } from './json-value';
import { follows, Rule } from './rules';

/**
 * The building blocks of the configuration's schema. Each carries the
 * wording of its refusal (`is not <rule>`, `is empty: <what to list>`, ...),
 * so that the messages, the published JSON Schema and the reference
 * documentation come from the same definition.
 */

/** A string following `rule` (any string without one). */
export function text(rule?: Rule): z.ZodString {
  if (rule === undefined) return z.string();
  const error = `is not ${rule.description}`;
  const checked =
    rule.maxLength === undefined
      ? z.string()
      : z.string().max(rule.maxLength, { error, abort: true });
  return checked.regex(rule.pattern, { error, abort: true });
}

/**
 * Adds `description` to a field, in front of what its rule says it must be.
 * Editors show it on hover; `docs/configuration.md` prints it.
 */
export function about<T extends z.ZodType>(schema: T, description: string): T {
  return schema.meta({ description });
}

/** `text(rule)` described as `description`, then "Must be <rule>." */
export function named(rule: Rule, description: string): z.ZodString {
  return about(text(rule), `${description} Must be ${rule.description}.`);
}

/** An integer in [min, max]; `why` explains the range in the message. */
export function integer(min: number, max: number, why = ''): z.ZodNumber {
  const error = `is not between ${min} and ${max}${why}`;
  const notAnInteger = (issue: z.core.$ZodRawIssue) =>
    issue.code === 'invalid_type' &&
    issue.input !== undefined &&
    !(issue.input instanceof UnrepresentableNumber)
      ? `is ${kindOf(issue.input)}, not an integer`
      : undefined;
  return z.number({ error: notAnInteger }).int().min(min, { error }).max(max, { error });
}

/** One of `values`. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values);
}

/** A list; with `nonEmpty`, `[]` is refused with that advice. */
export function list<T extends z.ZodType>(element: T, nonEmpty?: string): z.ZodArray<T> {
  const array = z.array(element);
  return nonEmpty === undefined ? array : array.min(1, { error: `is empty: ${nonEmpty}` });
}

/** The keys of a settings object, as the message about an unknown key lists them. */
export const KNOWN_KEYS_PREFIX = 'known here: ';

/**
 * An object of named settings: unknown keys are refused, with the known ones
 * listed (a typo must not pass silently).
 */
export function settings<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = `${KNOWN_KEYS_PREFIX}${Object.keys(shape).sort().join(', ')}`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? known : undefined),
  });
}

const WHEN_MISSING = new WeakMap<z.core.$ZodType, string>();

/** A required field; `why` follows "is required" in the message when it is missing. */
export function required<T extends z.ZodType>(schema: T, why = ''): T {
  WHEN_MISSING.set(schema, `is required${why}`);
  return schema;
}

/** The message for a missing field: "is required", with the reason `required` gave. */
export function missing(schema: z.core.$ZodType | undefined): string {
  return (schema !== undefined && WHEN_MISSING.get(schema)) || 'is required';
}

/** A problem found by a refinement or transform, phrased like the reader's own. */
export interface Problem {
  /** Relative to the value being refined; the value itself when absent. */
  readonly path?: readonly PropertyKey[];
  /** Follows the path, or the shown value: `is required when ...`. */
  readonly message: string;
  /** Shown before the message, as JSON, when given. */
  readonly value?: unknown;
}

/** What a problem's issue carries besides its message. */
export interface ProblemParams {
  readonly shows: boolean;
  readonly value?: unknown;
}

/** Reports `problem` on the value a refinement or transform is reading. */
export function report(context: z.core.$RefinementCtx, problem: Problem): void {
  const params: ProblemParams =
    'value' in problem ? { shows: true, value: problem.value } : { shows: false };
  context.addIssue({
    code: 'custom',
    message: problem.message,
    ...(problem.path !== undefined && { path: [...problem.path] }),
    params,
  });
}

export interface MapLimit {
  /** At most this many entries. */
  readonly max: number;
  /** What the entries are called in the message, e.g. `tags`. */
  readonly what: string;
}

/**
 * An object of string values whose keys and values follow their rules. Every
 * key is kept as written, `__proto__` included (a plain object assignment
 * would drop it without a word).
 */
export function stringMap(key: Rule, value: Rule, limit?: MapLimit) {
  const jsonSchema = {
    type: 'object',
    propertyNames: ruleSchema(key),
    additionalProperties: { type: 'string', ...ruleSchema(value) },
    ...(limit !== undefined && { maxProperties: limit.max }),
  };
  return z
    .custom<unknown>(() => true)
    .transform((input, context): Readonly<Record<string, string>> => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        report(context, { message: `is ${kindOf(input)}, not an object`, value: input });
        return z.NEVER;
      }
      const entries = Object.entries(input);
      if (limit !== undefined && entries.length > limit.max) {
        report(context, {
          message: `has ${entries.length} ${limit.what}, more than the ${limit.max} AWS allows`,
        });
      }
      const result: Record<string, string> = {};
      for (const [name, text] of entries) {
        if (!follows(key, name)) {
          report(context, {
            path: [name],
            message: `the key ${JSON.stringify(name)} is not ${key.description}`,
          });
        }
        if (typeof text !== 'string') {
          report(context, {
            path: [name],
            message: `is ${kindOf(text)}, not a string`,
            value: text,
          });
        } else if (!follows(value, text)) {
          report(context, { path: [name], message: `is not ${value.description}`, value: text });
        } else {
          Object.defineProperty(result, name, { value: text, enumerable: true, writable: false });
        }
      }
      return result;
    })
    .meta(jsonSchema);
}

/** A rule as JSON Schema keywords. */
export function ruleSchema(rule: Rule): { pattern: string; maxLength?: number } {
  return {
    pattern: rule.pattern.source,
    ...(rule.maxLength !== undefined && { maxLength: rule.maxLength }),
  };
}
