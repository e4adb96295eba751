import { awsTags } from '../../modules/aws-tags';
import { synthConstruct } from '../support/construct-testing';

describe('awsTags', () => {
  test('gives undefined for no tags, so that the resource gets no tags argument', () => {
    expect(awsTags({})).toBeUndefined();
  });

  test('copies tags without __proto__ as a plain map', () => {
    const tags = { team: 'reports', 'cost center': 'a/b+c=d@e' };
    const written = awsTags(tags);
    expect(written).toEqual({ team: 'reports', 'cost center': 'a/b+c=d@e' });
    expect(written).not.toBe(tags);
  });

  test('writes a map holding __proto__ as a tomap expression, every key in the order given', () => {
    // GIVEN the key cdktf would drop while it resolves the JSON
    const tags = JSON.parse('{ "team": "pods", "__proto__": "kept" }') as Record<string, string>;
    // WHEN the tags are resolved as a stack writes them
    const { resolved } = synthConstruct(() => awsTags(tags));
    // THEN Terraform builds the map, and the key arrives
    expect(resolved).toBe('${tomap({"team" = "pods", "__proto__" = "kept"})}');
  });

  test('quotes keys and values in the expression as HCL strings', () => {
    const tags = JSON.parse('{ "__proto__": "a b", "cost center": "x:y/z" }') as Record<
      string,
      string
    >;
    const { resolved } = synthConstruct(() => awsTags(tags));
    expect(resolved).toBe('${tomap({"__proto__" = "a b", "cost center" = "x:y/z"})}');
  });
});
