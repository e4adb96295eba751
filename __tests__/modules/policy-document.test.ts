import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamStatement } from '../../core/iam';
import { policyDocument } from '../../modules/policy-document';
import { onlyBlock, synthConstruct } from '../support/construct-testing';

function document(statements: readonly IamStatement[]) {
  return synthConstruct((scope) => policyDocument(scope, 'document', statements).json);
}

describe('policyDocument', () => {
  test('writes each statement with its sid, effect, actions, resources, principals and conditions', () => {
    const { synthesized } = document([
      {
        sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
        effect: 'Allow',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
        conditions: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111122223333'] },
        ],
      },
      { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::reports/*'] },
    ]);
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        {
          sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
          effect: 'Allow',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['111122223333'] },
          ],
        },
        { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::reports/*'] },
      ],
    });
  });

  test('escapes IAM policy variables ${aws:PrincipalTag/x} as &{aws:PrincipalTag/x}', () => {
    const { json, synthesized } = document([
      {
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: ['arn:aws:s3:::tenants'],
        conditions: [
          {
            test: 'StringLike',
            variable: 's3:prefix',
            values: ['apps/${aws:PrincipalTag/kubernetes-namespace}/*'],
          },
        ],
      },
      {
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: ['arn:aws:s3:::tenants/apps/${aws:PrincipalTag/kubernetes-namespace}/*'],
      },
    ]);
    expect(onlyBlock(json, 'data', 'aws_iam_policy_document').body.statement).toEqual([
      expect.objectContaining({
        condition: [
          {
            test: 'StringLike',
            variable: 's3:prefix',
            values: ['apps/&{aws:PrincipalTag/kubernetes-namespace}/*'],
          },
        ],
      }),
      expect.objectContaining({
        resources: ['arn:aws:s3:::tenants/apps/&{aws:PrincipalTag/kubernetes-namespace}/*'],
      }),
    ]);
    expect(synthesized).not.toContain('${aws:');
  });

  test('leaves Terraform references as they are', () => {
    const account = '${data.aws_caller_identity.current.account_id}';
    const { json } = document([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        conditions: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
      },
    ]);
    expect(onlyBlock(json, 'data', 'aws_iam_policy_document').body.statement).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] }],
      },
    ]);
  });

  test('returns the data source, whose json the role and its policies refer to', () => {
    expect(document([{ effect: 'Allow', actions: ['s3:ListAllMyBuckets'] }]).resolved).toBe(
      '${data.aws_iam_policy_document.document.json}',
    );
  });
});
