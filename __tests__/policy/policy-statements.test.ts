import { toTerraformText } from '../../modules/policy-document';
import { ACCOUNT_ID_STAND_IN, policyLength } from '../../core/iam';
import { s3CheckUrl } from '../../policy/s3-access';
import { trustStatements } from '../../policy/trust-policy';
import { identity } from '../support/config-files';
import { configOf } from '../support/synth';

const context = { partition: 'aws' as const, region: 'us-east-1', accountId: ACCOUNT_ID_STAND_IN };

describe('policyLength', () => {
  test("counts the tutorial's trust policy as IAM does, without white space", () => {
    const tutorial =
      '{"Version":"2012-10-17","Statement":[{"Sid":"AllowEksAuthToAssumeRoleForPodIdentity","Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Principal":{"Service":"pods.eks.amazonaws.com"}}]}';
    expect(policyLength(trustStatements(configOf().identities[0], context))).toBe(tutorial.length);
  });

  test('renders a list of one value as that value, and merges conditions of one operator', () => {
    expect(
      policyLength([
        {
          effect: 'Allow',
          actions: ['s3:GetObject'],
          resources: ['*'],
          conditions: [
            { test: 'StringEquals', variable: 'a:b', values: ['x'] },
            { test: 'StringEquals', variable: 'c:d', values: ['y', 'z'] },
          ],
        },
      ]),
    ).toBe(
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"a:b":"x","c:d":["y","z"]}}}]}'
        .length,
    );
  });
});

describe('toTerraformText', () => {
  test("escapes IAM's policy variables and leaves Terraform references alone", () => {
    expect(toTerraformText('arn:aws:s3:::b/${aws:PrincipalTag/kubernetes-namespace}/*')).toBe(
      'arn:aws:s3:::b/&{aws:PrincipalTag/kubernetes-namespace}/*',
    );
    expect(toTerraformText('${data.aws_caller_identity.current.account_id}')).toBe(
      '${data.aws_caller_identity.current.account_id}',
    );
  });
});

describe('s3CheckUrl', () => {
  test('lists the first bucket under the prefix and the namespace', () => {
    const [tenants] = configOf({
      identities: [
        identity('t', {
          s3: {
            access: 'bucket-scoped',
            buckets: ['bucket-1', 'bucket-2'],
            prefix: 'p/',
            namespacePrefixes: true,
          },
        }),
      ],
    }).identities;
    expect(s3CheckUrl(tenants, 'team-a')).toBe('s3://bucket-1/p/team-a/');
  });

  test('lists the buckets of the account when a managed read-only identity names none', () => {
    expect(
      s3CheckUrl(configOf({ identities: [identity('t')] }).identities[0], 'x'),
    ).toBeUndefined();
  });
});
