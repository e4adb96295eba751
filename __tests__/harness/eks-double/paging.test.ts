import { pageRequest, pageToken, paged } from '../../support/eks-double/paging';
import { refusal } from './fakes';

/** The double's list paging: maxResults and nextToken as EKS's list APIs take them. */

const query = (params: Record<string, string> = {}) => new URLSearchParams(params);
const badToken = {
  type: 'InvalidParameterException',
  message: 'The nextToken is not one this API returned.',
};

describe('pageRequest', () => {
  it('asks for 100 from the start by default', () => {
    expect(pageRequest(query())).toEqual({ maxResults: 100, from: 0 });
  });

  it('reads maxResults from 1 to 100 and the position a token holds', () => {
    expect(pageRequest(query({ maxResults: '1', nextToken: pageToken(7) }))).toEqual({
      maxResults: 1,
      from: 7,
    });
    expect(pageRequest(query({ maxResults: '100' }))).toEqual({ maxResults: 100, from: 0 });
  });

  it.each(['0', '101', '2.5', 'ten', '-1'])('refuses maxResults %s', (maxResults) => {
    expect(refusal(() => pageRequest(query({ maxResults })))).toEqual({
      type: 'InvalidParameterException',
      message: 'maxResults must be a whole number from 1 to 100.',
    });
  });

  it.each([
    ['text that is no number', Buffer.from('next').toString('base64url')],
    ['a negative position', pageToken(-1)],
    ['a fraction', pageToken(1.5)],
  ])('refuses a token that holds %s', (_what, nextToken) => {
    expect(refusal(() => pageRequest(query({ nextToken })))).toEqual(badToken);
  });

  it('encodes a position as base64url text', () => {
    expect(pageToken(12)).toBe('MTI');
  });
});

describe('paged', () => {
  const letters = ['a', 'b', 'c', 'd', 'e'];

  it('returns every item and no token when they fit on one page', () => {
    expect(paged(letters, query())).toEqual({ page: letters });
  });

  it('walks the list page by page, the last page without a token', () => {
    const first = paged(letters, query({ maxResults: '2' }));
    expect(first).toEqual({ page: ['a', 'b'], nextToken: pageToken(2) });
    const second = paged(letters, query({ maxResults: '2', nextToken: first.nextToken ?? '' }));
    expect(second).toEqual({ page: ['c', 'd'], nextToken: pageToken(4) });
    const last = paged(letters, query({ maxResults: '2', nextToken: second.nextToken ?? '' }));
    expect(last).toEqual({ page: ['e'] });
  });

  it('gives no token when the page ends exactly at the end', () => {
    expect(paged(letters, query({ maxResults: '5' }))).toEqual({ page: letters });
  });

  it('answers a token at the end (the list shrank) with an empty page, past it with a refusal', () => {
    expect(paged(letters, query({ nextToken: pageToken(5) }))).toEqual({ page: [] });
    expect(refusal(() => paged(letters, query({ nextToken: pageToken(6) })))).toEqual(badToken);
  });
});
