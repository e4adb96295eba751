import * as z from 'zod';
import { Problems } from '../check/problems';
import { KNOWN_KEYS_PREFIX, missing, ProblemParams } from '../core/fields';
import { kindOf, UnrepresentableNumber } from '../core/json-value';
import { inFile, Path } from '../core/origin';

/**
 * The schema's issues as problems, in the order the schema found them, each
 * at the path of the file where it is.
 */
export function addSchemaIssues(problems: Problems, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues.flatMap((i) => matchedBranch(i))) {
    const at = inFile(...(issue.path as Path));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.addField(
          inFile(...(issue.path as Path), key),
          `is not a known setting (${issue.message.startsWith(KNOWN_KEYS_PREFIX) ? issue.message : `${KNOWN_KEYS_PREFIX}?`})`,
        );
      }
    } else if (issue.code === 'invalid_union' && discriminatorOf(issue) !== undefined) {
      // A form chosen by a key (a preset's name): the message is about that key's value.
      const key = discriminatorOf(issue) ?? '';
      const value = (issue.input as Record<string, unknown> | undefined)?.[key];
      if (value === undefined)
        problems.addField(at, `is required: ${issue.message.replace(/^is not /, '')}`);
      else problems.add(at, value, issue.message);
    } else if (issue.code === 'custom') {
      const params = issue.params as ProblemParams | undefined;
      if (params?.shows === true) problems.add(at, params.value, issue.message);
      else problems.addField(at, issue.message);
    } else if (issue.input !== undefined) {
      problems.add(at, issue.input, issue.message);
    } else {
      problems.addField(at, issue.message);
    }
  }
}

/** The key that chooses a discriminated union's form, when the issue is about it. */
function discriminatorOf(issue: z.core.$ZodIssue): string | undefined {
  const { discriminator } = issue as { discriminator?: unknown };
  return typeof discriminator === 'string' ? discriminator : undefined;
}

/**
 * A union (`true`, `false`, or an object) whose value has the type of one of
 * its forms is refused for what is wrong inside that form: its own issues,
 * under the union's path. zod reports the union as a whole.
 */
function matchedBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const typed = issue.errors.filter(
    (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (typed.length !== 1) return [issue];
  return typed[0].flatMap((inner) =>
    matchedBranch({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue),
  );
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
};

/**
 * The wording of zod's own issues, in the reader's style: the shown value
 * comes first, so each message follows it (`is a number, not a string`).
 * Messages a field sets itself (its rule, its range) take precedence.
 */
export const wording: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      const input = issue.input;
      if (input === undefined) return missing(issue.inst as z.core.$ZodType | undefined);
      if (input instanceof UnrepresentableNumber) return input.problem;
      return `is ${kindOf(input)}, not ${EXPECTED[issue.expected] ?? issue.expected}`;
    }
    case 'invalid_value':
      return `is not one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_union': {
      const { options } = issue as { options?: readonly unknown[] };
      return options === undefined
        ? 'is not in any of the accepted forms'
        : `is not one of ${options.map((option) => JSON.stringify(option)).join(', ')}`;
    }
    default:
      return undefined;
  }
};
