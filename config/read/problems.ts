import * as z from 'zod';
import { KNOWN_KEYS_PREFIX, missing, ProblemParams } from '../schema/fields';
import { kindOf, show, UnrepresentableNumber } from '../schema/json-value';
import { formatPath } from './json-text';

/** Collects problems as `<field>: <value> <rule>` lines. */
export class Problems {
  private readonly lines: string[] = [];

  /** `rule` follows the shown value, e.g. `is not a string`. */
  add(path: string, value: unknown, rule: string): void {
    this.lines.push(`${path}: ${show(value)} ${rule}`);
  }

  /** For problems about a field rather than one value, e.g. an unknown key. */
  addField(path: string, message: string): void {
    this.lines.push(`${path}: ${message}`);
  }

  /** The schema's issues, in the order the schema found them. */
  addIssues(issues: readonly z.core.$ZodIssue[]): void {
    for (const issue of issues.flatMap((i) => matchedBranch(i))) {
      const path = formatPath(issue.path) || '(file)';
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          this.addField(
            formatPath([...issue.path, key]),
            `is not a known setting (${issue.message.startsWith(KNOWN_KEYS_PREFIX) ? issue.message : `${KNOWN_KEYS_PREFIX}?`})`,
          );
        }
      } else if (issue.code === 'invalid_union' && discriminatorOf(issue) !== undefined) {
        // A form chosen by a key (a preset's name): the message is about that key's value.
        const key = discriminatorOf(issue) ?? '';
        const value = (issue.input as Record<string, unknown> | undefined)?.[key];
        const at = formatPath(issue.path);
        if (value === undefined)
          this.addField(at, `is required: ${issue.message.replace(/^is not /, '')}`);
        else this.add(at, value, issue.message);
      } else if (issue.code === 'custom') {
        const params = issue.params as ProblemParams | undefined;
        if (params?.shows === true) this.add(path, params.value, issue.message);
        else this.addField(path, issue.message);
      } else if (issue.input !== undefined) {
        this.add(path, issue.input, issue.message);
      } else {
        this.addField(path, issue.message);
      }
    }
  }

  get list(): readonly string[] {
    return this.lines;
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
