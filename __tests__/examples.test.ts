import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetNamed } from '../presets/catalogue';
import { MARKDOWN_MARKER } from '../review/render';
import { exampleFiles, EXAMPLES_DIR } from './support/examples';
import { annotatedServiceAccounts, blocksOf, configOf, parse, synthApp } from './support/synth';

const examples = exampleFiles();
const synth = (name: string) => synthApp(configOf(examples[name]));

describe('examples/', () => {
  test('holds the documented examples', () => {
    expect(Object.keys(examples).sort()).toEqual([
      'abac-namespace-prefixes',
      'agent-addon-verification-job',
      'bucket-scoped-read',
      'every-preset-and-add-on',
      'gitops-service-accounts',
      'hardened-trust-boundary',
      'irsa-migration',
      'one-role-two-clusters',
      'platform-add-ons',
      'state-in-s3',
    ]);
  });

  // These create nothing in the cluster: the controllers' charts and the add-ons do.
  const withWorkloads = Object.keys(examples).filter(
    (name) => !['platform-add-ons', 'every-preset-and-add-on'].includes(name),
  );

  test.each(withWorkloads)('%s creates its service accounts without an IRSA annotation', (name) => {
    const { workloads } = synth(name);
    expect(workloads.flatMap(annotatedServiceAccounts)).toEqual([]);
    expect(workloads.flatMap((w) => blocksOf(w, 'kubernetes_service_account_v1'))).not.toEqual([]);
  });

  test.each(Object.keys(examples))('%s synthesizes as in its snapshot', (name) => {
    const { stacks, aws, workloads } = synth(name);
    expect({
      stacks: [stacks.aws, ...stacks.workloads].map((s) => s.node.id),
      aws: parse(aws),
      workloads: workloads.map(parse),
    }).toMatchSnapshot();
  });
});

describe('bucket-scoped-read', () => {
  const { aws, workloads } = synth('bucket-scoped-read');

  test('reads eks-automation/reports/ only, without AmazonS3ReadOnlyAccess', () => {
    expect(aws).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        expect.objectContaining({
          actions: ['s3:ListBucket'],
          resources: ['arn:aws:s3:::eks-automation'],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['reports/*'] }],
        }),
        expect.objectContaining({
          actions: ['s3:GetObject'],
          resources: ['arn:aws:s3:::eks-automation/reports/*'],
        }),
      ],
    });
    expect(blocksOf(aws, 'aws_iam_role_policy_attachment')).toHaveLength(1);
    expect(aws).not.toContain('AmazonS3ReadOnlyAccess');
  });

  test('runs two replicas of its deployment and checks the prefix', () => {
    expect(workloads[0]).toHaveResourceWithProperties(DeploymentV1, {
      spec: expect.objectContaining({ replicas: '2' }),
    });
    expect(parse(workloads[0]).output?.pod_access_checks.value).toEqual({
      'reports/reports-reader':
        'kubectl exec -n reports deploy/reports -- aws s3 ls s3://eks-automation/reports/',
    });
  });
});

describe('one-role-two-clusters', () => {
  const { aws, stacks } = synth('one-role-two-clusters');

  test('associates one role on two clusters, and has a workload stack for each', () => {
    expect(blocksOf(aws, 'aws_iam_role')).toHaveLength(1);
    const [role] = Object.keys(parse(aws).resource?.aws_iam_role ?? {});
    expect(
      blocksOf(aws, 'aws_eks_pod_identity_association')
        .map((a) => [a.cluster_name, a.namespace, a.service_account, a.role_arn])
        .sort(),
    ).toEqual([
      ['blue', 'example', 'exampleserviceaccount', `\${aws_iam_role.${role}.arn}`],
      ['green', 'batch', 'archiver', `\${aws_iam_role.${role}.arn}`],
      ['green', 'example', 'exampleserviceaccount', `\${aws_iam_role.${role}.arn}`],
    ]);
    expect(stacks.workloads.map((s) => s.node.id)).toEqual([
      'pod-identity-shared-workload-blue',
      'pod-identity-shared-workload-green',
    ]);
  });
});

describe('abac-namespace-prefixes', () => {
  const { aws, workloads } = synth('abac-namespace-prefixes');

  test("limits each session to its namespace's prefix, in Terraform's escape for IAM variables", () => {
    expect(aws).toContain('arn:aws:s3:::tenant-data/&{aws:PrincipalTag/kubernetes-namespace}/*');
    expect(aws).toContain('"&{aws:PrincipalTag/kubernetes-namespace}/*"');
    expect(aws).toContain('"kms:Decrypt"');
  });

  test('checks each namespace against its own prefix', () => {
    expect(parse(workloads[0]).output?.pod_access_checks.value).toEqual({
      'team-a/app': 'kubectl exec -n team-a deploy/dvawscli -- aws s3 ls s3://tenant-data/team-a/',
      'team-b/app': 'kubectl exec -n team-b deploy/dvawscli -- aws s3 ls s3://tenant-data/team-b/',
    });
  });
});

describe('hardened-trust-boundary', () => {
  const { aws } = synth('hardened-trust-boundary');

  test('sets the permissions boundary and the role options', () => {
    expect(aws).toHaveResourceWithProperties(IamRole, {
      name_prefix: 'payments-',
      path: '/pod-identity/',
      permissions_boundary: 'arn:aws:iam::111122223333:policy/pod-identity-boundary',
      max_session_duration: 3600,
    });
  });

  test('trusts only its own association, from this account', () => {
    expect(blocksOf(aws, 'aws_caller_identity', 'data')).toHaveLength(1);
    expect(aws).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: [
        expect.objectContaining({
          sid: 'AllowEksAuthToAssumeRoleForPodIdentity1',
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          condition: [
            expect.objectContaining({ variable: 'aws:SourceAccount' }),
            expect.objectContaining({ variable: 'aws:RequestTag/eks-cluster-arn' }),
            {
              test: 'StringEquals',
              variable: 'aws:RequestTag/kubernetes-namespace',
              values: ['payments'],
            },
            {
              test: 'StringEquals',
              variable: 'aws:RequestTag/kubernetes-service-account',
              values: ['payments-api'],
            },
          ],
        }),
      ],
    });
  });
});

describe('agent-addon-verification-job', () => {
  const { aws, workloads } = synth('agent-addon-verification-job');

  test('installs the Pod Identity agent and verifies access with a Job', () => {
    expect(aws).toHaveResourceWithProperties(EksAddon, { addon_name: 'eks-pod-identity-agent' });
    expect(workloads[0]).toHaveResourceWithProperties(JobV1, {
      spec: expect.objectContaining({
        template: expect.objectContaining({
          spec: expect.objectContaining({
            container: [
              expect.objectContaining({ command: ['aws', 's3', 'ls', 's3://eks-automation/'] }),
            ],
          }),
        }),
      }),
      wait_for_completion: true,
    });
  });
});

describe('gitops-service-accounts', () => {
  const { aws, workloads } = synth('gitops-service-accounts');

  test('creates service accounts but no deployment, and only the namespaces it owns', () => {
    const [workload] = workloads;
    expect(workload).not.toHaveResource(DeploymentV1);
    expect(blocksOf(workload, 'kubernetes_namespace_v1')).toEqual([{ metadata: { name: 'web' } }]);
    expect(
      blocksOf(workload, 'kubernetes_service_account_v1')
        .map((sa) => (sa.metadata as { name: string }).name)
        .sort(),
    ).toEqual(['asset-sync', 'web']);
    expect(workload).toHaveProviderWithProperties(KubernetesProvider, {
      exec: [expect.objectContaining({ command: 'aws' })],
    });
  });

  test('still associates the service account whose objects are managed elsewhere', () => {
    expect(blocksOf(aws, 'aws_eks_pod_identity_association')).toHaveLength(3);
    expect(blocksOf(aws, 'aws_iam_role')).toHaveLength(2);
  });
});

describe('irsa-migration', () => {
  const { aws, workloads } = synth('irsa-migration');
  const json = parse(aws) as ReturnType<typeof parse> & {
    readonly import?: readonly { readonly id: string; readonly to: string }[];
  };
  const roles = Object.entries(json.resource?.aws_iam_role ?? {});
  const addressOf = (name: string) =>
    `aws_iam_role.${roles.find(([, role]) => role.name === name)?.[0]}`;

  test('imports the two adopted roles by name, as IAM has them, protected from destroy', () => {
    expect(json.import).toEqual([
      { id: 'irsa-web', to: addressOf('irsa-web') },
      { id: 'reports-reader', to: addressOf('reports-reader') },
    ]);
    expect(aws).toHaveResourceWithProperties(IamRole, {
      name: 'irsa-web',
      path: '/irsa/',
      description: 'Pods of the web namespace',
      max_session_duration: 7200,
      tags: { team: 'web' },
      lifecycle: { create_before_destroy: true, prevent_destroy: true },
    });
    expect(aws).toHaveResourceWithProperties(IamRole, {
      name: 'reports-reader',
      lifecycle: { create_before_destroy: true, prevent_destroy: true },
    });
  });

  test("keeps IRSA's trust beside Pod Identity's for the migrating identity only", () => {
    const trust = (identity: string) =>
      Object.entries(json.data?.aws_iam_policy_document ?? {})
        .filter(([id]) => id.startsWith(`${identity}_assume_role`))
        .flatMap(([, document]) => document.statement as { sid: string }[])
        .map((statement) => statement.sid);
    expect(trust('irsa-web')).toEqual([
      'AllowEksAuthToAssumeRoleForPodIdentity',
      'AllowIrsaWebIdentity1',
    ]);
    expect(trust('reports')).toEqual(['AllowEksAuthToAssumeRoleForPodIdentity']);
    expect(aws).toHaveDataSourceWithProperties(DataAwsIamPolicyDocument, {
      statement: expect.arrayContaining([
        expect.objectContaining({
          sid: 'AllowIrsaWebIdentity1',
          principals: [
            {
              type: 'Federated',
              identifiers: [
                'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
              ],
            },
          ],
          condition: [
            expect.objectContaining({ values: ['sts.amazonaws.com'] }),
            expect.objectContaining({
              values: ['system:serviceaccount:web:api', 'system:serviceaccount:web:frontend'],
            }),
          ],
        }),
      ]),
    });
  });

  test('uses the existing role as it is: only its association names it, by ARN', () => {
    expect(roles).toHaveLength(2);
    expect(
      blocksOf(aws, 'aws_eks_pod_identity_association')
        .map((a) => [a.namespace, a.service_account, a.role_arn])
        .sort(),
    ).toEqual([
      ['batch', 'archiver', 'arn:aws:iam::111122223333:role/platform/shared-reader'],
      ['reports', 'reports-reader', `\${${addressOf('reports-reader')}.arn}`],
      ['web', 'api', `\${${addressOf('irsa-web')}.arn}`],
      ['web', 'frontend', `\${${addressOf('irsa-web')}.arn}`],
    ]);
  });

  test('creates only the service account of the identity that is not migrating: the others exist', () => {
    expect(
      workloads
        .flatMap((w) => blocksOf(w, 'kubernetes_service_account_v1'))
        .map((sa) => sa.metadata),
    ).toEqual([expect.objectContaining({ name: 'reports-reader' })]);
  });
});

describe('examples/github-actions/pod-identity.yml', () => {
  const workflow = readFileSync(join(EXAMPLES_DIR, 'github-actions', 'pod-identity.yml'), 'utf8');

  test('installs, builds, lints and tests before anything is planned or deployed', () => {
    const order = ['run: npm ci', 'run: npm run build', 'run: npm run lint', 'run: npm test'];
    const positions = order.map((step) => workflow.indexOf(step));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(workflow).toMatch(/plan:\n(.*\n)*?\s+needs: test/);
    expect(workflow).toMatch(/deploy:\n(.*\n)*?\s+needs: test/);
  });

  test('synthesizes, diffs every stack and deploys them all against Terraform Cloud', () => {
    expect(workflow).toContain('npx cdktf synth');
    expect(workflow).toContain('npx cdktf diff "$stack" --skip-synth');
    expect(workflow).toContain("npx cdktf deploy '*' --auto-approve");
    expect(workflow).toContain('TF_CLOUD_ORGANIZATION: ${{ vars.TF_CLOUD_ORGANIZATION }}');
  });

  test('on pull requests, reviews the plans after the diff and comments the review', () => {
    const diff = workflow.indexOf('npx cdktf diff');
    const review = workflow.indexOf('run: npm run --silent review -- --markdown > review.md');
    expect(diff).toBeGreaterThan(0);
    expect(review).toBeGreaterThan(diff);
    // The comment is found again by the marker the review's Markdown starts with.
    expect(workflow).toContain(`startswith("${MARKDOWN_MARKER}")`);
    expect(workflow).toContain('gh pr comment "$PR" --body-file review.md');
    // Write access to pull requests for the plan job only; read-only everywhere else.
    expect(workflow.match(/pull-requests: write/g)).toHaveLength(1);
    expect(workflow).toMatch(
      /plan:\n(.*\n)*?\s+permissions:\n\s+contents: read\n\s+pull-requests: write/,
    );
    expect(workflow).toMatch(/^permissions:\n {2}contents: read$/m);
  });

  test('hands the API token to Terraform as TF_TOKEN_app_terraform_io, from a secret', () => {
    expect(
      workflow.match(/TF_TOKEN_app_terraform_io: \$\{\{ secrets\.TF_API_TOKEN \}\}/g),
    ).toHaveLength(2);
    // cdktf-cli 0.21 does not read this one.
    expect(workflow).not.toContain('TERRAFORM_CLOUD_TOKEN');
  });
});

describe('state-in-s3', () => {
  const { aws, workloads } = synth('state-in-s3');
  const backendOf = (json: string) => (parse(json).terraform as { backend: unknown }).backend;

  test('keeps each stack state under pod-identity/ in the bucket, locked and encrypted with the key', () => {
    expect(backendOf(aws)).toEqual({
      s3: {
        bucket: 'acme-terraform-state',
        key: 'pod-identity/pod-identity-staging-aws.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        use_lockfile: true,
      },
    });
    expect(backendOf(workloads[0])).toMatchObject({
      s3: { key: 'pod-identity/pod-identity-staging-workload-staging.tfstate' },
    });
  });
});

describe('platform-add-ons', () => {
  const { aws, workloads } = synth('platform-add-ons');
  const addons = blocksOf(aws, 'aws_eks_addon');
  const roles = blocksOf(aws, 'aws_iam_role').map((role) => role.name);
  const addon = (name: string) => addons.find((a) => a.addon_name === name);

  test('creates no workload stack: the controllers are installed by their charts', () => {
    expect(workloads).toEqual([]);
  });

  test("creates the agent, three plain add-ons and three with roles of their own, after the agent and their roles' permissions", () => {
    const agent = Object.keys(parse(aws).resource?.aws_eks_addon ?? {}).find((id) =>
      id.startsWith('agent_'),
    );
    expect(addons.map((a) => a.addon_name).sort()).toEqual([
      'amazon-cloudwatch-observability',
      'aws-ebs-csi-driver',
      'coredns',
      'eks-pod-identity-agent',
      'kube-proxy',
      'vpc-cni',
    ]);
    for (const name of ['vpc-cni', 'aws-ebs-csi-driver', 'amazon-cloudwatch-observability']) {
      expect(addon(name)?.depends_on).toEqual([
        `aws_eks_addon.${agent}`,
        expect.stringMatching(
          new RegExp(`^terraform_data\\.addon-${name}_permissions_[0-9A-F]{8}$`),
        ),
      ]);
    }
    expect(addon('coredns')).not.toHaveProperty('depends_on');
    expect(addon('coredns')).not.toHaveProperty('pod_identity_association');
  });

  test("associates each add-on's service account with its own role", () => {
    expect(addon('aws-ebs-csi-driver')?.pod_identity_association).toEqual([
      {
        service_account: 'ebs-csi-controller-sa',
        role_arn: expect.stringMatching(
          /^\$\{aws_iam_role\.addon-aws-ebs-csi-driver_role_[0-9A-F]+\.arn\}$/,
        ),
      },
    ]);
    expect(addon('vpc-cni')?.pod_identity_association).toEqual([
      {
        service_account: 'aws-node',
        role_arn: expect.stringMatching(/^\$\{aws_iam_role\.addon-vpc-cni_role_/),
      },
    ]);
  });

  test('keeps the networking add-ons and the agent on the cluster on delete, not the others', () => {
    expect(addons.map((a) => [a.addon_name, a.preserve]).sort()).toEqual([
      ['amazon-cloudwatch-observability', false],
      ['aws-ebs-csi-driver', false],
      ['coredns', true],
      ['eks-pod-identity-agent', true],
      ['kube-proxy', true],
      ['vpc-cni', true],
    ]);
  });

  test('creates one role per controller and per add-on with Pod Identity', () => {
    expect(roles.sort()).toEqual([
      'eks-pod-identity-addon-amazon-cloudwatch-observability',
      'eks-pod-identity-addon-aws-ebs-csi-driver',
      'eks-pod-identity-addon-vpc-cni',
      'eks-pod-identity-cert-manager',
      'eks-pod-identity-external-dns',
      'eks-pod-identity-external-secrets',
      'eks-pod-identity-karpenter',
      'eks-pod-identity-load-balancer-controller',
    ]);
  });

  test("associates each controller on the cluster with its chart's namespace and service account", () => {
    const associations = blocksOf(aws, 'aws_eks_pod_identity_association')
      .map((a) => `${a.namespace}/${a.service_account}`)
      .sort();
    expect(associations).toEqual([
      'cert-manager/cert-manager',
      'external-dns/external-dns',
      'external-secrets/external-secrets',
      'kube-system/aws-load-balancer-controller',
      'kube-system/karpenter',
    ]);
  });

  test('scopes ExternalDNS and cert-manager to the one hosted zone', () => {
    const zone = 'arn:aws:route53:::hostedzone/Z0123456789EXAMPLE';
    const documents = Object.values(parse(aws).data?.aws_iam_policy_document ?? {});
    const withZone = documents.filter((d) => JSON.stringify(d.statement).includes(zone));
    expect(withZone).toHaveLength(2);
    expect(JSON.stringify(documents)).not.toContain('hostedzone/*');
  });

  test('looks up the account for the presets that name it (Karpenter)', () => {
    expect(Object.keys(parse(aws).data?.aws_caller_identity ?? {})).toHaveLength(1);
  });
});

describe('the platform examples', () => {
  test.each(['platform-add-ons', 'every-preset-and-add-on'])(
    '%s writes the Helm values of every preset it installs with a chart',
    (name) => {
      const { stacks } = synth(name);
      const config = configOf(examples[name]);
      const withChart = config.identities.filter(
        (identity) =>
          identity.preset !== undefined &&
          !('none' in presetNamed(identity.preset.settings.name).chart) &&
          identity.associations.some((a) => a.addon === undefined),
      );
      expect(withChart.length).toBeGreaterThan(0);
      expect(stacks.aws.helmValues.map((file) => file.identity).sort()).toEqual(
        withChart.map((identity) => identity.name).sort(),
      );
    },
  );
});
