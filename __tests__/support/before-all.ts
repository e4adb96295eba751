/**
 * What a test file's beforeAll set up, or an error that says so: a test that
 * runs after a failed beforeAll fails with what is missing, not with
 * "cannot read properties of undefined".
 */
export function setUp<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} (see beforeAll)`);
  return value;
}
