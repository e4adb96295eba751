import { isQuantity, parseQuantity } from '../../core/quantity';

describe('parseQuantity', () => {
  it.each<[string, number]>([
    ['1', 1],
    ['500m', 0.5],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['2k', 2000],
    ['1M', 1e6],
    ['1G', 1e9],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1Ki', 1024],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
  ])('reads %s as %d', (quantity, value) => {
    expect(parseQuantity(quantity)).toBe(value);
  });

  it.each([
    ['700m', '0.7'],
    ['9m', '0.009'],
    ['16.1k', '16100'],
    ['1100m', '1.1'],
    ['0.3', '300m'],
    ['1.5Gi', '1536Mi'],
  ])('reads %s and %s as the same amount', (one, other) => {
    expect(parseQuantity(one)).toBe(parseQuantity(other));
  });
});

describe('isQuantity', () => {
  it.each(['1', '250m', '0.5', '.5', '100n', '10u', '128Mi', '1e3', '1e-3', '1E+2'])(
    'accepts %s',
    (quantity) => {
      expect(isQuantity(quantity)).toBe(true);
    },
  );

  it.each(['', '-1', '1.2.3', '1 Gi', 'Gi', '1gi', '1Kb', 'e3'])('refuses %s', (quantity) => {
    expect(isQuantity(quantity)).toBe(false);
    expect(parseQuantity(quantity)).toBeNaN();
  });

  it('reads 100n, 10u and 1e-3 by their decimal exponents', () => {
    expect(parseQuantity('100n')).toBe(1e-7);
    expect(parseQuantity('10u')).toBe(1e-5);
    expect(parseQuantity('1e-3')).toBe(parseQuantity('1m'));
  });
});
