import { withSection } from '../../scripts/generated-section';

const SECTION = { document: 'doc.md', start: '<!-- x: start -->', end: '<!-- x: end -->' };

describe('withSection', () => {
  test('replaces what lies between the markers and keeps the rest', () => {
    const text = ['# Title', SECTION.start, 'old figures', SECTION.end, 'after'].join('\n');
    expect(withSection(text, SECTION, '\nnew figures\n')).toBe(
      [
        '# Title',
        SECTION.start,
        '<!-- prettier-ignore-start -->',
        '',
        'new figures',
        '',
        '<!-- prettier-ignore-end -->',
        SECTION.end,
        'after',
      ].join('\n'),
    );
  });

  test('writing it again gives the same text', () => {
    const once = withSection(`${SECTION.start}\n${SECTION.end}`, SECTION, 'a');
    expect(withSection(once, SECTION, 'a')).toBe(once);
  });

  test.each([
    ['no markers', 'text'],
    ['the end marker missing', `${SECTION.start}\n`],
    ['a marker twice', `${SECTION.start}\n${SECTION.end}\n${SECTION.end}`],
    ['the markers in the wrong order', `${SECTION.end}\n${SECTION.start}`],
  ])('refuses a document with %s, naming the document and the markers', (_, text) => {
    expect(() => withSection(text, SECTION, 'a')).toThrow(
      'doc.md must hold "<!-- x: start -->" and then "<!-- x: end -->", once each',
    );
  });
});
