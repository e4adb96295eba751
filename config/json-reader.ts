import { Rule } from './rules';

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

  get list(): readonly string[] {
    return this.lines;
  }
}

/** The value as it appears in the error: JSON, shortened when long. */
export function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * A JSON object being read: typed getters that record a problem (and return
 * undefined) instead of throwing, so that every problem of a file is reported
 * in one run. Keys that are never read are reported as unknown by `done()`.
 */
export class JsonObject {
  private readonly seen = new Set<string>();

  private constructor(
    public readonly path: string,
    private readonly data: Readonly<Record<string, unknown>>,
    public readonly problems: Problems,
  ) {}

  /** Reads `value` as an object with exactly the given keys allowed. */
  static from(value: unknown, path: string, problems: Problems): JsonObject | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.add(path, value, `is ${kindOf(value)}, not an object`);
      return undefined;
    }
    return new JsonObject(path, value as Record<string, unknown>, problems);
  }

  field(key: string): string {
    return `${this.path === '' ? '' : `${this.path}.`}${key}`;
  }

  has(key: string): boolean {
    return this.data[key] !== undefined;
  }

  raw(key: string): unknown {
    this.seen.add(key);
    return this.data[key];
  }

  string(key: string, ...rules: Rule[]): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    return checkString(value, this.field(key), this.problems, rules);
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === 'boolean') return value;
    this.problems.add(this.field(key), value, `is ${kindOf(value)}, not a boolean`);
    return undefined;
  }

  /** An integer within [min, max]; `why` explains the range in the message. */
  integer(key: string, min: number, max: number, why = ''): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.problems.add(this.field(key), value, `is ${kindOf(value)}, not an integer`);
      return undefined;
    }
    if (value < min || value > max) {
      this.problems.add(this.field(key), value, `is not between ${min} and ${max}${why}`);
      return undefined;
    }
    return value;
  }

  /** One of the listed strings. */
  choice<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) {
      return value as T;
    }
    this.problems.add(
      this.field(key),
      value,
      `is not one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`,
    );
    return undefined;
  }

  object(key: string): JsonObject | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    return JsonObject.from(value, this.field(key), this.problems);
  }

  /**
   * An array, each element read by `item`; elements that fail are reported
   * and dropped. `nonEmpty` refuses `[]`, saying what to list instead.
   */
  array<T>(
    key: string,
    item: (value: unknown, path: string) => T | undefined,
    options: { readonly nonEmpty?: string } = {},
  ): T[] | undefined {
    return this.arrayWithPaths(key, item, options)?.map((entry) => entry.value);
  }

  /** Like `array`, keeping each element's path for later cross-checks. */
  arrayWithPaths<T>(
    key: string,
    item: (value: unknown, path: string) => T | undefined,
    options: { readonly nonEmpty?: string } = {},
  ): { readonly value: T; readonly path: string }[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const path = this.field(key);
    if (!Array.isArray(value)) {
      this.problems.add(path, value, `is ${kindOf(value)}, not an array`);
      return undefined;
    }
    if (options.nonEmpty !== undefined && value.length === 0) {
      this.problems.add(path, value, `is empty: ${options.nonEmpty}`);
    }
    const result: { value: T; path: string }[] = [];
    value.forEach((element, index) => {
      const elementPath = `${path}[${index}]`;
      const read = item(element, elementPath);
      if (read !== undefined) result.push({ value: read, path: elementPath });
    });
    return result;
  }

  /** Reports `key` as required when it is absent; `why` says what it is for. */
  require(key: string, why = ''): void {
    if (this.data[key] === undefined) this.problems.addField(this.field(key), `is required${why}`);
  }

  /** An array of strings, each passing `rules`; `nonEmpty` as for `array`. */
  strings(key: string, rules: readonly Rule[] = [], nonEmpty?: string): string[] | undefined {
    return this.array(key, (value, path) => checkString(value, path, this.problems, rules), {
      ...(nonEmpty !== undefined && { nonEmpty }),
    });
  }

  /**
   * An object of string values, keys and values passing their rules; `limit`
   * caps the number of entries (`what` names them in the message).
   */
  stringMap(
    key: string,
    keyRule: Rule,
    valueRule: Rule,
    limit?: { readonly max: number; readonly what: string },
  ): Record<string, string> | undefined {
    const object = this.object(key);
    if (object === undefined) return undefined;
    const result: Record<string, string> = {};
    const keys = object.keys();
    if (limit !== undefined && keys.length > limit.max) {
      this.problems.addField(
        object.path,
        `has ${keys.length} ${limit.what}, more than the ${limit.max} AWS allows`,
      );
    }
    for (const entry of keys) {
      if (!keyRule.test(entry)) {
        this.problems.addField(
          object.field(entry),
          `the key ${show(entry)} is not ${keyRule.description}`,
        );
      }
      const value = object.string(entry, valueRule);
      if (value !== undefined) result[entry] = value;
    }
    return result;
  }

  keys(): string[] {
    return Object.keys(this.data);
  }

  /** Reports every key that no getter read: a typo must not pass silently. */
  done(): void {
    const unknown = Object.keys(this.data).filter((key) => !this.seen.has(key));
    for (const key of unknown) {
      this.problems.addField(
        this.field(key),
        `is not a known setting (known here: ${[...this.seen].sort().join(', ')})`,
      );
    }
  }
}

function checkString(
  value: unknown,
  path: string,
  problems: Problems,
  rules: readonly Rule[],
): string | undefined {
  if (typeof value !== 'string') {
    problems.add(path, value, `is ${kindOf(value)}, not a string`);
    return undefined;
  }
  for (const rule of rules) {
    if (!rule.test(value)) {
      problems.add(path, value, `is not ${rule.description}`);
      return undefined;
    }
  }
  return value;
}
