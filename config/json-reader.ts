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

  /** An integer within [min, max]. */
  integer(key: string, min: number, max: number): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.problems.add(this.field(key), value, `is ${kindOf(value)}, not an integer`);
      return undefined;
    }
    if (value < min || value > max) {
      this.problems.add(this.field(key), value, `is not between ${min} and ${max}`);
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

  /** An array, each element read by `item`; elements that fail are dropped. */
  array<T>(
    key: string,
    item: (value: unknown, path: string) => T | undefined,
    options: { readonly minItems?: number; readonly maxItems?: number } = {},
  ): T[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    const path = this.field(key);
    if (!Array.isArray(value)) {
      this.problems.add(path, value, `is ${kindOf(value)}, not an array`);
      return undefined;
    }
    if (options.minItems !== undefined && value.length < options.minItems) {
      this.problems.add(path, value, `has fewer than ${options.minItems} item(s)`);
    }
    if (options.maxItems !== undefined && value.length > options.maxItems) {
      this.problems.addField(path, `has ${value.length} items, more than ${options.maxItems}`);
    }
    const result: T[] = [];
    value.forEach((element, index) => {
      const read = item(element, `${path}[${index}]`);
      if (read !== undefined) result.push(read);
    });
    return result;
  }

  /** An array of strings, each passing `rules`. */
  strings(key: string, ...rules: Rule[]): string[] | undefined {
    return this.array(key, (value, path) => checkString(value, path, this.problems, rules));
  }

  /** An object of string values, keys and values passing their rules. */
  stringMap(
    key: string,
    keyRule: Rule,
    valueRule: Rule,
    maxEntries?: number,
  ): Record<string, string> | undefined {
    const object = this.object(key);
    if (object === undefined) return undefined;
    const result: Record<string, string> = {};
    const keys = object.keys();
    if (maxEntries !== undefined && keys.length > maxEntries) {
      this.problems.addField(object.path, `has ${keys.length} entries, more than ${maxEntries}`);
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
