/** Kubernetes resource quantities (`250m`, `0.5`, `128Mi`, `1e3`), compared exactly enough. */

const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_EXPONENT: Readonly<Record<string, number>> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

/** A quantity as Kubernetes writes it (its `resource.Quantity` grammar). */
export const QUANTITY =
  /^(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|(n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

/**
 * The value of a quantity, or NaN when it is not one. Decimal suffixes shift
 * the decimal exponent of the written number (so `700m` is exactly the
 * double nearest 0.7, like `0.7`), binary ones multiply by a power of two.
 */
export function parseQuantity(text: string): number {
  const match = QUANTITY.exec(text);
  if (match === null) return Number.NaN;
  const [, number, binary, decimal, exponent] = match;
  if (binary !== undefined) return Number(number) * 2 ** BINARY_EXPONENT[binary];
  const shift = exponent !== undefined ? Number(exponent) : DECIMAL_EXPONENT[decimal ?? ''];
  return Number(`${number}e${shift}`);
}
