import { Json, tagsOf } from './checks';
import { EksError } from './errors';

/**
 * TagResource, UntagResource and ListTagsForResource on the EKS double's
 * ARNs: Pod Identity associations' and add-ons'. Cluster ARNs (and any
 * other) are moto's, so routing.ts passes their requests on. Apart from the
 * stores, because one `/tags/{arn}` API serves both and answers with its own
 * error types (BadRequestException, NotFoundException), not the stores'.
 */

/** The three tagging operations, by the HTTP method of `/tags/{resourceArn}`. */
export const TAG_OPERATIONS = {
  GET: 'ListTagsForResource',
  POST: 'TagResource',
  DELETE: 'UntagResource',
} as const;

export type TagOperation = (typeof TAG_OPERATIONS)[keyof typeof TAG_OPERATIONS];

/** A store whose resources carry tags (the association store, the add-on store). */
export interface TaggedResources {
  /** The tags of the resource with that ARN, or undefined if the store has none such. */
  tags(arn: string): Readonly<Record<string, string>> | undefined;
  /** Replaces the tags of the resource with that ARN. */
  setTags(arn: string, tags: Readonly<Record<string, string>>): void;
}

const ASSOCIATION_ARN = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:podidentityassociation\//;
const ADDON_ARN = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:addon\//;
const MAX_TAGS = 50;

/** The tagging operation of that HTTP method, if it has one. */
export function tagOperationOf(method: string): TagOperation | undefined {
  return Object.hasOwn(TAG_OPERATIONS, method)
    ? TAG_OPERATIONS[method as keyof typeof TAG_OPERATIONS]
    : undefined;
}

/** Whether the double answers tagging for this ARN: an association's or an add-on's. */
export function isDoubleArn(arn: string): boolean {
  return ASSOCIATION_ARN.test(arn) || ADDON_ARN.test(arn);
}

/**
 * Answers a tagging operation on `arn`, held by the first of `stores` that
 * has it. TagResource merges `body.tags` into the resource's (at most 50 in
 * all); UntagResource removes the query's `tagKeys`.
 */
export function answerTagging(
  stores: readonly TaggedResources[],
  operation: TagOperation,
  arn: string,
  query: URLSearchParams,
  body: Json,
): Json {
  const holder = stores
    .map((store) => ({ store, current: store.tags(arn) }))
    .find(({ current }) => current !== undefined);
  if (holder?.current === undefined) {
    throw new EksError('NotFoundException', `Resource not found: ${arn}`);
  }
  const { store, current } = holder;
  if (operation === 'ListTagsForResource') return { tags: current };
  let tags: Record<string, string>;
  if (operation === 'TagResource') {
    const added = tagsOf(body.tags, 'BadRequestException');
    if (added === undefined) throw new EksError('BadRequestException', 'tags is required.');
    tags = { ...current, ...added };
    if (Object.keys(tags).length > MAX_TAGS) {
      throw new EksError('BadRequestException', `A resource can have at most ${MAX_TAGS} tags.`);
    }
  } else {
    const keys = query.getAll('tagKeys');
    if (keys.length === 0) throw new EksError('BadRequestException', 'tagKeys is required.');
    tags = Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key)));
  }
  store.setTags(arn, tags);
  return {};
}
