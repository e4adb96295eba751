import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeAddonCommand, EKSClient } from '@aws-sdk/client-eks';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { temporaryDir } from '../support/cdktf-cli';
import { LocalAws, MOTO_ACCOUNT, startLocalAws } from '../support/local-aws';
import { CommandResult, runCommand } from '../support/run-command';
import {
  describeWithTerraform,
  readable,
  requireTerraformAndMirror,
} from '../support/stack-deployment';
import { terraformEnvironment } from '../support/terraform';
import { setUp } from '../support/before-all';

/**
 * The real hashicorp/aws provider (5.100.0, from the mirror) against the EKS
 * double's add-on API: a hand-written Terraform JSON config with an
 * `aws_eks_addon` whose controller takes an IAM role through Pod Identity,
 * plus the add-on data sources. Applied, planned again (no perpetual diff:
 * the provider reads the association back through
 * DescribePodIdentityAssociation), changed in place, destroyed. Written by
 * hand, not synthesized, so it tests the double, not the project.
 */

const REGION = 'us-east-1';
const CLUSTER = 'storage';
const KUBERNETES = '1.31';
const ADDON = 'aws-ebs-csi-driver';
const SERVICE_ACCOUNT = 'ebs-csi-controller-sa';
const TIMEOUT_MS = 150_000;

const POD_IDENTITY_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
});

/** The config: the add-on's controller takes role `role`; the add-on carries `tags`. */
function configuration(role: 'first' | 'second', tags: Readonly<Record<string, string>>) {
  return {
    terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
    provider: { aws: [{ region: REGION }] },
    data: {
      aws_eks_addon_version: {
        default: { addon_name: ADDON, kubernetes_version: KUBERNETES },
        latest: { addon_name: ADDON, kubernetes_version: KUBERNETES, most_recent: true },
      },
      aws_eks_addon: {
        read_back: { addon_name: ADDON, cluster_name: CLUSTER, depends_on: ['aws_eks_addon.ebs'] },
      },
    },
    resource: {
      aws_iam_role: {
        first: { name: 'ebs-csi-first', assume_role_policy: POD_IDENTITY_TRUST },
        second: { name: 'ebs-csi-second', assume_role_policy: POD_IDENTITY_TRUST },
      },
      aws_eks_addon: {
        ebs: {
          cluster_name: CLUSTER,
          addon_name: ADDON,
          addon_version: '${data.aws_eks_addon_version.default.version}',
          configuration_values: JSON.stringify({ controller: { replicaCount: 1 } }),
          resolve_conflicts_on_create: 'OVERWRITE',
          resolve_conflicts_on_update: 'OVERWRITE',
          pod_identity_association: [
            { role_arn: `\${aws_iam_role.${role}.arn}`, service_account: SERVICE_ACCOUNT },
          ],
          tags,
        },
      },
    },
    output: {
      default_version: { value: '${data.aws_eks_addon_version.default.version}' },
      latest_version: { value: '${data.aws_eks_addon_version.latest.version}' },
      read_back_version: { value: '${data.aws_eks_addon.read_back.addon_version}' },
      read_back_tags: { value: '${data.aws_eks_addon.read_back.tags}' },
    },
  };
}

const roleArn = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT}:role/${name}`;

describeWithTerraform('aws_eks_addon with a Pod Identity association, against the double', () => {
  let aws: LocalAws | undefined;
  let dir: string | undefined;
  let env: NodeJS.ProcessEnv = {};

  const local = (): LocalAws => setUp(aws, 'the local AWS did not start');
  const folder = (): string => setUp(dir, 'no working folder');
  const eks = (): EKSClient => local().eks(REGION);
  const terraform = (...args: string[]): Promise<CommandResult> => {
    return runCommand('terraform', [...args, '-no-color', '-input=false'], {
      cwd: folder(),
      env,
      timeoutMs: TIMEOUT_MS,
    });
  };
  const write = (config: object) => {
    writeFileSync(join(folder(), 'main.tf.json'), JSON.stringify(config, null, 2));
  };
  /** The root module's outputs, from the local state (no further Terraform run). */
  const outputs = (): Record<string, unknown> => {
    const state = JSON.parse(readFileSync(join(folder(), 'terraform.tfstate'), 'utf8')) as {
      outputs: Record<string, { value: unknown }>;
    };
    return Object.fromEntries(Object.entries(state.outputs).map(([k, v]) => [k, v.value]));
  };
  const describeAddon = async () =>
    (await eks().send(new DescribeAddonCommand({ clusterName: CLUSTER, addonName: ADDON }))).addon;
  const expectExit = (result: CommandResult, code: number) => {
    if (result.code !== code) {
      throw new Error(`terraform exited ${result.code}, not ${code}: ${readable(result)}`);
    }
  };

  beforeAll(async () => {
    await requireTerraformAndMirror();
    aws = await startLocalAws();
    dir = temporaryDir('eks-addon');
    env = aws.awsEnvironment(terraformEnvironment(dir), REGION, dir);
    // moto's default Kubernetes version (1.19) has no add-ons; EKS's catalogue starts later.
    await aws.createClusters(REGION, [CLUSTER], KUBERNETES);
    write(configuration('first', { team: 'storage', stage: 'one' }));
    expectExit(await terraform('init'), 0);
  }, TIMEOUT_MS);

  afterAll(async () => {
    try {
      await aws?.stop();
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  });

  test('apply creates the add-on, and EKS shows its association to the role', async () => {
    const result = await terraform('apply', '-auto-approve');
    expectExit(result, 0);
    const addon = await describeAddon();
    expect(addon).toMatchObject({
      status: 'ACTIVE',
      addonVersion: 'v1.31.0-eksbuild.1',
      configurationValues: '{"controller":{"replicaCount":1}}',
      tags: { team: 'storage', stage: 'one' },
    });
    expect(addon?.podIdentityAssociations).toHaveLength(1);
    expect(local().double.associations()).toMatchObject([
      {
        associationArn: addon?.podIdentityAssociations?.[0],
        clusterName: CLUSTER,
        namespace: 'kube-system',
        serviceAccount: SERVICE_ACCOUNT,
        roleArn: roleArn('ebs-csi-first'),
        ownerArn: addon?.addonArn,
      },
    ]);
    // The data sources: DescribeAddonVersions (default and most recent) and DescribeAddon.
    expect(outputs()).toEqual({
      default_version: 'v1.31.0-eksbuild.1',
      latest_version: 'v1.31.0-eksbuild.1',
      read_back_version: 'v1.31.0-eksbuild.1',
      read_back_tags: { team: 'storage', stage: 'one' },
    });
  });

  test('plan again finds nothing to change', async () => {
    expectExit(await terraform('plan', '-detailed-exitcode'), 0);
  });

  test('a new role and a changed tag update the add-on in place, then plan finds nothing', async () => {
    const before = await describeAddon();
    write(configuration('second', { team: 'storage', env: 'test' }));
    const apply = await terraform('apply', '-auto-approve');
    expectExit(apply, 0);
    expect(apply.stdout).toContain('0 added, 1 changed, 0 destroyed');
    const after = await describeAddon();
    expect(after).toMatchObject({
      status: 'ACTIVE',
      addonArn: before?.addonArn,
      tags: { team: 'storage', env: 'test' },
    });
    // The add-on's association list was replaced.
    expect(after?.podIdentityAssociations).not.toEqual(before?.podIdentityAssociations);
    expect(local().double.associations()).toMatchObject([
      {
        serviceAccount: SERVICE_ACCOUNT,
        roleArn: roleArn('ebs-csi-second'),
        ownerArn: after?.addonArn,
      },
    ]);
    expectExit(await terraform('plan', '-detailed-exitcode'), 0);
    expect(outputs().read_back_tags).toEqual({ team: 'storage', env: 'test' });
  });

  test('destroy leaves no add-on, association or role', async () => {
    expectExit(await terraform('destroy', '-auto-approve'), 0);
    expect(local().double.addons()).toEqual([]);
    expect(local().double.associations()).toEqual([]);
    for (const RoleName of ['ebs-csi-first', 'ebs-csi-second']) {
      await expect(local().iam.send(new GetRoleCommand({ RoleName }))).rejects.toMatchObject({
        name: 'NoSuchEntityException',
      });
    }
  });

  test('the provider used exactly these calls of the double', () => {
    // ListTagsForResource is not among them: the read takes the tags from DescribeAddon.
    expect(new Set(local().double.operations())).toEqual(
      new Set([
        'CreateAddon',
        'DescribeAddon',
        'DescribeAddonVersions',
        'DescribePodIdentityAssociation',
        'UpdateAddon',
        'DescribeUpdate',
        'TagResource',
        'UntagResource',
        'DeleteAddon',
      ]),
    );
  });
});
