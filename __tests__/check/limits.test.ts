import { ACCOUNT_ID_STAND_IN, policyLength } from '../../core/iam';
import { planRole, RolePlan } from '../../policy/role-plan';
import { Identity } from '../../model/model';
import { association, identity, JsonMap } from '../support/config-files';
import { inspectConfig } from '../../read/read-config';
import { configOf } from '../support/synth';
import { refusalOf } from '../support/config-files';

/**
 * Every limit of IAM, EKS and Terraform Cloud that the configuration is
 * checked against, at exactly the limit (accepted) and one past it (refused),
 * with the measured size asserted, so that `>` turned into `>=` (or the
 * reverse) fails a test.
 */

/**
 * The plan of the one identity of `file`, as the role construct and the checks
 * see it, whether or not the file is refused.
 */
function planOf(file: JsonMap): RolePlan {
  const { model } = inspectConfig({ source: 'test.json', file });
  if (model === undefined) throw new Error('the file is not an object');
  return planRole(model.identities[0], {
    partition: model.partition,
    region: model.region,
    accountId: ACCOUNT_ID_STAND_IN,
  });
}

/** The problems a file is refused with. */
function problemsOf(file: JsonMap): readonly string[] {
  return refusalOf(() => configOf(file)).problems;
}

/**
 * The file `build(n)` whose measured size is exactly `target`: `build` pads
 * one value to `n` characters, which grows the size by one per character.
 */
function fileOfSize(
  target: number,
  build: (n: number) => JsonMap,
  measure: (file: JsonMap) => number,
): JsonMap {
  const n = 1 + target - measure(build(1));
  const file = build(n);
  if (n < 1 || measure(file) !== target) {
    throw new Error(`no padding reaches ${target} (n = ${n}): change the test's counts`);
  }
  return file;
}

const trustSize = (file: JsonMap) => policyLength(planOf(file).trust);

/** `count` distinct names `<stem>-000`, ... */
const names = (stem: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${stem}-${String(i).padStart(3, '0')}`);

/**
 * An identity with one trust statement per association, the last service
 * account `n` characters long, the others `pad` characters longer than `sa-000`.
 */
function restrictedTrust(associations: number, top: JsonMap = {}, pad = 0) {
  return (n: number): JsonMap => ({
    ...top,
    identities: [
      identity('app', {
        trust: { restrictToAssociations: true },
        associations: [
          ...names(`sa${'a'.repeat(pad)}`, associations - 1).map((sa) =>
            association('ns', sa, { kubernetes: false }),
          ),
          association('ns', 's'.repeat(n), { kubernetes: false }),
        ],
      }),
    ],
  });
}

describe('the trust policy: 2,048 characters, raisable to 4,096', () => {
  const atLimit = fileOfSize(2048, restrictedTrust(5), trustSize);
  const pastLimit = fileOfSize(2049, restrictedTrust(5), trustSize);

  it('accepts a trust policy of exactly 2,048 characters', () => {
    expect(trustSize(atLimit)).toBe(2048);
    expect(configOf(atLimit).identities).toHaveLength(1);
  });

  it('refuses 2,049 characters', () => {
    expect(trustSize(pastLimit)).toBe(2049);
    expect(problemsOf(pastLimit)).toEqual([
      'identities[0]: has a trust policy of 2049 characters, more than the 2048 IAM allows (iamLimits.trustPolicyCharacters raises it to at most 4096 once AWS has raised the quota)',
    ]);
  });

  it('accepts 4,096 characters with iamLimits.trustPolicyCharacters 4096, and refuses 4,097', () => {
    const raised = { iamLimits: { trustPolicyCharacters: 4096 } };
    const at = fileOfSize(4096, restrictedTrust(10, raised, 27), trustSize);
    const past = fileOfSize(4097, restrictedTrust(10, raised, 27), trustSize);

    expect(trustSize(at)).toBe(4096);
    expect(configOf(at).iamLimits.trustPolicyCharacters).toBe(4096);
    expect(trustSize(past)).toBe(4097);
    expect(problemsOf(past)).toEqual([
      'identities[0]: has a trust policy of 4097 characters, more than the 4096 IAM allows (iamLimits.trustPolicyCharacters raises it to at most 4096 once AWS has raised the quota)',
    ]);
  });
});

describe('a customer managed policy: 6,144 characters', () => {
  /** Bucket-scoped read of 100 buckets and one KMS key whose ID is `n` characters. */
  const bucketScoped = (n: number): JsonMap => ({
    identities: [
      identity('app', {
        s3: {
          access: 'bucket-scoped',
          buckets: names('bucket', 100),
          kmsKeyArns: [`arn:aws:kms:us-east-1:111122223333:key/${'k'.repeat(n)}`],
        },
      }),
    ],
  });
  const size = (file: JsonMap) => policyLength(planOf(file).customerPolicies[0].statements);

  it('accepts a bucket-scoped policy of exactly 6,144 characters', () => {
    const file = fileOfSize(6144, bucketScoped, size);

    expect(size(file)).toBe(6144);
    expect(configOf(file).identities[0].s3.access).toBe('bucket-scoped');
  });

  it('refuses 6,145 characters', () => {
    const file = fileOfSize(6145, bucketScoped, size);

    expect(size(file)).toBe(6145);
    expect(problemsOf(file)).toEqual([
      'identities[0]: has a bucket-scoped S3 policy of 6145 characters, more than the 6144 IAM allows',
    ]);
  });
});

describe("a role's inline policies: 10,240 characters in all", () => {
  /** One statement of 460 resources, the last a bucket ARN with an `n`-character name. */
  const statements = (n: number): JsonMap => ({
    identities: [
      identity('app', {
        statements: [
          {
            actions: ['s3:GetObject'],
            resources: [...names('arn:aws:s3:::b', 459), `arn:aws:s3:::${'b'.repeat(n)}`],
          },
        ],
      }),
    ],
  });
  const size = (file: JsonMap) =>
    planOf(file).inlinePolicies.reduce((sum, p) => sum + policyLength(p.statements), 0);

  it('accepts inline statements of exactly 10,240 characters', () => {
    const file = fileOfSize(10240, statements, size);

    expect(size(file)).toBe(10240);
    expect(configOf(file).identities[0].statements).toHaveLength(1);
  });

  it('refuses 10,241 characters', () => {
    const file = fileOfSize(10241, statements, size);

    expect(size(file)).toBe(10241);
    expect(problemsOf(file)).toEqual([
      'identities[0]: has an inline policy (statements) of 10241 characters, more than the 10240 IAM allows',
    ]);
  });
});

describe('managed policies per role: 10, raisable to 20', () => {
  const policyArns = (count: number) => names('arn:aws:iam::123456789012:policy/extra', count);
  /** `count` managed policies in all: AmazonS3ReadOnlyAccess and `count - 1` ARNs. */
  const withPolicies = (count: number, top: JsonMap = {}): JsonMap => ({
    ...top,
    identities: [identity('app', { managedPolicyArns: policyArns(count - 1) })],
  });
  const count = (file: JsonMap) => {
    const plan = planOf(file);
    return plan.managedPolicies.length + plan.customerPolicies.length;
  };

  it('accepts exactly 10, AmazonS3ReadOnlyAccess included', () => {
    expect(count(withPolicies(10))).toBe(10);
    expect(configOf(withPolicies(10)).identities[0].managedPolicyArns).toHaveLength(9);
  });

  it('refuses 11', () => {
    expect(count(withPolicies(11))).toBe(11);
    expect(problemsOf(withPolicies(11))).toEqual([
      'identities[0]: attaches 11 managed policies to its role, more than the 10 IAM allows (iamLimits.managedPoliciesPerRole raises it to at most 20 once AWS has raised the quota)',
    ]);
  });

  it('accepts exactly 20 with iamLimits.managedPoliciesPerRole 20, and refuses 21', () => {
    const raised = { iamLimits: { managedPoliciesPerRole: 20 } };

    expect(count(withPolicies(20, raised))).toBe(20);
    expect(configOf(withPolicies(20, raised)).identities[0].managedPolicyArns).toHaveLength(19);
    expect(problemsOf(withPolicies(21, raised))).toEqual([
      'identities[0]: attaches 21 managed policies to its role, more than the 20 IAM allows (iamLimits.managedPoliciesPerRole raises it to at most 20 once AWS has raised the quota)',
    ]);
  });

  it('counts the bucket-scoped policy it creates: 9 ARNs and it make 10, 10 ARNs and it 11', () => {
    const bucketScoped = (arns: number): JsonMap => ({
      identities: [
        identity('app', {
          s3: { access: 'bucket-scoped', buckets: ['reports'] },
          managedPolicyArns: policyArns(arns),
        }),
      ],
    });

    expect(count(bucketScoped(9))).toBe(10);
    expect(configOf(bucketScoped(9)).identities).toHaveLength(1);
    expect(problemsOf(bucketScoped(10))).toEqual([
      'identities[0]: attaches 11 managed policies to its role, more than the 10 IAM allows (iamLimits.managedPoliciesPerRole raises it to at most 20 once AWS has raised the quota)',
    ]);
  });
});

describe('tags per resource: 50, the default tags included', () => {
  const tags = (stem: string, count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`${stem}${i}`, 'x']));
  const tagCount = (config: { defaultTags: object }, own: object) =>
    new Set([...Object.keys(config.defaultTags), ...Object.keys(own)]).size;

  it('accepts a role with exactly 50 tags with the default tags, and refuses 51', () => {
    const file = (roleTags: number): JsonMap => ({
      defaultTags: tags('d', 30),
      identities: [identity('app', { role: { tags: tags('r', roleTags) } })],
    });
    const accepted = configOf(file(20));

    expect(tagCount(accepted, accepted.identities[0].role.tags)).toBe(50);
    expect(problemsOf(file(21))).toEqual([
      'identities[0].role.tags: with defaultTags the role has 51 tags, more than the 50 AWS allows',
    ]);
  });

  it('accepts an association with exactly 50 tags with the default tags, and refuses 51', () => {
    const file = (associationTags: number): JsonMap => ({
      defaultTags: tags('d', 30),
      identities: [
        identity('app', {
          associations: [association('app', 'app-sa', { tags: tags('a', associationTags) })],
        }),
      ],
    });
    const accepted = configOf(file(20));

    expect(tagCount(accepted, accepted.identities[0].associations[0].tags)).toBe(50);
    expect(problemsOf(file(21))).toEqual([
      'identities[0].associations[0].tags: with defaultTags the association has 51 tags, more than the 50 AWS allows',
    ]);
  });

  it.each<[string, (tags: object) => JsonMap, string]>([
    ['defaultTags', (t) => ({ defaultTags: t }), 'defaultTags'],
    [
      'role tags',
      (t) => ({ identities: [identity('app', { role: { tags: t } })] }),
      'identities[0].role.tags',
    ],
    [
      'association tags',
      (t) => ({
        identities: [identity('app', { associations: [association('a', 'b', { tags: t })] })],
      }),
      'identities[0].associations[0].tags',
    ],
  ])('accepts exactly 50 %s on their own, and refuses 51', (_what, file, path) => {
    expect(() => configOf(file(tags('k', 50)))).not.toThrow();
    expect(problemsOf(file(tags('k', 51)))).toEqual([
      `${path}: has 51 tags, more than the 50 AWS allows`,
    ]);
  });
});

describe("Pod Identity associations per cluster: EKS's 5,000", () => {
  const manyAssociations = (count: number): JsonMap => ({
    identities: [
      identity('app', {
        associations: names('sa', count).map((sa) => association('ns', sa, { kubernetes: false })),
      }),
    ],
  });
  const onCluster = (identities: readonly Identity[]) =>
    identities.flatMap((i) => i.associations).filter((a) => a.cluster === 'example').length;

  it('accepts exactly 5,000 on one cluster, and refuses 5,001', () => {
    expect(onCluster(configOf(manyAssociations(5000)).identities)).toBe(5000);
    expect(problemsOf(manyAssociations(5001))).toEqual([
      'identities: 5001 associations on cluster "example", more than EKS\'s quota of 5000 Pod Identity associations per cluster',
    ]);
  });
});

describe('Terraform Cloud workspace names: 90 characters', () => {
  const cloud = { terraformCloud: { organization: 'acme' } };
  /** The AWS stack's workspace `pod-identity-default-aws` (24) behind a prefix. */
  const withPrefix = (length: number): JsonMap => ({
    terraformCloud: { workspacePrefix: 'p'.repeat(length) },
    identities: [identity('app', { associations: [association('a', 'b', { kubernetes: false })] })],
  });

  it('accepts a workspace name of exactly 90 characters, and refuses 91', () => {
    const accepted = configOf(withPrefix(66), cloud);

    expect(`${'p'.repeat(66)}pod-identity-default-aws`).toHaveLength(90);
    expect(accepted.backend).toMatchObject({ kind: 'cloud', workspacePrefix: 'p'.repeat(66) });
    expect(refusalOf(() => configOf(withPrefix(67), cloud)).problems).toEqual([
      `terraformCloud: the workspace name "${'p'.repeat(67)}pod-identity-default-aws" (prefix "${'p'.repeat(67)}" + stack "pod-identity-default-aws") is 91 characters, more than the 90 Terraform Cloud allows; shorten terraformCloud.workspacePrefix, the environment or the cluster name`,
    ]);
  });
});
