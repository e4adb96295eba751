import {
  answerTagging,
  isDoubleArn,
  tagOperationOf,
  TaggedResources,
} from '../../support/eks-double/tagging';
import { refusal } from './fakes';

/** Tags on the double's ARNs, over stores that are plain maps. */

const ASSOCIATION = 'arn:aws:eks:us-east-1:123456789012:podidentityassociation/demo/a-1';
const ADDON = 'arn:aws:eks:us-east-1:123456789012:addon/demo/vpc-cni/uuid';

class MapResources implements TaggedResources {
  constructor(readonly held: Map<string, Readonly<Record<string, string>>>) {}
  tags(arn: string): Readonly<Record<string, string>> | undefined {
    return this.held.get(arn);
  }
  setTags(arn: string, tags: Readonly<Record<string, string>>): void {
    this.held.set(arn, tags);
  }
}

let associations: MapResources;
let addons: MapResources;
const none = new URLSearchParams();

beforeEach(() => {
  associations = new MapResources(new Map([[ASSOCIATION, { team: 'a', env: 'dev' }]]));
  addons = new MapResources(new Map([[ADDON, {}]]));
});

const tag = (arn: string, tags: unknown) =>
  answerTagging([associations, addons], 'TagResource', arn, none, { tags });
const untag = (arn: string, keys: readonly string[]) =>
  answerTagging(
    [associations, addons],
    'UntagResource',
    arn,
    new URLSearchParams(keys.map((key): [string, string] => ['tagKeys', key])),
    {},
  );

it('names the operation by HTTP method, and nothing else', () => {
  expect(tagOperationOf('GET')).toBe('ListTagsForResource');
  expect(tagOperationOf('POST')).toBe('TagResource');
  expect(tagOperationOf('DELETE')).toBe('UntagResource');
  expect(tagOperationOf('PUT')).toBeUndefined();
  expect(tagOperationOf('constructor')).toBeUndefined();
});

it('answers for association and add-on ARNs only; a cluster’s is moto’s', () => {
  expect(isDoubleArn(ASSOCIATION)).toBe(true);
  expect(isDoubleArn(ADDON)).toBe(true);
  expect(isDoubleArn('arn:aws-cn:eks:cn-north-1:123456789012:addon/demo/x/y')).toBe(true);
  expect(isDoubleArn('arn:aws:eks:us-east-1:123456789012:cluster/demo')).toBe(false);
  expect(isDoubleArn('arn:aws:eks:us-east-1:1234:addon/demo/x/y')).toBe(false);
});

it('lists the tags of whichever store holds the ARN', () => {
  expect(
    answerTagging([associations, addons], 'ListTagsForResource', ASSOCIATION, none, {}),
  ).toEqual({
    tags: { team: 'a', env: 'dev' },
  });
  expect(answerTagging([associations, addons], 'ListTagsForResource', ADDON, none, {})).toEqual({
    tags: {},
  });
});

it('merges new tags over the old and removes the keys asked', () => {
  expect(tag(ASSOCIATION, { env: 'prod', owner: 'me' })).toEqual({});
  expect(associations.held.get(ASSOCIATION)).toEqual({ team: 'a', env: 'prod', owner: 'me' });
  expect(untag(ASSOCIATION, ['team', 'owner', 'absent'])).toEqual({});
  expect(associations.held.get(ASSOCIATION)).toEqual({ env: 'prod' });
  tag(ADDON, { team: 'net' });
  expect(addons.held.get(ADDON)).toEqual({ team: 'net' });
});

it('refuses more than 50 tags in all, counting the ones the resource has', () => {
  const fortyNine = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
  expect(refusal(() => tag(ASSOCIATION, fortyNine))).toEqual({
    type: 'BadRequestException',
    message: 'A resource can have at most 50 tags.',
  });
  expect(associations.held.get(ASSOCIATION)).toEqual({ team: 'a', env: 'dev' });
});

it.each<[string, () => unknown, string, string]>([
  [
    'TagResource without tags',
    () => tag(ADDON, undefined),
    'BadRequestException',
    'tags is required.',
  ],
  [
    'UntagResource without keys',
    () => untag(ADDON, []),
    'BadRequestException',
    'tagKeys is required.',
  ],
  [
    'a tag of the reserved prefix',
    () => tag(ADDON, { 'aws:x': 'y' }),
    'BadRequestException',
    'Tag key "aws:x" uses the reserved prefix aws:.',
  ],
  [
    'an ARN no store holds',
    () => tag(`${ADDON}-gone`, { a: 'b' }),
    'NotFoundException',
    `Resource not found: ${ADDON}-gone`,
  ],
])('refuses %s', (_what, call, type, message) => {
  expect(refusal(call)).toEqual({ type, message });
});
