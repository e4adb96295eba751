import { policyJson } from '../../core/iam';
import {
  actionCovers,
  documentGrants,
  Grant,
  grantCovers,
  grantLines,
  grantsMissingFrom,
  PolicyDocumentError,
} from '../../review/grants';

/** IAM documents as grants, and grants as lines to read. */

const lines = (document: unknown, source = 'policy p') =>
  grantLines(documentGrants(JSON.stringify(document)).map((grant) => ({ grant, source })));

test('one grant per action and resource, grouped back by resource, then by actions', () => {
  const document = policyJson([
    {
      effect: 'Allow',
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'],
    },
    { effect: 'Allow', actions: ['s3:ListBucket'], resources: ['arn:aws:s3:::a'] },
  ]);
  expect(lines(document)).toEqual([
    's3:GetObject, s3:GetObjectVersion on arn:aws:s3:::a/*, arn:aws:s3:::b/* (policy p)',
    's3:ListBucket on arn:aws:s3:::a (policy p)',
  ]);
});

test('conditions, sorted, with several values joined by or; Deny said', () => {
  const document = policyJson([
    {
      effect: 'Deny',
      actions: ['s3:DeleteObject'],
      resources: ['*'],
      conditions: [
        { test: 'StringNotEquals', variable: 'aws:PrincipalTag/team', values: ['b', 'a'] },
        { test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] },
      ],
    },
  ]);
  expect(lines(document)).toEqual([
    'Deny s3:DeleteObject on * when Bool aws:SecureTransport = false and ' +
      'StringNotEquals aws:PrincipalTag/team = a or b (policy p)',
  ]);
});

test('a trust policy: actions by principal', () => {
  const document = policyJson([
    {
      effect: 'Allow',
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
    },
  ]);
  expect(lines(document, 'trust policy')).toEqual([
    'sts:AssumeRole, sts:TagSession by Service pods.eks.amazonaws.com (trust policy)',
  ]);
});

test('NotAction and NotResource, as IAM writes them', () => {
  const document = {
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' },
  };
  expect(lines(document)).toEqual([
    'every action but iam:* on every resource but arn:aws:s3:::secret/* (policy p)',
  ]);
});

test('the same grant written twice, or in another case, is one grant with both sources', () => {
  const one = documentGrants(
    JSON.stringify(policyJson([{ effect: 'Allow', actions: ['S3:GetObject'], resources: ['*'] }])),
  );
  const two = documentGrants(
    JSON.stringify(policyJson([{ effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'] }])),
  );
  expect(
    grantLines([
      ...one.map((grant) => ({ grant, source: 'policy a' })),
      ...two.map((grant) => ({ grant, source: 'policy b' })),
    ]),
  ).toEqual(['S3:GetObject on * (policy a, policy b)']);
});

test('refuses text that is not JSON', () => {
  expect(() => documentGrants('{')).toThrow(/^not JSON \(.+\)$/);
});

test.each([
  ['[]', 'not a JSON object'],
  ['{"Statement":[{"Action":"s3:*"}]}', 'Statement[0] has no Effect Allow or Deny'],
])('refuses %s: %s', (text, message) => {
  expect(() => documentGrants(text)).toThrow(new PolicyDocumentError(message));
});

describe('one grant covering another', () => {
  const grant = (action: string, target: string, conditions: Grant['conditions'] = []): Grant => ({
    effect: 'Allow',
    action,
    notAction: false,
    target,
    targetKind: 'resource',
    conditions,
  });
  const prefix = { test: 'StringLike', variable: 's3:prefix', values: ['reports/*'] };

  test.each([
    ['s3:Get*', '*', 's3:GetObject', 'arn:aws:s3:::b/*', true],
    ['s3:*', '*', 's3:Get*', 'arn:aws:s3:::b', true],
    ['S3:GETOBJECT', '*', 's3:GetObject', '*', true],
    ['s3:Get*', 'arn:aws:s3:::b/*', 's3:GetObject', 'arn:aws:s3:::b/reports/*', true],
    ['s3:GetObject', '*', 's3:Get*', '*', false],
    ['s3:Get?', '*', 's3:Get*', '*', false],
    ['s3:Get*', 'arn:aws:s3:::b/*', 's3:GetObject', 'arn:aws:s3:::c/*', false],
    ['s3:Get*', 'arn:aws:s3:::b/*', 's3:GetObject', '*', false],
    ['s3:Get*', 'arn:aws:s3:::b.c', 's3:GetObject', 'arn:aws:s3:::bxc', false],
  ])('%s on %s covers %s on %s: %s', (wa, wt, na, nt, covers) => {
    expect(grantCovers(grant(wa, wt), grant(na, nt))).toBe(covers);
  });

  test('a grant with a condition covers one with that condition and more, not one without', () => {
    const extra = { test: 'Bool', variable: 'aws:SecureTransport', values: ['true'] };
    expect(
      grantCovers(grant('s3:List*', '*', [prefix]), grant('s3:ListBucket', '*', [prefix, extra])),
    ).toBe(true);
    expect(grantCovers(grant('s3:List*', '*', [prefix]), grant('s3:ListBucket', '*'))).toBe(false);
    expect(grantCovers(grant('s3:List*', '*'), grant('s3:ListBucket', '*', [prefix]))).toBe(true);
  });

  test('what a Deny takes away is not worked out: with one, grants compare as written', () => {
    const wide = { grant: grant('s3:*', '*'), source: 'a' };
    const narrow = { grant: grant('s3:GetObject', 'arn:aws:s3:::b/*'), source: 'b' };
    const deny = {
      grant: { ...grant('s3:DeleteObject', '*'), effect: 'Deny' as const },
      source: 'c',
    };
    expect(grantsMissingFrom([narrow], [wide])).toEqual([]);
    expect(grantsMissingFrom([narrow], [wide, deny])).toEqual([narrow]);
  });
});

describe('an action pattern matching an action', () => {
  test.each([
    ['sts:AssumeRole', 'sts:AssumeRole', true],
    ['STS:assumerole', 'sts:AssumeRole', true],
    ['sts:*', 'sts:TagSession', true],
    ['sts:Tag?ession', 'sts:TagSession', true],
    ['*', 'sts:TagSession', true],
    ['sts:AssumeRole*', 'sts:TagSession', false],
    ['sts:Tag?', 'sts:TagSession', false],
    ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', false],
  ])(
    '%s matches %s: %s (IAM: * any run, ? one character, any case)',
    (pattern, action, matches) => {
      expect(actionCovers(pattern, action)).toBe(matches);
    },
  );
});
