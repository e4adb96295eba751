import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { RESERVED_IDENTITY_NAMES } from '../../core/stack-ids';
import { readConfig } from '../../read/read-config';
import { association, identity } from '../support/config-files';
import { exampleFiles } from '../support/examples';
import { blocksOf, configOf, parse, synthApp } from '../support/synth';

describe('PodIdentityAwsStack with no configuration (the tutorial)', () => {
  const { aws } = synthApp(configOf());

  test('has the trust policy document for pods.eks.amazonaws.com with AssumeRole and TagSession', () => {
    expect(aws).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        {
          sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }],
          actions: ['sts:AssumeRole', 'sts:TagSession'],
        },
      ],
    });
    expect(blocksOf(aws, 'aws_iam_policy_document', 'data')).toHaveLength(1);
  });

  test('creates the role eks-pod-identity-example from that document', () => {
    const [document] = Object.keys(parse(aws).data?.aws_iam_policy_document ?? {});
    expect(aws).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pod-identity-example',
      assume_role_policy: `\${data.aws_iam_policy_document.${document}.json}`,
    });
    expect(blocksOf(aws, 'aws_iam_role')).toHaveLength(1);
  });

  test('attaches AmazonS3ReadOnlyAccess, and only that', () => {
    const [role] = Object.keys(parse(aws).resource?.aws_iam_role ?? {});
    expect(blocksOf(aws, 'aws_iam_role_policy_attachment')).toEqual([
      {
        policy_arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        role: `\${aws_iam_role.${role}.name}`,
        lifecycle: { create_before_destroy: true },
      },
    ]);
    expect(parse(aws).resource?.aws_iam_policy).toBeUndefined();
    expect(parse(aws).resource?.aws_iam_role_policy).toBeUndefined();
  });

  test('associates namespace example and service account exampleserviceaccount on cluster example, once the role has its policy', () => {
    const [role] = Object.keys(parse(aws).resource?.aws_iam_role ?? {});
    const [attachment] = Object.keys(parse(aws).resource?.aws_iam_role_policy_attachment ?? {});
    const [permissions] = Object.keys(parse(aws).resource?.terraform_data ?? {});
    expect(blocksOf(aws, 'aws_eks_pod_identity_association')).toEqual([
      {
        cluster_name: 'example',
        namespace: 'example',
        service_account: 'exampleserviceaccount',
        role_arn: `\${aws_iam_role.${role}.arn}`,
        depends_on: [`terraform_data.${permissions}`],
      },
    ]);
    expect(blocksOf(aws, 'terraform_data')).toEqual([
      { input: { policies: [`\${aws_iam_role_policy_attachment.${attachment}.id}`] } },
    ]);
  });

  test('configures the AWS provider for us-east-1 without default tags', () => {
    expect(aws).toHaveProviderWithProperties(AwsProvider, { region: 'us-east-1' });
    expect(parse(aws).provider?.aws).toEqual([{ region: 'us-east-1' }]);
  });

  test('keeps local state next to the project, as a relative path', () => {
    expect(parse(aws).terraform?.backend).toEqual({
      local: { path: '../../../terraform.pod-identity-default-aws.tfstate' },
    });
  });

  test('needs no account lookup and no add-on', () => {
    expect(aws).not.toHaveDataSource(DataAwsCallerIdentity);
    expect(aws).not.toHaveResource(EksAddon);
  });

  test('outputs the role name and ARN and the association ID and ARN', () => {
    const [role] = Object.keys(parse(aws).resource?.aws_iam_role ?? {});
    const [assoc] = Object.keys(parse(aws).resource?.aws_eks_pod_identity_association ?? {});
    const output = parse(aws).output ?? {};
    expect(output.roles.value).toEqual({
      example: { name: `\${aws_iam_role.${role}.name}`, arn: `\${aws_iam_role.${role}.arn}` },
    });
    expect(output.pod_identity_associations.value).toEqual({
      'example/example/exampleserviceaccount': {
        id: `\${aws_eks_pod_identity_association.${assoc}.association_id}`,
        arn: `\${aws_eks_pod_identity_association.${assoc}.association_arn}`,
        role_arn: `\${aws_eks_pod_identity_association.${assoc}.role_arn}`,
      },
    });
  });

  test('matches the snapshot', () => {
    expect(aws).toMatchSnapshot();
  });
});

describe('PodIdentityAwsStack with configuration', () => {
  test('reuses one role for associations on two clusters', () => {
    const { aws } = synthApp(
      configOf({
        clusters: [{ name: 'blue' }, { name: 'green' }],
        identities: [
          identity('reports', {
            associations: [
              association('reports', 'reader', { cluster: 'blue' }),
              association('reports', 'reader', { cluster: 'green' }),
            ],
          }),
        ],
      }),
    );
    const [role] = Object.keys(parse(aws).resource?.aws_iam_role ?? {});
    const associations = blocksOf(aws, 'aws_eks_pod_identity_association');
    expect(associations).toHaveLength(2);
    expect(associations.map((a) => a.cluster_name)).toEqual(['blue', 'green']);
    expect(new Set(associations.map((a) => a.role_arn))).toEqual(
      new Set([`\${aws_iam_role.${role}.arn}`]),
    );
    expect(blocksOf(aws, 'aws_iam_role')).toHaveLength(1);
  });

  test('creates one role per identity, each with its own associations', () => {
    const { aws } = synthApp(
      configOf({
        identities: [identity('alpha'), identity('beta'), identity('gamma')],
      }),
    );
    expect(blocksOf(aws, 'aws_iam_role').map((r) => r.name)).toEqual([
      'eks-pod-identity-alpha',
      'eks-pod-identity-beta',
      'eks-pod-identity-gamma',
    ]);
    expect(blocksOf(aws, 'aws_eks_pod_identity_association')).toHaveLength(3);
    expect(Object.keys(parse(aws).output?.roles.value as object)).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
  });

  test('writes partition-aware ARNs: aws-cn in cn-north-1 and aws-us-gov in us-gov-west-1', () => {
    for (const [region, partition] of [
      ['cn-north-1', 'aws-cn'],
      ['us-gov-west-1', 'aws-us-gov'],
    ]) {
      const { aws } = synthApp(configOf({ region }));
      expect(aws).toHaveResourceWithProperties(IamRolePolicyAttachment, {
        policy_arn: `arn:${partition}:iam::aws:policy/AmazonS3ReadOnlyAccess`,
      });
      expect(aws).toHaveProviderWithProperties(AwsProvider, { region });
    }
  });

  test('gives the provider default tags', () => {
    const { aws } = synthApp(configOf({ defaultTags: { team: 'platform', env: 'dev' } }));
    expect(parse(aws).provider?.aws).toEqual([
      { region: 'us-east-1', default_tags: [{ tags: { team: 'platform', env: 'dev' } }] },
    ]);
  });

  test('tags associations', () => {
    const { aws } = synthApp(
      configOf({
        identities: [
          identity('app', { associations: [association('app', 'app', { tags: { owner: 'x' } })] }),
        ],
      }),
    );
    expect(aws).toHaveResourceWithProperties(EksPodIdentityAssociation, { tags: { owner: 'x' } });
  });

  test('keeps a tag key __proto__ on the provider, the role and the association', () => {
    // GIVEN tags parsed from JSON: a JavaScript literal would set the prototype instead
    const tags = JSON.parse('{ "__proto__": "kept", "team": "pods" }') as Record<string, string>;
    const { aws } = synthApp(
      configOf({
        defaultTags: tags,
        identities: [
          identity('app', {
            role: { tags },
            associations: [association('app', 'app-sa', { tags })],
          }),
        ],
      }),
    );
    const expression = '${tomap({"__proto__" = "kept", "team" = "pods"})}';

    expect(parse(aws).provider?.aws[0].default_tags).toEqual([{ tags: expression }]);
    expect(aws).toHaveResourceWithProperties(IamRole, { tags: expression });
    expect(aws).toHaveResourceWithProperties(EksPodIdentityAssociation, { tags: expression });
  });

  test('writes tags without __proto__ as a plain map', () => {
    const { aws } = synthApp(
      configOf({ identities: [identity('app', { role: { tags: { team: 'pods' } } })] }),
    );

    expect(aws).toHaveResourceWithProperties(IamRole, { tags: { team: 'pods' } });
  });

  test('adds the eks-pod-identity-agent add-on only to the clusters that ask for it', () => {
    const { aws } = synthApp(
      configOf({
        clusters: [
          { name: 'blue', podIdentityAgent: { version: 'v1.3.4-eksbuild.1' } },
          { name: 'green' },
        ],
        identities: [
          identity('app', { associations: [association('app', 'app', { cluster: 'blue' })] }),
        ],
      }),
    );
    expect(blocksOf(aws, 'aws_eks_addon')).toEqual([
      {
        cluster_name: 'blue',
        addon_name: 'eks-pod-identity-agent',
        addon_version: 'v1.3.4-eksbuild.1',
        resolve_conflicts_on_create: 'OVERWRITE',
        resolve_conflicts_on_update: 'OVERWRITE',
        preserve: true,
      },
    ]);
  });

  test('looks up the account only when a trust policy is narrowed', () => {
    const { aws } = synthApp(
      configOf({ identities: [identity('app', { trust: { sourceAccount: true } })] }),
    );
    expect(blocksOf(aws, 'aws_caller_identity', 'data')).toHaveLength(1);
  });

  test('writes an S3 backend with a key per stack, Terraform lock file and encryption', () => {
    const config = configOf({
      region: 'eu-west-1',
      backend: { s3: { bucket: 'tf-state', keyPrefix: 'platform/' } },
    });
    const { aws, workloads } = synthApp(config);
    const backendOf = (json: string) => (parse(json).terraform as { backend: unknown }).backend;

    expect(backendOf(aws)).toEqual({
      s3: {
        bucket: 'tf-state',
        key: 'platform/pod-identity-default-aws.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(backendOf(workloads[0])).toEqual({
      s3: expect.objectContaining({
        key: 'platform/pod-identity-default-workload-example.tfstate',
      }),
    });
    expect(aws).not.toContain('access_key');
  });

  test('writes a cloud block with its own workspace when Terraform Cloud is configured', () => {
    const { aws, workloads } = synthApp(
      configOf(
        { environment: 'prod', terraformCloud: { workspacePrefix: 'platform-' } },
        {
          terraformCloud: {
            organization: 'acme',
            hostname: 'tfe.example.com',
            project: 'identity',
          },
        },
      ),
    );
    expect(parse(aws).terraform?.cloud).toEqual({
      organization: 'acme',
      hostname: 'tfe.example.com',
      workspaces: { name: 'platform-pod-identity-prod-aws', project: 'identity' },
    });
    expect(parse(aws).terraform?.backend).toBeUndefined();
    expect(parse(workloads[0]).terraform?.cloud).toEqual({
      organization: 'acme',
      hostname: 'tfe.example.com',
      workspaces: { name: 'platform-pod-identity-prod-workload-example', project: 'identity' },
    });
  });

  test('outputs the Helm values of each cluster, by identity, for pipelines that install the charts', () => {
    const { aws: synthesized } = synthApp(
      configOf({
        clusters: [{ name: 'blue' }, { name: 'green' }],
        identities: [
          { name: 'dns', preset: { name: 'external-dns' } },
          { name: 'app', associations: [association('app', 'app-sa', { cluster: 'blue' })] },
        ],
      }),
    );
    const outputs = parse(synthesized).output ?? {};
    expect(Object.keys(outputs).filter((name) => name.startsWith('helm_values_'))).toEqual([
      'helm_values_blue',
      'helm_values_green',
    ]);
    const blue = outputs.helm_values_blue.value as Record<string, Record<string, string>>;
    expect(Object.keys(blue)).toEqual(['dns']);
    expect(blue.dns).toEqual({
      chart: 'external-dns',
      repository: 'https://kubernetes-sigs.github.io/external-dns/',
      version: '1.21.1',
      release: 'external-dns',
      namespace: 'external-dns',
      values: expect.stringContaining('  name: "external-dns"\n'),
    });
    expect(blue.dns.values).toContain('cdktf.out/helm-values/blue/dns.yaml');
  });

  test('uses an existing role as it is: no IAM resource, the association names its ARN', () => {
    const arn = 'arn:aws:iam::123456789012:role/teams/payments-api';
    const { aws: synthesized } = synthApp(
      configOf({
        identities: [
          {
            name: 'app',
            role: { arn },
            associations: [association('app', 'api', { kubernetes: false })],
          },
        ],
      }),
    );
    const json = parse(synthesized);
    expect(Object.keys(json.resource ?? {}).sort()).toEqual(['aws_eks_pod_identity_association']);
    expect(json.data).toBeUndefined();
    expect(synthesized).toHaveResourceWithProperties(EksPodIdentityAssociation, { role_arn: arn });
  });
});

describe('PodIdentityAwsStack construct IDs', () => {
  // Roles take their identities' names as IDs; associations and add-ons have
  // `_` in theirs, which identity names cannot. Every other ID must be
  // reserved, or an identity of that name would stop `cdktf synth`.
  test.each(Object.entries(exampleFiles()))(
    'names its own constructs only with reserved names (%s)',
    (source, file) => {
      const model = readConfig({ source, file });
      const { stacks } = synthApp(model);
      const identities = new Set(model.identities.map((i) => i.name));
      const own = stacks.aws.node.children
        .map((child) => child.node.id)
        .filter((id) => !identities.has(id) && !id.includes('_'));
      expect(own.filter((id) => !RESERVED_IDENTITY_NAMES.includes(id))).toEqual([]);
      expect(own).toEqual(expect.arrayContaining(['aws', 'backend', 'roles']));
    },
  );
});
