import { EksError } from './errors';

/**
 * Paging of the EKS double's list operations: `maxResults` and `nextToken`
 * in the query, a `nextToken` in the answer while more is left. A token is a
 * position (a number, base64url-encoded): an index into the list, or for
 * ListPodIdentityAssociations a creation sequence number, so that a page
 * survives deletions before it. Its own module because both stores page
 * their lists and routing.ts, which parses the rest of a request, imports
 * the stores.
 */

/** What a list request asks for: at most `maxResults` items, from position `from`. */
export interface PageRequest {
  readonly maxResults: number;
  readonly from: number;
}

/** One page of a list, and the token for the next one if any is left. */
export interface Page<T> {
  readonly page: T[];
  readonly nextToken?: string;
}

const BAD_TOKEN = 'The nextToken is not one this API returned.';

/** `maxResults` (1-100, default 100) and where `nextToken` says to start (default 0). */
export function pageRequest(query: URLSearchParams): PageRequest {
  const maxResults = Number(query.get('maxResults') ?? 100);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new EksError(
      'InvalidParameterException',
      'maxResults must be a whole number from 1 to 100.',
    );
  }
  const token = query.get('nextToken');
  const from = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(from) || from < 0) {
    throw new EksError('InvalidParameterException', BAD_TOKEN);
  }
  return { maxResults, from };
}

/** The token that makes the next request start at `position`. */
export function pageToken(position: number): string {
  return Buffer.from(String(position)).toString('base64url');
}

/** One page of `items` for the query's `maxResults` and `nextToken` (an index into `items`). */
export function paged<T>(items: readonly T[], query: URLSearchParams): Page<T> {
  const { maxResults, from } = pageRequest(query);
  if (from > items.length) {
    throw new EksError('InvalidParameterException', BAD_TOKEN);
  }
  const end = from + maxResults;
  return {
    page: items.slice(from, end),
    ...(end < items.length && { nextToken: pageToken(end) }),
  };
}
