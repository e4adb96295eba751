import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Testing } from 'cdktf';
import { PodIdentityRole } from '../../modules/pod-identity-role';
import { planRole } from '../../policy/role-plan';
import { association, identity } from '../support/config-files';
import { blocksOf, configOf, parse } from '../support/synth';

/** Synthesizes a PodIdentityRole for the one identity of a config file. */
function synthRole(identityFile: object, region = 'us-east-1', accountId = '111122223333') {
  const config = configOf({ region, identities: [identityFile] });
  return Testing.synthScope((scope) => {
    const [identity] = config.identities;
    const { role } = identity;
    new PodIdentityRole(scope, 'role', {
      name: role.name,
      namePrefix: role.namePrefix,
      path: role.path,
      description: role.description,
      permissionsBoundary: role.permissionsBoundary,
      maxSessionDuration: role.maxSessionDuration,
      tags: role.tags,
      plan: planRole(identity, { partition: config.partition, region, accountId }),
    });
  });
}

/** The statements of the policy document with the given construct id. */
function statementsOf(synthesized: string, id: string): unknown {
  const documents = parse(synthesized).data?.aws_iam_policy_document ?? {};
  const key = Object.keys(documents).find((name) => name.startsWith(`role_${id}_`));
  return key === undefined ? undefined : documents[key].statement;
}

describe('PodIdentityRole', () => {
  test('grants bucket-scoped read: ListBucket on the buckets and GetObject on their objects, nothing else', () => {
    const synthesized = synthRole(
      identity('reports', { s3: { access: 'bucket-scoped', buckets: ['reports-a', 'reports-b'] } }),
    );
    expect(statementsOf(synthesized, 's3_read_document')).toEqual([
      {
        sid: 'ListBuckets',
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: ['arn:aws:s3:::reports-a', 'arn:aws:s3:::reports-b'],
      },
      {
        sid: 'ReadObjects',
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: ['arn:aws:s3:::reports-a/*', 'arn:aws:s3:::reports-b/*'],
      },
    ]);
    expect(synthesized).toHaveResourceWithProperties(IamPolicy, {
      name: 'eks-pod-identity-reports-s3-read',
    });
    expect(blocksOf(synthesized, 'aws_iam_role_policy_attachment')).toHaveLength(1);
    expect(synthesized).not.toHaveResourceWithProperties(IamPolicy, {
      policy: expect.stringContaining('AmazonS3ReadOnlyAccess'),
    });
  });

  test('limits reads to a prefix with an s3:prefix condition', () => {
    const synthesized = synthRole(
      identity('reports', {
        s3: { access: 'bucket-scoped', buckets: ['reports-a'], prefix: 'daily/' },
      }),
    );
    expect(statementsOf(synthesized, 's3_read_document')).toEqual([
      {
        sid: 'ListBuckets',
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: ['arn:aws:s3:::reports-a'],
        condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['daily/*'] }],
      },
      {
        sid: 'ReadObjects',
        effect: 'Allow',
        actions: ['s3:GetObject'],
        resources: ['arn:aws:s3:::reports-a/daily/*'],
      },
    ]);
  });

  test("limits each session to its namespace's prefix through the kubernetes-namespace session tag", () => {
    const synthesized = synthRole(
      identity('tenants', {
        s3: {
          access: 'bucket-scoped',
          buckets: ['tenant-data'],
          prefix: 'apps/',
          namespacePrefixes: true,
        },
      }),
    );
    // Terraform's escape for IAM's ${...}: written as &{...}, rendered as ${...}.
    expect(statementsOf(synthesized, 's3_read_document')).toEqual([
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
        resources: ['arn:aws:s3:::tenant-data/apps/&{aws:PrincipalTag/kubernetes-namespace}/*'],
      }),
    ]);
    expect(synthesized).not.toContain('${aws:');
  });

  test('allows kms:Decrypt on the named keys only through S3 in the key region', () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const synthesized = synthRole(
      identity('reports', {
        s3: { access: 'bucket-scoped', buckets: ['reports-a'], kmsKeyArns: [key] },
      }),
    );
    expect(statementsOf(synthesized, 's3_read_document')).toEqual(
      expect.arrayContaining([
        {
          sid: 'DecryptObjects',
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [key],
          condition: [
            {
              test: 'StringEquals',
              variable: 'kms:ViaService',
              values: ['s3.eu-west-1.amazonaws.com'],
            },
          ],
        },
      ]),
    );
  });

  test('attaches further managed policies and writes further statements to an inline policy', () => {
    const synthesized = synthRole(
      identity('app', {
        s3: { access: 'none' },
        managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'],
        statements: [
          {
            sid: 'ReadParameters',
            actions: ['ssm:GetParameter'],
            resources: [
              'arn:aws:ssm:us-east-1:111122223333:parameter/app/${aws:PrincipalTag/kubernetes-namespace}/*',
            ],
          },
        ],
      }),
    );
    expect(
      blocksOf(synthesized, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn),
    ).toEqual(['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess']);
    expect(synthesized).toHaveResourceWithProperties(IamRolePolicy, { name: 'statements' });
    expect(statementsOf(synthesized, 'statements_document')).toEqual([
      {
        sid: 'ReadParameters',
        effect: 'Allow',
        actions: ['ssm:GetParameter'],
        resources: [
          'arn:aws:ssm:us-east-1:111122223333:parameter/app/&{aws:PrincipalTag/kubernetes-namespace}/*',
        ],
      },
    ]);
  });

  test('replaces the role and every policy by creating the new one first', () => {
    const synthesized = synthRole(
      identity('app', {
        s3: { access: 'bucket-scoped', buckets: ['eks-automation'] },
        managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'],
        statements: [{ actions: ['sqs:SendMessage'], resources: ['*'] }],
      }),
    );
    const json = parse(synthesized).resource ?? {};
    const lifecycles = Object.entries(json)
      .filter(([type]) => type !== 'terraform_data')
      .flatMap(([type, blocks]) =>
        Object.values(blocks).map((block) => [type, block.lifecycle] as const),
      );
    expect(lifecycles.map(([type]) => type)).toEqual([
      'aws_iam_policy',
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_iam_role_policy_attachment',
      'aws_iam_role_policy_attachment',
    ]);
    for (const [, lifecycle] of lifecycles) {
      expect(lifecycle).toEqual({ create_before_destroy: true });
    }
  });

  test('settles its permissions in one terraform_data: every attachment and inline policy', () => {
    const synthesized = synthRole(
      identity('app', {
        s3: { access: 'bucket-scoped', buckets: ['eks-automation'] },
        statements: [{ actions: ['sqs:SendMessage'], resources: ['*'] }],
      }),
    );
    const resources = parse(synthesized).resource ?? {};
    const ids = [
      ...Object.keys(resources.aws_iam_role_policy_attachment ?? {}).map(
        (a) => `\${aws_iam_role_policy_attachment.${a}.id}`,
      ),
      ...Object.keys(resources.aws_iam_role_policy ?? {}).map(
        (p) => `\${aws_iam_role_policy.${p}.id}`,
      ),
    ];
    expect(ids).toHaveLength(2);
    expect(blocksOf(synthesized, 'terraform_data')).toEqual([{ input: { policies: ids } }]);
  });

  test('names an attachment of managedPolicyArns by its policy, moved from its old place in the list', () => {
    const synthesized = synthRole(
      identity('app', {
        s3: { access: 'none' },
        managedPolicyArns: [
          'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess',
          'arn:aws:iam::111122223333:policy/teams/app-extra',
        ],
      }),
    );
    const attachments = Object.keys(
      parse(synthesized).resource?.aws_iam_role_policy_attachment ?? {},
    ).sort((a, b) => b.localeCompare(a));
    expect(attachments).toEqual([
      expect.stringMatching(/^role_attach_managed_aws_AmazonSQSReadOnlyAccess_[0-9A-F]{8}$/),
      expect.stringMatching(/^role_attach_managed_111122223333_app-extra_[0-9A-F]{8}$/),
    ]);
    expect((JSON.parse(synthesized) as { moved?: unknown }).moved).toEqual([
      {
        from: expect.stringMatching(
          /^aws_iam_role_policy_attachment\.role_attach_managed_0_[0-9A-F]{8}$/,
        ),
        to: `aws_iam_role_policy_attachment.${attachments[0]}`,
      },
      {
        from: expect.stringMatching(
          /^aws_iam_role_policy_attachment\.role_attach_managed_1_[0-9A-F]{8}$/,
        ),
        to: `aws_iam_role_policy_attachment.${attachments[1]}`,
      },
    ]);
  });

  test('has nothing to settle without a policy', () => {
    const synthesized = synthRole(identity('app', { s3: { access: 'none' } }));
    expect(parse(synthesized).resource?.terraform_data).toBeUndefined();
  });

  test('sets the role options: name prefix, path, description, boundary, session duration, tags', () => {
    const boundary = 'arn:aws:iam::111122223333:policy/platform-boundary';
    const synthesized = synthRole(
      identity('app', {
        role: {
          namePrefix: 'app-',
          path: '/pod-identity/',
          description: 'Pods of app',
          permissionsBoundary: boundary,
          maxSessionDuration: 7200,
          tags: { owner: 'team-a' },
        },
      }),
    );
    expect(blocksOf(synthesized, 'aws_iam_role')).toEqual([
      expect.objectContaining({
        name_prefix: 'app-',
        path: '/pod-identity/',
        description: 'Pods of app',
        permissions_boundary: boundary,
        max_session_duration: 7200,
        tags: { owner: 'team-a' },
      }),
    ]);
    expect(synthesized).not.toHaveResourceWithProperties(IamRole, { name: expect.anything() });
  });

  test('narrows the trust policy to the account', () => {
    const synthesized = synthRole(
      identity('app', { trust: { sourceAccount: true } }),
      'us-east-1',
      '${data.aws_caller_identity.current.account_id}',
    );
    expect(synthesized).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        {
          sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          condition: [
            {
              test: 'StringEquals',
              variable: 'aws:SourceAccount',
              values: ['${data.aws_caller_identity.current.account_id}'],
            },
          ],
        },
      ],
    });
  });

  test('narrows the trust policy to the configured associations as exact (cluster, namespace, service account) triples', () => {
    const synthesized = synthRole(
      identity('app', {
        trust: { restrictToAssociations: true },
        associations: [association('team-a', 'reader'), association('team-b', 'writer')],
      }),
    );
    const statement = (index: number, namespace: string, serviceAccount: string) => ({
      sid: `AllowEksAuthToAssumeRoleForPodIdentity${index}`,
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      condition: [
        {
          test: 'StringEquals',
          variable: 'aws:RequestTag/eks-cluster-arn',
          values: ['arn:aws:eks:us-east-1:111122223333:cluster/example'],
        },
        {
          test: 'StringEquals',
          variable: 'aws:RequestTag/kubernetes-namespace',
          values: [namespace],
        },
        {
          test: 'StringEquals',
          variable: 'aws:RequestTag/kubernetes-service-account',
          values: [serviceAccount],
        },
      ],
    });
    expect(statementsOf(synthesized, 'assume_role')).toEqual([
      statement(1, 'team-a', 'reader'),
      statement(2, 'team-b', 'writer'),
    ]);
  });
});

describe('PodIdentityRole adopting a role IAM has', () => {
  const plan = { trust: [], managedPolicies: [], customerPolicies: [], inlinePolicies: [] };
  const synthesized = (adopt: { protect: boolean; release: boolean }) =>
    parse(
      Testing.synthScope((scope) => {
        new PodIdentityRole(scope, 'legacy', { name: 'legacy-api', plan, adopt });
      }),
    ) as ReturnType<typeof parse> & {
      import?: unknown;
      removed?: unknown;
    };

  test('imports it by name into the state, and refuses to delete it by default', () => {
    const json = synthesized({ protect: true, release: false });
    const [address] = Object.keys(json.resource?.aws_iam_role ?? {});
    expect(json.import).toEqual([{ id: 'legacy-api', to: `aws_iam_role.${address}` }]);
    expect(json.resource?.aws_iam_role?.[address].lifecycle).toEqual({
      create_before_destroy: true,
      prevent_destroy: true,
    });
  });

  test('lets a destroy delete it when it is not protected', () => {
    const json = synthesized({ protect: false, release: false });
    const [role] = Object.values(json.resource?.aws_iam_role ?? {});
    expect(role.lifecycle).toEqual({ create_before_destroy: true });
  });

  test('released: forgets it at its address without destroying it, and looks it up by name', () => {
    const managed = synthesized({ protect: true, release: false });
    const [address] = Object.keys(managed.resource?.aws_iam_role ?? {});
    const json = synthesized({ protect: true, release: true });
    expect(json.resource?.aws_iam_role).toBeUndefined();
    expect(json.import).toBeUndefined();
    expect(json.removed).toEqual([
      { from: `aws_iam_role.${address}`, lifecycle: { destroy: false } },
    ]);
    expect(Object.values(json.data?.aws_iam_role ?? {})).toEqual([
      expect.objectContaining({ name: 'legacy-api' }),
    ]);
  });

  test('fromRoleArn names an existing role by its ARN, creating nothing', () => {
    expect(PodIdentityRole.fromRoleArn('arn:aws:iam::123456789012:role/teams/api')).toEqual({
      roleArn: 'arn:aws:iam::123456789012:role/teams/api',
      roleName: 'api',
    });
  });
});
