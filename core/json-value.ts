/** JSON values as the configuration's messages show them. */

/** A number in the file that a JavaScript number cannot represent; `text` is as written. */
export class UnrepresentableNumber {
  constructor(
    readonly text: string,
    /** Why, phrased to follow the number in a message. */
    readonly problem: string,
  ) {}

  toJSON(): string {
    return this.text;
  }
}

/** The kind of a JSON value, as messages name it: `a string`, `an array`, `null`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof UnrepresentableNumber) return 'a number';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The value as it appears in a message: JSON as written, shortened when long. */
export function show(value: unknown): string {
  const text =
    value === undefined
      ? 'undefined'
      : value instanceof UnrepresentableNumber
        ? value.text
        : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
