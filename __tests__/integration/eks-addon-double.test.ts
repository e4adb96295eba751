import {
  CreateAddonCommand,
  CreateAddonCommandInput,
  CreateClusterCommand,
  CreatePodIdentityAssociationCommand,
  DeleteAddonCommand,
  DeletePodIdentityAssociationCommand,
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribePodIdentityAssociationCommand,
  DescribeUpdateCommand,
  EKSClient,
  EKSServiceException,
  ListAddonsCommand,
  ListPodIdentityAssociationsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAddonCommand,
  UpdateAddonCommandInput,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { EksPodIdentityDouble, startEksPodIdentityDouble } from '../support/eks-double/routing';
import { MotoServer, startMoto } from '../support/moto-server';

/**
 * The test-only EKS double's add-on API, through the real SDK client: every
 * call hashicorp/aws's `aws_eks_addon` makes, and every refusal with EKS's
 * type and message. The double runs on a clock the tests move, so CREATING,
 * UPDATING and DELETING are seen without waiting.
 */

const region = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
/** Kubernetes 1.31: the catalogue has vpc-cni, coredns, kube-proxy and the rest for it. */
const cluster = 'addons';
/** moto's default Kubernetes version, 1.19: no add-on in the catalogue installs on it. */
const oldCluster = 'old';
const TRANSITION_MS = 1000;
const podsPrincipal = { Service: 'pods.eks.amazonaws.com' };
const ADDON_ARN = new RegExp(
  `^arn:aws:eks:${region}:123456789012:addon/${cluster}/aws-ebs-csi-driver/` +
    '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
);

let moto: MotoServer | undefined;
let double: EksPodIdentityDouble | undefined;
let eks: EKSClient;
let iam: IAMClient;
let clockMs = Date.now();
const roles: Record<string, string> = {};

beforeAll(async () => {
  moto = await startMoto();
  double = await startEksPodIdentityDouble({
    motoEndpoint: moto.endpoint,
    region,
    addonTransitionMs: TRANSITION_MS,
    now: () => clockMs,
  });
  // maxAttempts 1: a refusal must surface as it was sent, not after retries.
  eks = new EKSClient({ endpoint: double.endpoint, region, credentials, maxAttempts: 1 });
  iam = new IAMClient({ endpoint: moto.endpoint, region, credentials });
  const trust = (principal: object, actions: string[]) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: actions }],
    });
  const documents: Record<string, string> = {
    cluster: trust({ Service: 'eks.amazonaws.com' }, ['sts:AssumeRole']),
    storage: trust(podsPrincipal, ['sts:AssumeRole', 'sts:TagSession']),
    other: trust(podsPrincipal, ['sts:AssumeRole', 'sts:TagSession']),
    ec2: trust({ Service: 'ec2.amazonaws.com' }, ['sts:AssumeRole', 'sts:TagSession']),
  };
  for (const [name, document] of Object.entries(documents)) {
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: `${name}-role`, AssumeRolePolicyDocument: document }),
    );
    roles[name] = Role?.Arn ?? '';
  }
  for (const [name, version] of [
    [cluster, '1.31'],
    [oldCluster, undefined],
  ] as const) {
    await eks.send(
      new CreateClusterCommand({
        name,
        version,
        roleArn: roles.cluster,
        resourcesVpcConfig: { subnetIds: [] },
      }),
    );
  }
});

afterAll(async () => {
  eks?.destroy();
  iam?.destroy();
  try {
    await double?.stop();
  } finally {
    await moto?.stop();
  }
});

/** Every add-on and association gone, through the API, before the next test. */
afterEach(async () => {
  for (const { clusterName, addonName, status } of double?.addons() ?? []) {
    if (status !== 'DELETING') await eks.send(new DeleteAddonCommand({ clusterName, addonName }));
  }
  later();
  for (const { clusterName, associationId } of double?.associations() ?? []) {
    await eks.send(new DeletePodIdentityAssociationCommand({ clusterName, associationId }));
  }
  if ((double?.addons().length ?? 0) + (double?.associations().length ?? 0) > 0) {
    throw new Error('a test left add-ons or associations behind');
  }
});

/** Moves the double's clock past one status transition. */
function later(): void {
  clockMs += TRANSITION_MS + 1;
}

/** The refusal as the SDK surfaces it; fails the test if the call succeeds. */
async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (error instanceof EKSServiceException) {
      return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
    }
    throw error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

function createAddon(input: Partial<CreateAddonCommandInput> = {}) {
  return eks.send(
    new CreateAddonCommand({ clusterName: cluster, addonName: 'aws-ebs-csi-driver', ...input }),
  );
}

function updateAddon(input: Partial<UpdateAddonCommandInput> = {}) {
  return eks.send(
    new UpdateAddonCommand({ clusterName: cluster, addonName: 'aws-ebs-csi-driver', ...input }),
  );
}

function describeAddon(addonName = 'aws-ebs-csi-driver', clusterName = cluster) {
  return eks.send(new DescribeAddonCommand({ clusterName, addonName }));
}

async function describeAssociation(arn: string | undefined) {
  const associationId = arn?.split('/')[2];
  const { association } = await eks.send(
    new DescribePodIdentityAssociationCommand({ clusterName: cluster, associationId }),
  );
  return association;
}

/** An ACTIVE ebs add-on whose controller takes `roleArn` through Pod Identity. */
async function activeEbsAddon(roleArn = roles.storage) {
  const { addon } = await createAddon({
    podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', roleArn }],
  });
  later();
  return addon;
}

describe('CreateAddon and DescribeAddon', () => {
  it('creates an add-on CREATING that is ACTIVE after the transition, with the default version', async () => {
    const before = Math.floor(clockMs / 1000) * 1000;
    const { addon: created } = await createAddon({ tags: { team: 'storage' } });
    expect(created).toEqual({
      addonName: 'aws-ebs-csi-driver',
      clusterName: cluster,
      status: 'CREATING',
      // The catalogue's default for Kubernetes 1.31.
      addonVersion: 'v1.31.0-eksbuild.1',
      health: { issues: [] },
      addonArn: expect.stringMatching(ADDON_ARN),
      createdAt: expect.any(Date),
      modifiedAt: expect.any(Date),
      tags: { team: 'storage' },
      publisher: 'eks',
      owner: 'aws',
      podIdentityAssociations: [],
    });
    // Epoch seconds on the wire: the SDK hands back the double's clock as Dates.
    expect(created?.createdAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(created?.createdAt?.getTime()).toBeLessThanOrEqual(clockMs);
    expect(created).not.toHaveProperty('marketplaceInformation');

    expect((await describeAddon()).addon?.status).toBe('CREATING');
    later();
    const { addon: described } = await describeAddon();
    expect(described).toEqual({ ...created, status: 'ACTIVE' });
  });

  it('stores the version asked for, configuration values as given, the IRSA role and the conflict mode', async () => {
    const yaml = 'controller:\n  replicaCount: 1\n';
    await createAddon({
      addonVersion: 'v1.26.0-eksbuild.1',
      configurationValues: yaml,
      serviceAccountRoleArn: roles.storage,
      resolveConflicts: 'OVERWRITE',
    });
    const json = '{"replicaCount":2}';
    await eks.send(
      new CreateAddonCommand({
        clusterName: cluster,
        addonName: 'coredns',
        configurationValues: json,
      }),
    );
    expect((await describeAddon()).addon).toMatchObject({
      addonVersion: 'v1.26.0-eksbuild.1',
      configurationValues: yaml,
      serviceAccountRoleArn: roles.storage,
    });
    expect((await describeAddon('coredns')).addon).toMatchObject({
      addonVersion: 'v1.11.4-eksbuild.22',
      configurationValues: json,
    });
  });

  it('returns the same add-on when a request is retried with its token', async () => {
    const first = await createAddon({ clientRequestToken: 'retry-1' });
    const again = await createAddon({ clientRequestToken: 'retry-1' });
    expect(again.addon?.addonArn).toBe(first.addon?.addonArn);
    expect(double?.addons()).toHaveLength(1);
  });

  it('creates the add-on’s Pod Identity associations, owned by it, in its namespace', async () => {
    const { addon } = await eks.send(
      new CreateAddonCommand({
        clusterName: cluster,
        addonName: 'amazon-cloudwatch-observability',
        podIdentityAssociations: [{ serviceAccount: 'cloudwatch-agent', roleArn: roles.other }],
      }),
    );
    expect(addon?.podIdentityAssociations).toHaveLength(1);
    const arn = addon?.podIdentityAssociations?.[0];
    expect(await describeAssociation(arn)).toMatchObject({
      associationArn: arn,
      clusterName: cluster,
      namespace: 'amazon-cloudwatch',
      serviceAccount: 'cloudwatch-agent',
      roleArn: roles.other,
      ownerArn: addon?.addonArn,
    });
    const { associations } = await eks.send(
      new ListPodIdentityAssociationsCommand({ clusterName: cluster }),
    );
    expect(associations).toEqual([
      {
        clusterName: cluster,
        namespace: 'amazon-cloudwatch',
        serviceAccount: 'cloudwatch-agent',
        associationArn: arn,
        associationId: arn?.split('/')[2],
        ownerArn: addon?.addonArn,
      },
    ]);
  });

  it('creates one association per service account an add-on takes (adot’s collectors)', async () => {
    const collectors = ['adot-col-prom-metrics', 'adot-col-otlp-ingest', 'adot-col-container-logs'];
    const { addon } = await eks.send(
      new CreateAddonCommand({
        clusterName: cluster,
        addonName: 'adot',
        podIdentityAssociations: collectors.map((serviceAccount) => ({
          serviceAccount,
          roleArn: roles.other,
        })),
      }),
    );
    expect(double?.associations().map((a) => [a.namespace, a.serviceAccount, a.ownerArn])).toEqual(
      collectors.map((sa) => ['opentelemetry-operator-system', sa, addon?.addonArn]),
    );
  });
});

describe('CreateAddon refusals', () => {
  it('refuses a cluster that does not exist', async () => {
    expect(await refusal(createAddon({ clusterName: 'nope' }))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'No cluster found for name: nope.',
      status: 404,
    });
  });

  it('refuses the same add-on twice', async () => {
    await createAddon();
    expect(await refusal(createAddon())).toEqual({
      name: 'ResourceInUseException',
      message: 'Addon already exists.',
      status: 409,
    });
  });

  it.each([
    [
      'an unknown add-on',
      cluster,
      'nope',
      'Addon nope specified is not supported in 1.31 kubernetes version',
    ],
    [
      'an add-on with no version for the cluster’s Kubernetes',
      oldCluster,
      'vpc-cni',
      'Addon vpc-cni specified is not supported in 1.19 kubernetes version',
    ],
  ])('refuses %s', async (_what, clusterName, addonName, message) => {
    expect(await refusal(createAddon({ clusterName, addonName }))).toEqual({
      name: 'InvalidParameterException',
      message,
      status: 400,
    });
  });

  it.each([
    ['an unknown version', 'aws-ebs-csi-driver', 'v9.9.9-eksbuild.1'],
    ['a version for another Kubernetes version', 'coredns', 'v1.12.3-eksbuild.1'],
  ])('refuses %s', async (_what, addonName, addonVersion) => {
    expect(await refusal(createAddon({ addonName, addonVersion }))).toEqual({
      name: 'InvalidParameterException',
      message: 'Addon version specified is not supported',
      status: 400,
    });
  });

  it('refuses a service account the add-on does not use', async () => {
    const call = eks.send(
      new CreateAddonCommand({
        clusterName: cluster,
        addonName: 'amazon-cloudwatch-observability',
        podIdentityAssociations: [{ serviceAccount: 'amazon-cloudwatch', roleArn: roles.other }],
      }),
    );
    expect(await refusal(call)).toEqual({
      name: 'InvalidParameterException',
      message:
        'Service account amazon-cloudwatch in pod identity configuration is not supported for ' +
        'addon amazon-cloudwatch-observability',
      status: 400,
    });
  });

  it.each([
    ['an add-on that takes none', 'coredns', undefined, 'v1.11.4-eksbuild.22'],
    [
      'a version older than the add-on’s support',
      'aws-ebs-csi-driver',
      'v1.11.4-eksbuild.1',
      'v1.11.4-eksbuild.1',
    ],
  ])('refuses Pod Identity for %s', async (_what, addonName, addonVersion, shown) => {
    const call = createAddon({
      addonName,
      addonVersion,
      podIdentityAssociations: [
        { serviceAccount: 'ebs-csi-controller-sa', roleArn: roles.storage },
      ],
    });
    expect(await refusal(call)).toEqual({
      name: 'InvalidParameterException',
      message: `Pod Identity feature is not supported for addon version: ${shown}`,
      status: 400,
    });
  });

  it('refuses a role that does not exist and one that does not trust Pod Identity', async () => {
    const withRole = (roleArn: string) =>
      createAddon({
        podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', roleArn }],
      });
    expect(await refusal(withRole('arn:aws:iam::123456789012:role/missing-role'))).toEqual({
      name: 'InvalidParameterException',
      message: 'Role provided in the request does not exist.',
      status: 400,
    });
    expect(await refusal(withRole(roles.ec2))).toEqual({
      name: 'InvalidParameterException',
      message:
        `Trust policy of the role provided is invalid. The role ${roles.ec2} must allow the ` +
        'service principal pods.eks.amazonaws.com the actions sts:AssumeRole and sts:TagSession.',
      status: 400,
    });
  });

  it('refuses a service account that already has an association', async () => {
    const { association } = await eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: cluster,
        namespace: 'kube-system',
        serviceAccount: 'ebs-csi-controller-sa',
        roleArn: roles.other,
      }),
    );
    const call = createAddon({
      podIdentityAssociations: [
        { serviceAccount: 'ebs-csi-controller-sa', roleArn: roles.storage },
      ],
    });
    expect(await refusal(call)).toEqual({
      name: 'ResourceInUseException',
      message: `Association already exists: ${association?.associationId}`,
      status: 409,
    });
  });

  it.each([
    [
      'configuration values that are neither JSON nor YAML',
      { configurationValues: '{"replicaCount": ' },
      'ConfigurationValue provided in request is not supported: it is neither a JSON object nor a YAML mapping.',
    ],
    [
      'an unknown conflict resolution',
      { resolveConflicts: 'MERGE' },
      'resolveConflicts must be one of OVERWRITE, NONE, PRESERVE.',
    ],
    [
      'an IRSA role that is not a role ARN',
      { serviceAccountRoleArn: 'arn:aws:iam::123456789012:user/someone' },
      'The serviceAccountRoleArn arn:aws:iam::123456789012:user/someone is not a valid IAM role ARN.',
    ],
    [
      'the same service account twice',
      {
        podIdentityAssociations: [
          {
            serviceAccount: 'ebs-csi-controller-sa',
            roleArn: 'arn:aws:iam::123456789012:role/storage-role',
          },
          {
            serviceAccount: 'ebs-csi-controller-sa',
            roleArn: 'arn:aws:iam::123456789012:role/other-role',
          },
        ],
      },
      'Service account ebs-csi-controller-sa is in podIdentityAssociations more than once.',
    ],
  ] as const)('refuses %s', async (_what, input, message) => {
    expect(await refusal(createAddon(input as Partial<CreateAddonCommandInput>))).toEqual({
      name: 'InvalidParameterException',
      message,
      status: 400,
    });
  });

  it('stores nothing for a refused request', async () => {
    await refusal(createAddon({ addonVersion: 'v9.9.9-eksbuild.1' }));
    await refusal(
      createAddon({
        podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', roleArn: roles.ec2 }],
      }),
    );
    expect(double?.addons()).toEqual([]);
    expect(double?.associations()).toEqual([]);
  });
});

describe('associations owned by an add-on', () => {
  it('refuses a user’s association for the add-on’s service account', async () => {
    const addon = await activeEbsAddon();
    const owned = await describeAssociation(addon?.podIdentityAssociations?.[0]);
    const call = eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: cluster,
        namespace: 'kube-system',
        serviceAccount: 'ebs-csi-controller-sa',
        roleArn: roles.other,
      }),
    );
    expect(await refusal(call)).toEqual({
      name: 'ResourceInUseException',
      message: `Association already exists: ${owned?.associationId}`,
      status: 409,
    });
  });

  it('lets the association be deleted directly, as the EKS user guide says; the add-on then lists none', async () => {
    const addon = await activeEbsAddon();
    const associationId = addon?.podIdentityAssociations?.[0]?.split('/')[2];
    const { association } = await eks.send(
      new DeletePodIdentityAssociationCommand({ clusterName: cluster, associationId }),
    );
    expect(association).toMatchObject({ associationId, ownerArn: addon?.addonArn });
    expect((await describeAddon()).addon?.podIdentityAssociations).toEqual([]);
  });

  it('removes them with the add-on once it is deleted', async () => {
    await activeEbsAddon();
    const { addon } = await eks.send(
      new DeleteAddonCommand({ clusterName: cluster, addonName: 'aws-ebs-csi-driver' }),
    );
    expect(addon?.status).toBe('DELETING');
    // Still there while the add-on is DELETING.
    expect(double?.associations()).toHaveLength(1);
    later();
    expect(double?.associations()).toEqual([]);
    expect(await refusal(describeAddon())).toEqual({
      name: 'ResourceNotFoundException',
      message: `No addon: aws-ebs-csi-driver found in cluster: ${cluster}`,
      status: 404,
    });
  });

  it('keeps them, without an owner, when the add-on is deleted with preserve', async () => {
    const addon = await activeEbsAddon();
    await eks.send(
      new DeleteAddonCommand({
        clusterName: cluster,
        addonName: 'aws-ebs-csi-driver',
        preserve: true,
      }),
    );
    later();
    const kept = double?.associations() ?? [];
    expect(kept.map((a) => [a.associationArn, a.serviceAccount, a.roleArn])).toEqual([
      [addon?.podIdentityAssociations?.[0], 'ebs-csi-controller-sa', roles.storage],
    ]);
    expect(kept[0]).not.toHaveProperty('ownerArn');
  });
});

describe('UpdateAddon and DescribeUpdate', () => {
  it('updates the add-on, UPDATING with an update InProgress, then ACTIVE and Successful', async () => {
    const { addon: created } = await createAddon({ addonVersion: 'v1.26.0-eksbuild.1' });
    later();
    clockMs += 5_000;
    const { update } = await updateAddon({
      addonVersion: 'v1.31.0-eksbuild.1',
      configurationValues: '{"controller":{"replicaCount":1}}',
      serviceAccountRoleArn: roles.storage,
      resolveConflicts: 'PRESERVE',
    });
    expect(update).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      status: 'InProgress',
      type: 'AddonUpdate',
      params: [
        { type: 'AddonVersion', value: 'v1.31.0-eksbuild.1' },
        { type: 'ServiceAccountRoleArn', value: roles.storage },
        { type: 'ConfigurationValues', value: '{"controller":{"replicaCount":1}}' },
        { type: 'ResolveConflicts', value: 'PRESERVE' },
      ],
      createdAt: expect.any(Date),
      errors: [],
    });
    const describeUpdate = () =>
      eks.send(
        new DescribeUpdateCommand({
          name: cluster,
          addonName: 'aws-ebs-csi-driver',
          updateId: update?.id,
        }),
      );
    expect((await describeAddon()).addon?.status).toBe('UPDATING');
    expect((await describeUpdate()).update?.status).toBe('InProgress');
    later();
    expect((await describeUpdate()).update).toEqual({ ...update, status: 'Successful' });
    const { addon } = await describeAddon();
    expect(addon).toMatchObject({
      status: 'ACTIVE',
      addonVersion: 'v1.31.0-eksbuild.1',
      configurationValues: '{"controller":{"replicaCount":1}}',
      serviceAccountRoleArn: roles.storage,
      createdAt: created?.createdAt,
    });
    expect(addon?.modifiedAt?.getTime()).toBeGreaterThan(created?.modifiedAt?.getTime() ?? 0);
  });

  it('removes the IRSA role and the configuration values when given empty', async () => {
    await createAddon({ serviceAccountRoleArn: roles.storage, configurationValues: 'a: 1' });
    later();
    await updateAddon({ serviceAccountRoleArn: '', configurationValues: '' });
    const { addon } = await describeAddon();
    expect(addon).not.toHaveProperty('serviceAccountRoleArn');
    expect(addon).not.toHaveProperty('configurationValues');
  });

  it('replaces the add-on’s associations with a changed list, and removes them with an empty one', async () => {
    const created = await activeEbsAddon();
    const before = created?.podIdentityAssociations?.[0];
    await updateAddon({
      podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', roleArn: roles.other }],
    });
    const { addon } = await describeAddon();
    const after = addon?.podIdentityAssociations?.[0];
    expect(after).not.toBe(before);
    expect(double?.associations().map((a) => [a.associationArn, a.roleArn, a.ownerArn])).toEqual([
      [after, roles.other, addon?.addonArn],
    ]);
    later();
    await updateAddon({ podIdentityAssociations: [] });
    expect((await describeAddon()).addon?.podIdentityAssociations).toEqual([]);
    expect(double?.associations()).toEqual([]);
  });

  it('keeps the associations when the update does not name them', async () => {
    const created = await activeEbsAddon();
    await updateAddon({ configurationValues: '{}' });
    expect((await describeAddon()).addon?.podIdentityAssociations).toEqual(
      created?.podIdentityAssociations,
    );
  });

  it('refuses an add-on that does not exist', async () => {
    expect(await refusal(updateAddon({ addonName: 'vpc-cni' }))).toEqual({
      name: 'ResourceNotFoundException',
      message: `No addon: vpc-cni found in cluster: ${cluster}`,
      status: 404,
    });
  });

  it('refuses an add-on that is not ACTIVE yet', async () => {
    await createAddon();
    expect(await refusal(updateAddon({ configurationValues: '{}' }))).toEqual({
      name: 'InvalidRequestException',
      message: 'Addon aws-ebs-csi-driver is CREATING; it can be updated once it is ACTIVE.',
      status: 400,
    });
  });

  it('refuses what CreateAddon refuses, and changes nothing', async () => {
    await activeEbsAddon();
    expect(await refusal(updateAddon({ addonVersion: 'v9.9.9-eksbuild.1' }))).toEqual({
      name: 'InvalidParameterException',
      message: 'Addon version specified is not supported',
      status: 400,
    });
    const call = updateAddon({
      podIdentityAssociations: [{ serviceAccount: 'ebs-csi-node-sa', roleArn: roles.other }],
    });
    expect(await refusal(call)).toEqual({
      name: 'InvalidParameterException',
      message:
        'Service account ebs-csi-node-sa in pod identity configuration is not supported for ' +
        'addon aws-ebs-csi-driver',
      status: 400,
    });
    expect(double?.associations().map((a) => a.roleArn)).toEqual([roles.storage]);
    expect((await describeAddon()).addon?.status).toBe('ACTIVE');
  });

  it('refuses an update id it does not know', async () => {
    await createAddon();
    const call = eks.send(
      new DescribeUpdateCommand({
        name: cluster,
        addonName: 'aws-ebs-csi-driver',
        updateId: 'nope',
      }),
    );
    expect(await refusal(call)).toEqual({
      name: 'ResourceNotFoundException',
      message: 'No update found for ID: nope',
      status: 404,
    });
  });
});

describe('DeleteAddon', () => {
  it('answers DELETING, then the add-on is gone', async () => {
    await activeEbsAddon();
    const { addon } = await eks.send(
      new DeleteAddonCommand({ clusterName: cluster, addonName: 'aws-ebs-csi-driver' }),
    );
    expect(addon?.status).toBe('DELETING');
    expect((await describeAddon()).addon?.status).toBe('DELETING');
    later();
    expect(double?.addons()).toEqual([]);
  });

  it('refuses an add-on that does not exist, and a cluster that does not exist', async () => {
    const deleteAddon = (clusterName: string) =>
      eks.send(new DeleteAddonCommand({ clusterName, addonName: 'vpc-cni' }));
    expect(await refusal(deleteAddon(cluster))).toEqual({
      name: 'ResourceNotFoundException',
      message: `No addon: vpc-cni found in cluster: ${cluster}`,
      status: 404,
    });
    expect(await refusal(deleteAddon('nope'))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'No cluster found for name: nope.',
      status: 404,
    });
  });

  it('refuses to describe an add-on that does not exist', async () => {
    expect(await refusal(describeAddon('kube-proxy'))).toEqual({
      name: 'ResourceNotFoundException',
      message: `No addon: kube-proxy found in cluster: ${cluster}`,
      status: 404,
    });
  });
});

describe('ListAddons', () => {
  it('lists the cluster’s add-ons by name, in pages', async () => {
    for (const addonName of ['vpc-cni', 'coredns', 'kube-proxy']) {
      await eks.send(new CreateAddonCommand({ clusterName: cluster, addonName }));
    }
    const first = await eks.send(new ListAddonsCommand({ clusterName: cluster, maxResults: 2 }));
    expect(first.addons).toEqual(['vpc-cni', 'coredns']);
    const second = await eks.send(
      new ListAddonsCommand({ clusterName: cluster, maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second).toMatchObject({ addons: ['kube-proxy'] });
    expect(second.nextToken).toBeUndefined();
    expect((await eks.send(new ListAddonsCommand({ clusterName: oldCluster }))).addons).toEqual([]);
  });
});

describe('DescribeAddonVersions', () => {
  it('lists an add-on’s versions for a Kubernetes version, newest first, with its default', async () => {
    const { addons } = await eks.send(
      new DescribeAddonVersionsCommand({
        addonName: 'aws-ebs-csi-driver',
        kubernetesVersion: '1.31',
      }),
    );
    const compatibility = (defaultVersion: boolean) => [
      { clusterVersion: '1.31', platformVersions: ['*'], defaultVersion },
    ];
    const version = (addonVersion: string, defaultVersion: boolean) => ({
      addonVersion,
      architecture: ['amd64', 'arm64'],
      compatibilities: compatibility(defaultVersion),
      requiresConfiguration: false,
      requiresIamPermissions: true,
    });
    expect(addons).toEqual([
      {
        addonName: 'aws-ebs-csi-driver',
        type: 'storage',
        addonVersions: [
          version('v1.31.0-eksbuild.1', true),
          version('v1.26.0-eksbuild.1', false),
          version('v1.11.4-eksbuild.1', false),
        ],
        publisher: 'eks',
        owner: 'aws',
        defaultNamespace: 'kube-system',
      },
    ]);
  });

  it('gives kube-proxy only its version for the Kubernetes version asked', async () => {
    const { addons } = await eks.send(
      new DescribeAddonVersionsCommand({ addonName: 'kube-proxy', kubernetesVersion: '1.30' }),
    );
    expect(addons?.[0]?.addonVersions?.map((v) => v.addonVersion)).toEqual(['v1.30.7-eksbuild.2']);
    expect(addons?.[0]?.addonVersions?.[0]?.requiresIamPermissions).toBe(false);
  });

  it('answers an empty list for an add-on it does not know', async () => {
    const { addons } = await eks.send(
      new DescribeAddonVersionsCommand({ addonName: 'nope', kubernetesVersion: '1.31' }),
    );
    expect(addons).toEqual([]);
  });

  it('filters by type and pages through the catalogue', async () => {
    const storage = await eks.send(
      new DescribeAddonVersionsCommand({ kubernetesVersion: '1.31', types: ['storage'] }),
    );
    expect(storage.addons?.map((a) => a.addonName)).toEqual([
      'aws-ebs-csi-driver',
      'aws-efs-csi-driver',
      'aws-fsx-csi-driver',
      'aws-mountpoint-s3-csi-driver',
    ]);
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await eks.send(
        new DescribeAddonVersionsCommand({ kubernetesVersion: '1.31', maxResults: 4, nextToken }),
      );
      names.push(...(page.addons ?? []).map((a) => a.addonName ?? ''));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(names).toHaveLength(11);
    expect(names).toContain('aws-privateca-connector-for-kubernetes');
  });

  it('lists every Kubernetes version a version installs on when none is asked', async () => {
    const { addons } = await eks.send(new DescribeAddonVersionsCommand({ addonName: 'coredns' }));
    expect(
      addons?.[0]?.addonVersions?.map((v) => [
        v.addonVersion,
        v.compatibilities?.map((c) => `${c.clusterVersion}${c.defaultVersion ? '*' : ''}`),
      ]),
    ).toEqual([
      ['v1.12.3-eksbuild.1', ['1.33*']],
      ['v1.11.4-eksbuild.22', ['1.29*', '1.30*', '1.31*', '1.32*']],
    ]);
  });

  it('refuses a page size over 100', async () => {
    expect(await refusal(eks.send(new DescribeAddonVersionsCommand({ maxResults: 101 })))).toEqual({
      name: 'InvalidParameterException',
      message: 'maxResults must be a whole number from 1 to 100.',
      status: 400,
    });
  });
});

describe('tags on an add-on', () => {
  it('tags, untags and lists tags by add-on ARN', async () => {
    const { addon } = await createAddon({ tags: { team: 'storage', env: 'test' } });
    const resourceArn = addon?.addonArn ?? '';
    const listTags = async () =>
      (await eks.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
    expect(await listTags()).toEqual({ team: 'storage', env: 'test' });
    await eks.send(new TagResourceCommand({ resourceArn, tags: { owner: 'platform' } }));
    await eks.send(new UntagResourceCommand({ resourceArn, tagKeys: ['env'] }));
    expect(await listTags()).toEqual({ team: 'storage', owner: 'platform' });
    expect((await describeAddon()).addon?.tags).toEqual({ team: 'storage', owner: 'platform' });
  });

  it('refuses tags for an add-on that does not exist', async () => {
    const resourceArn = `arn:aws:eks:${region}:123456789012:addon/${cluster}/vpc-cni/00000000-0000-0000-0000-000000000000`;
    expect(await refusal(eks.send(new ListTagsForResourceCommand({ resourceArn })))).toEqual({
      name: 'NotFoundException',
      message: `Resource not found: ${resourceArn}`,
      status: 404,
    });
  });
});
