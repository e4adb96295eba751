import {
  configurationValuesOf,
  optionalBoolean,
  optionalString,
  requireCluster,
  requiredString,
  requireNamespace,
  requirePodIdentityRole,
  requireServiceAccount,
  resolveConflictsOf,
  roleNameOf,
  serviceAccountRoleArnOf,
  tagsOf,
  trustsPodIdentity,
} from '../../support/eks-double/checks';
import {
  asyncRefusal,
  FakeLookups,
  POD_IDENTITY_STATEMENT,
  REGION,
  refusal,
  trustPolicy,
} from './fakes';

/** What EKS checks, as the double checks it: pure functions, and two look-ups against a fake. */

const ROLE = 'arn:aws:iam::123456789012:role/app';
const pods = { Service: 'pods.eks.amazonaws.com' };

describe('trustsPodIdentity', () => {
  it.each<[string, readonly unknown[]]>([
    ['both actions in one statement', [POD_IDENTITY_STATEMENT]],
    [
      'the actions split across two statements',
      [
        { Effect: 'Allow', Principal: pods, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: pods, Action: 'sts:TagSession' },
      ],
    ],
    ['the action wildcard *', [{ Effect: 'Allow', Principal: pods, Action: '*' }]],
    ['the service wildcard sts:*', [{ Effect: 'Allow', Principal: pods, Action: 'sts:*' }]],
    [
      'actions in another case (IAM action names are case-insensitive)',
      [{ Effect: 'Allow', Principal: pods, Action: ['STS:assumerole', 'sts:tagsession'] }],
    ],
    [
      'the principal among other services',
      [
        {
          Effect: 'Allow',
          Principal: { Service: ['ec2.amazonaws.com', 'pods.eks.amazonaws.com'] },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    ],
    [
      'the principal "*"',
      [{ Effect: 'Allow', Principal: '*', Action: ['sts:AssumeRole', 'sts:TagSession'] }],
    ],
    [
      'the service "*"',
      [
        {
          Effect: 'Allow',
          Principal: { Service: '*' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    ],
  ])('accepts %s', (_what, statements) => {
    expect(trustsPodIdentity(trustPolicy(...statements))).toBe(true);
  });

  it.each<[string, readonly unknown[]]>([
    ['sts:AssumeRole alone', [{ Effect: 'Allow', Principal: pods, Action: 'sts:AssumeRole' }]],
    ['sts:TagSession alone', [{ Effect: 'Allow', Principal: pods, Action: 'sts:TagSession' }]],
    [
      'a wildcard that does not cover STS (sts:Assume*, iam:*)',
      [{ Effect: 'Allow', Principal: pods, Action: ['sts:Assume*', 'sts:TagSession', 'iam:*'] }],
    ],
    [
      'another service principal',
      [{ ...POD_IDENTITY_STATEMENT, Principal: { Service: 'ec2.amazonaws.com' } }],
    ],
    [
      'an AWS principal (an account, not the service)',
      [{ ...POD_IDENTITY_STATEMENT, Principal: { AWS: '*' } }],
    ],
    ['a Deny statement', [{ ...POD_IDENTITY_STATEMENT, Effect: 'Deny' }]],
    [
      'TagSession from a statement for another principal',
      [
        { Effect: 'Allow', Principal: pods, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:TagSession' },
      ],
    ],
    ['no statements', []],
  ])('refuses %s', (_what, statements) => {
    expect(trustsPodIdentity(trustPolicy(...statements))).toBe(false);
  });

  it('reads a policy that is not URL-encoded, and a lone statement object', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: POD_IDENTITY_STATEMENT });
    expect(trustsPodIdentity(policy)).toBe(true);
  });

  it('refuses what is not a policy: nothing, "", bad JSON, bad encoding, an array', () => {
    expect(trustsPodIdentity(undefined)).toBe(false);
    expect(trustsPodIdentity('')).toBe(false);
    expect(trustsPodIdentity('{"Statement":')).toBe(false);
    expect(trustsPodIdentity('%E0%A4%A')).toBe(false);
    expect(trustsPodIdentity(encodeURIComponent('[]'))).toBe(false);
  });
});

describe('roleNameOf', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/app', 'app'],
    ['arn:aws:iam::123456789012:role/team/service/app', 'app'],
    ['arn:aws-us-gov:iam::123456789012:role/app', 'app'],
    ['arn:aws-cn:iam::123456789012:role/a.b+c=d,e@f_g-h', 'a.b+c=d,e@f_g-h'],
  ])('%s names the role %s', (arn, name) => {
    expect(roleNameOf(arn)).toBe(name);
  });

  it.each([
    'arn:aws:iam::123456789012:user/app',
    'arn:aws:iam::12345678901:role/app',
    'arn:aws:iam:us-east-1:123456789012:role/app',
    'arn:aws:iam::123456789012:role/',
    'arn:aws:iam::123456789012:role/app/',
    'arn:aws:sts::123456789012:assumed-role/app/session',
    'app',
  ])('%s is not a role ARN', (arn) => {
    expect(roleNameOf(arn)).toBeUndefined();
  });
});

describe('Kubernetes names', () => {
  it('takes a DNS-1123 label of up to 63 characters as a namespace', () => {
    for (const namespace of ['a', 'kube-system', '0-9', 'a'.repeat(63)]) {
      expect(() => requireNamespace(namespace)).not.toThrow();
    }
  });

  it.each(['', 'a'.repeat(64), 'Kube', '-a', 'a-', 'a.b', 'a_b'])(
    'refuses the namespace "%s" with EKS-like wording',
    (namespace) => {
      expect(refusal(() => requireNamespace(namespace))).toEqual({
        type: 'InvalidParameterException',
        message:
          `Invalid namespace "${namespace}": a Kubernetes namespace must be a DNS-1123 label, at ` +
          'most 63 lowercase letters, digits or "-", starting and ending with a letter or digit.',
      });
    },
  );

  it('takes a DNS-1123 subdomain of up to 253 characters as a service account', () => {
    const longest = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(longest).toHaveLength(253);
    for (const name of ['a', 'ebs-csi-controller-sa', 'app.v2', longest]) {
      expect(() => requireServiceAccount(name)).not.toThrow();
    }
  });

  it.each(['', `${'a'.repeat(253)}b`, 'App', 'a..b', '.a', 'a.', 'a.-b', 'a_b'])(
    'refuses the service account "%s"',
    (name) => {
      expect(refusal(() => requireServiceAccount(name))).toEqual({
        type: 'InvalidParameterException',
        message:
          `Invalid service account "${name}": a Kubernetes service account name must be a ` +
          'DNS-1123 subdomain, at most 253 lowercase letters, digits, "-" or ".", each ' +
          'dot-separated part starting and ending with a letter or digit.',
      });
    },
  );
});

describe('request fields', () => {
  it('reads strings and booleans, treating null as absent', () => {
    const body = { name: 'x', empty: '', none: null, flag: false };
    expect(requiredString(body, 'name')).toBe('x');
    expect(optionalString(body, 'none')).toBeUndefined();
    expect(optionalString(body, 'missing')).toBeUndefined();
    expect(optionalString(body, 'empty')).toBe('');
    expect(optionalBoolean(body, 'flag')).toBe(false);
    expect(optionalBoolean(body, 'none')).toBeUndefined();
  });

  it('refuses a missing or empty required string, and values of the wrong type', () => {
    const body = { empty: '', count: 3, flag: 'true' };
    expect(refusal(() => requiredString(body, 'empty'))).toEqual({
      type: 'InvalidParameterException',
      message: 'empty is required.',
    });
    expect(refusal(() => requiredString(body, 'missing'))).toEqual({
      type: 'InvalidParameterException',
      message: 'missing is required.',
    });
    expect(refusal(() => optionalString(body, 'count'))).toEqual({
      type: 'InvalidParameterException',
      message: 'count must be a string.',
    });
    expect(refusal(() => optionalBoolean(body, 'flag'))).toEqual({
      type: 'InvalidParameterException',
      message: 'flag must be a boolean.',
    });
  });
});

describe('add-on fields', () => {
  it('takes the three resolveConflicts values and refuses others', () => {
    for (const value of ['OVERWRITE', 'NONE', 'PRESERVE']) {
      expect(resolveConflictsOf({ resolveConflicts: value })).toBe(value);
    }
    expect(resolveConflictsOf({})).toBeUndefined();
    expect(refusal(() => resolveConflictsOf({ resolveConflicts: 'overwrite' }))).toEqual({
      type: 'InvalidParameterException',
      message: 'resolveConflicts must be one of OVERWRITE, NONE, PRESERVE.',
    });
  });

  it.each([
    '{"replicaCount": 2}',
    '  {}  ',
    'replicaCount: 2',
    'resources:\n  limits:\n    memory: 128Mi',
    '# a comment\n---\n\nenv:\n  WARM_IP_TARGET: "5"',
    '',
    '   ',
  ])('takes the configuration values %j as given', (value) => {
    expect(configurationValuesOf({ configurationValues: value })).toBe(value);
  });

  it.each([
    '[1, 2]',
    '{"a": ',
    '"text"',
    'just text',
    '- a list item',
    '{a: 1',
    '# only a comment',
  ])('refuses the configuration values %j: neither a JSON object nor a YAML mapping', (value) => {
    expect(refusal(() => configurationValuesOf({ configurationValues: value }))).toEqual({
      type: 'InvalidParameterException',
      message:
        'ConfigurationValue provided in request is not supported: it is neither a JSON object ' +
        'nor a YAML mapping.',
    });
  });

  it('takes a role ARN or "" as serviceAccountRoleArn and refuses anything else', () => {
    expect(serviceAccountRoleArnOf({ serviceAccountRoleArn: ROLE })).toBe(ROLE);
    expect(serviceAccountRoleArnOf({ serviceAccountRoleArn: '' })).toBe('');
    expect(serviceAccountRoleArnOf({})).toBeUndefined();
    expect(refusal(() => serviceAccountRoleArnOf({ serviceAccountRoleArn: 'app' }))).toEqual({
      type: 'InvalidParameterException',
      message: 'The serviceAccountRoleArn app is not a valid IAM role ARN.',
    });
  });
});

describe('tagsOf', () => {
  it('returns the tags as given, and undefined for none', () => {
    expect(tagsOf({ team: 'a', empty: '' }, 'InvalidParameterException')).toEqual({
      team: 'a',
      empty: '',
    });
    expect(tagsOf(undefined, 'InvalidParameterException')).toBeUndefined();
    expect(tagsOf(null, 'InvalidParameterException')).toBeUndefined();
  });

  it('takes 50 tags, keys of 128 and values of 256 characters', () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    expect(tagsOf(fifty, 'BadRequestException')).toEqual(fifty);
    const longest = { ['k'.repeat(128)]: 'v'.repeat(256) };
    expect(tagsOf(longest, 'BadRequestException')).toEqual(longest);
  });

  it.each<[string, unknown, string]>([
    ['a list', ['a'], 'tags must be a map of strings.'],
    ['a string', 'team=a', 'tags must be a map of strings.'],
    [
      '51 tags',
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])),
      'A resource can have at most 50 tags.',
    ],
    ['a number value', { count: 1 }, 'The value of tag "count" must be a string.'],
    ['an empty key', { '': 'v' }, 'Tag key "" must be 1-128 characters.'],
    [
      'a key of 129 characters',
      { ['k'.repeat(129)]: 'v' },
      `Tag key "${'k'.repeat(129)}" must be 1-128 characters.`,
    ],
    [
      'a value of 257 characters',
      { long: 'v'.repeat(257) },
      'The value of tag "long" is over 256 characters.',
    ],
    [
      'an aws: key, in any case',
      { 'AWS:team': 'a' },
      'Tag key "AWS:team" uses the reserved prefix aws:.',
    ],
  ])('refuses %s with the calling API’s error type', (_what, tags, message) => {
    expect(refusal(() => tagsOf(tags, 'BadRequestException'))).toEqual({
      type: 'BadRequestException',
      message,
    });
    expect(refusal(() => tagsOf(tags, 'InvalidParameterException'))).toEqual({
      type: 'InvalidParameterException',
      message,
    });
  });
});

describe('requireCluster', () => {
  it("returns the cluster's Kubernetes version, looked up by region and name", async () => {
    const lookups = new FakeLookups()
      .withCluster('demo', '1.31')
      .withCluster('demo', '1.29', 'eu-west-1');
    await expect(requireCluster(lookups, 'eu-west-1', 'demo')).resolves.toBe('1.29');
    expect(lookups.asked).toEqual(['cluster eu-west-1/demo']);
  });

  it('refuses a cluster that does not exist in that region with EKS’s wording', async () => {
    const lookups = new FakeLookups().withCluster('demo', '1.31', 'eu-west-1');
    expect(await asyncRefusal(requireCluster(lookups, REGION, 'demo'))).toEqual({
      type: 'ResourceNotFoundException',
      message: 'No cluster found for name: demo.',
    });
  });

  it('answers a failed look-up with a ServerException that says why', async () => {
    const lookups = new FakeLookups();
    lookups.failure = new Error('connect ECONNREFUSED');
    expect(await asyncRefusal(requireCluster(lookups, REGION, 'demo'))).toEqual({
      type: 'ServerException',
      message: 'the double could not look the cluster up in moto: Error: connect ECONNREFUSED',
    });
  });
});

describe('requirePodIdentityRole', () => {
  it('accepts a role that exists and trusts Pod Identity', async () => {
    const lookups = new FakeLookups().withRole(ROLE);
    await expect(requirePodIdentityRole(lookups, ROLE)).resolves.toBeUndefined();
    expect(lookups.asked).toEqual([`role ${ROLE}`]);
  });

  it('refuses what is not a role ARN without looking it up', async () => {
    const lookups = new FakeLookups();
    expect(await asyncRefusal(requirePodIdentityRole(lookups, 'app'))).toEqual({
      type: 'InvalidParameterException',
      message: 'The roleArn app is not a valid IAM role ARN.',
    });
    expect(lookups.asked).toEqual([]);
  });

  it('refuses a role that does not exist with the text the AWS provider retries on', async () => {
    expect(await asyncRefusal(requirePodIdentityRole(new FakeLookups(), ROLE))).toEqual({
      type: 'InvalidParameterException',
      message: 'Role provided in the request does not exist.',
    });
  });

  it('refuses a role that does not trust Pod Identity with both actions', async () => {
    const lookups = new FakeLookups().withRole(
      ROLE,
      trustPolicy({ Effect: 'Allow', Principal: pods, Action: 'sts:AssumeRole' }),
    );
    expect(await asyncRefusal(requirePodIdentityRole(lookups, ROLE))).toEqual({
      type: 'InvalidParameterException',
      message:
        `Trust policy of the role provided is invalid. The role ${ROLE} must allow the service ` +
        'principal pods.eks.amazonaws.com the actions sts:AssumeRole and sts:TagSession.',
    });
  });

  it('answers a failed look-up with a ServerException that says why', async () => {
    const lookups = new FakeLookups();
    lookups.failure = new Error('socket hang up');
    expect(await asyncRefusal(requirePodIdentityRole(lookups, ROLE))).toEqual({
      type: 'ServerException',
      message: 'the double could not look the role up in moto: Error: socket hang up',
    });
  });
});
