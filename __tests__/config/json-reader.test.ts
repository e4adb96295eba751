import { JsonObject, Problems, show } from '../../config/json-reader';

describe('show', () => {
  it('shows a value as JSON', () => {
    expect(show({ app: 'dvawscli' })).toBe('{"app":"dvawscli"}');
    expect(show('x')).toBe('"x"');
  });

  it('shows undefined as undefined', () => {
    expect(show(undefined)).toBe('undefined');
  });

  it('keeps a value of 120 characters whole and shortens a longer one to 120', () => {
    const exactly120 = `"${'x'.repeat(118)}"`;

    expect(show('x'.repeat(118))).toBe(exactly120);
    expect(show('x'.repeat(119))).toBe(`"${'x'.repeat(116)}...`);
    expect(show('x'.repeat(119))).toHaveLength(120);
  });
});

describe('JsonObject', () => {
  it('reports a key no getter read, with the keys known at that level', () => {
    // GIVEN an object with a typo, read by a getter of one key
    const problems = new Problems();
    const object = JsonObject.from({ name: 'a', nmae: 'b' }, 'clusters[0]', problems);

    // WHEN
    object?.string('name');
    object?.done();

    // THEN
    expect(problems.list).toEqual(['clusters[0].nmae: is not a known setting (known here: name)']);
  });

  it('names top-level fields without a leading dot', () => {
    const problems = new Problems();

    JsonObject.from({ environment: 1 }, '', problems)?.string('environment');

    expect(problems.list).toEqual(['environment: 1 is a number, not a string']);
  });

  it('reports a missing map value of the wrong type by its key', () => {
    const problems = new Problems();
    const rule = { description: 'anything', test: () => true };

    const map = JsonObject.from({ tags: { team: false } }, '', problems)?.stringMap(
      'tags',
      rule,
      rule,
    );

    expect(map).toEqual({});
    expect(problems.list).toEqual(['tags.team: false is a boolean, not a string']);
  });
});
