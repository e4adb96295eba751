import { createStores, describeAddonVersions, Stores } from '../../support/eks-double/addons';
import { Json } from '../../support/eks-double/checks';
import { pageToken } from '../../support/eks-double/paging';
import {
  ACCOUNT,
  asyncRefusal,
  countingIds,
  FakeClock,
  FakeLookups,
  REGION,
  trustPolicy,
} from './fakes';

/**
 * The add-on store with the association store it owns associations in,
 * wired as the double wires them, on a clock the tests move: each status
 * (CREATING, UPDATING, DELETING) lasts TRANSITION_MS, then the add-on is
 * ACTIVE or gone.
 */

const TRANSITION_MS = 1_000;
const START_MS = 1_700_000_000_000;
/** Kubernetes 1.31: the catalogue has every add-on for it. */
const CLUSTER = 'addons';
/** moto's default Kubernetes version: no add-on in the catalogue installs on it. */
const OLD_CLUSTER = 'old';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/cni`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/other`;
const VPC_CNI_ARN = `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${CLUSTER}/vpc-cni/uuid-001`;
const associationArn = (n: number) =>
  `arn:aws:eks:${REGION}:${ACCOUNT}:podidentityassociation/${CLUSTER}/a-${String(n).padStart(17, '0')}`;

let clock: FakeClock;
let lookups: FakeLookups;
let stores: Stores;

beforeEach(() => {
  clock = new FakeClock(START_MS);
  lookups = new FakeLookups()
    .withCluster(CLUSTER, '1.31')
    .withCluster(OLD_CLUSTER, '1.19')
    .withRole(ROLE)
    .withRole(OTHER_ROLE);
  stores = createStores({
    account: ACCOUNT,
    clock: clock.now,
    transitionMs: TRANSITION_MS,
    lookups,
    newUuid: countingIds('uuid-', 8),
    newAssociationId: countingIds('a-', 19),
  });
});

const status = (name = 'vpc-cni') =>
  stores.addons.snapshot().find((addon) => addon.addonName === name)?.status;
const vpcCni = (extra: Record<string, unknown> = {}) =>
  stores.addons.create(REGION, CLUSTER, { addonName: 'vpc-cni', ...extra });
const aws_node = [{ serviceAccount: 'aws-node', roleArn: ROLE }];

describe('create', () => {
  it('answers with the add-on, CREATING, in the default version for the cluster', async () => {
    await expect(
      vpcCni({
        configurationValues: 'env:\n  WARM_IP_TARGET: "5"',
        serviceAccountRoleArn: OTHER_ROLE,
        tags: { team: 'net' },
        resolveConflicts: 'OVERWRITE',
        podIdentityAssociations: aws_node,
      }),
    ).resolves.toEqual({
      addon: {
        addonName: 'vpc-cni',
        clusterName: CLUSTER,
        status: 'CREATING',
        addonVersion: 'v1.20.1-eksbuild.3',
        health: { issues: [] },
        addonArn: VPC_CNI_ARN,
        createdAt: 1_700_000_000,
        modifiedAt: 1_700_000_000,
        serviceAccountRoleArn: OTHER_ROLE,
        tags: { team: 'net' },
        publisher: 'eks',
        owner: 'aws',
        configurationValues: 'env:\n  WARM_IP_TARGET: "5"',
        podIdentityAssociations: [associationArn(1)],
      },
    });
  });

  it('puts its associations in its own namespace, owned by it', async () => {
    await vpcCni({ podIdentityAssociations: aws_node });
    expect(stores.associations.snapshot()).toEqual([
      {
        clusterName: CLUSTER,
        namespace: 'kube-system',
        serviceAccount: 'aws-node',
        roleArn: ROLE,
        disableSessionTags: false,
        tags: {},
        ownerArn: VPC_CNI_ARN,
        associationArn: associationArn(1),
        associationId: 'a-00000000000000001',
        createdAt: 1_700_000_000,
        modifiedAt: 1_700_000_000,
      },
    ]);
  });

  it('answers a retried request (same clientRequestToken) with the add-on it created', async () => {
    const first = await vpcCni({ clientRequestToken: 'token' });
    await expect(vpcCni({ clientRequestToken: 'token' })).resolves.toEqual(first);
  });

  it.each<[string, () => Promise<unknown>, string, string]>([
    [
      'a second add-on of that name in the cluster',
      async () => {
        await vpcCni();
        return vpcCni();
      },
      'ResourceInUseException',
      'Addon already exists.',
    ],
    [
      'an add-on the catalogue lacks',
      () => stores.addons.create(REGION, CLUSTER, { addonName: 'kubecost' }),
      'InvalidParameterException',
      'Addon kubecost specified is not supported in 1.31 kubernetes version',
    ],
    [
      'an add-on with no version for the cluster’s Kubernetes version',
      () => stores.addons.create(REGION, OLD_CLUSTER, { addonName: 'vpc-cni' }),
      'InvalidParameterException',
      'Addon vpc-cni specified is not supported in 1.19 kubernetes version',
    ],
    [
      'a version the catalogue lacks',
      () => vpcCni({ addonVersion: 'v9.9.9-eksbuild.1' }),
      'InvalidParameterException',
      'Addon version specified is not supported',
    ],
    [
      'associations on a version without Pod Identity',
      () =>
        stores.addons.create(REGION, CLUSTER, {
          addonName: 'aws-ebs-csi-driver',
          addonVersion: 'v1.11.4-eksbuild.1',
          podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', roleArn: ROLE }],
        }),
      'InvalidParameterException',
      'Pod Identity feature is not supported for addon version: v1.11.4-eksbuild.1',
    ],
    [
      'a service account the add-on does not use',
      () => vpcCni({ podIdentityAssociations: [{ serviceAccount: 'cni', roleArn: ROLE }] }),
      'InvalidParameterException',
      'Service account cni in pod identity configuration is not supported for addon vpc-cni',
    ],
    [
      'a service account twice',
      () => vpcCni({ podIdentityAssociations: [...aws_node, ...aws_node] }),
      'InvalidParameterException',
      'Service account aws-node is in podIdentityAssociations more than once.',
    ],
    [
      'an association without a role',
      () => vpcCni({ podIdentityAssociations: [{ serviceAccount: 'aws-node' }] }),
      'InvalidParameterException',
      'podIdentityAssociations[0].roleArn is required.',
    ],
    [
      'associations that are not a list',
      () => vpcCni({ podIdentityAssociations: aws_node[0] }),
      'InvalidParameterException',
      'podIdentityAssociations must be a list.',
    ],
    [
      'a role that does not trust Pod Identity',
      () => {
        lookups.withRole(OTHER_ROLE, trustPolicy());
        return vpcCni({
          podIdentityAssociations: [{ serviceAccount: 'aws-node', roleArn: OTHER_ROLE }],
        });
      },
      'InvalidParameterException',
      `Trust policy of the role provided is invalid. The role ${OTHER_ROLE} must allow the service ` +
        'principal pods.eks.amazonaws.com the actions sts:AssumeRole and sts:TagSession.',
    ],
    [
      'a cluster that does not exist',
      () => stores.addons.create(REGION, 'missing', { addonName: 'vpc-cni' }),
      'ResourceNotFoundException',
      'No cluster found for name: missing.',
    ],
  ])('refuses %s', async (_what, call, type, message) => {
    expect(await asyncRefusal(call())).toEqual({ type, message });
  });

  it('refuses an association the user already has for that service account (409)', async () => {
    await stores.associations.create(REGION, CLUSTER, {
      namespace: 'kube-system',
      serviceAccount: 'aws-node',
      roleArn: ROLE,
    });
    expect(await asyncRefusal(vpcCni({ podIdentityAssociations: aws_node }))).toEqual({
      type: 'ResourceInUseException',
      message: 'Association already exists: a-00000000000000001',
    });
    expect(stores.addons.snapshot()).toEqual([]);
  });
});

describe('the status machine on the injected clock', () => {
  it('is CREATING for TRANSITION_MS, then ACTIVE', async () => {
    await vpcCni();
    clock.advance(TRANSITION_MS - 1);
    expect(status()).toBe('CREATING');
    clock.advance(1);
    expect(status()).toBe('ACTIVE');
  });

  it('refuses an update before the add-on is ACTIVE', async () => {
    await vpcCni();
    expect(
      await asyncRefusal(
        stores.addons.update(REGION, CLUSTER, 'vpc-cni', { resolveConflicts: 'NONE' }),
      ),
    ).toEqual({
      type: 'InvalidRequestException',
      message: 'Addon vpc-cni is CREATING; it can be updated once it is ACTIVE.',
    });
  });

  it('is UPDATING after an update, whose status follows it from InProgress to Successful', async () => {
    await vpcCni();
    clock.advance(TRANSITION_MS);
    const { update } = (await stores.addons.update(REGION, CLUSTER, 'vpc-cni', {
      addonVersion: 'v1.18.3-eksbuild.2',
      serviceAccountRoleArn: ROLE,
      configurationValues: '{"env": {}}',
      resolveConflicts: 'PRESERVE',
    })) as { update: Json };
    const createdAt = (START_MS + TRANSITION_MS) / 1000;
    expect(update).toEqual({
      id: 'uuid-002',
      status: 'InProgress',
      type: 'AddonUpdate',
      params: [
        { type: 'AddonVersion', value: 'v1.18.3-eksbuild.2' },
        { type: 'ServiceAccountRoleArn', value: ROLE },
        { type: 'ConfigurationValues', value: '{"env": {}}' },
        { type: 'ResolveConflicts', value: 'PRESERVE' },
      ],
      createdAt,
      errors: [],
    });
    expect(stores.addons.snapshot()[0]).toMatchObject({
      status: 'UPDATING',
      addonVersion: 'v1.18.3-eksbuild.2',
      serviceAccountRoleArn: ROLE,
      configurationValues: '{"env": {}}',
      modifiedAt: createdAt,
    });
    clock.advance(TRANSITION_MS);
    await expect(
      stores.addons.describeUpdate(REGION, CLUSTER, 'vpc-cni', 'uuid-002'),
    ).resolves.toEqual({ update: { ...update, status: 'Successful' } });
    expect(status()).toBe('ACTIVE');
  });

  it('clears the IRSA role and configuration values given as ""', async () => {
    await vpcCni({ serviceAccountRoleArn: ROLE, configurationValues: 'a: 1' });
    clock.advance(TRANSITION_MS);
    await stores.addons.update(REGION, CLUSTER, 'vpc-cni', {
      serviceAccountRoleArn: '',
      configurationValues: '',
    });
    const [addon] = stores.addons.snapshot();
    expect(addon).not.toHaveProperty('serviceAccountRoleArn');
    expect(addon).not.toHaveProperty('configurationValues');
  });

  it('refuses an update id it never gave', async () => {
    await vpcCni();
    expect(
      await asyncRefusal(stores.addons.describeUpdate(REGION, CLUSTER, 'vpc-cni', 'nope')),
    ).toEqual({ type: 'ResourceNotFoundException', message: 'No update found for ID: nope' });
  });

  it('is DELETING for TRANSITION_MS, then gone with the associations it owns', async () => {
    await vpcCni({ podIdentityAssociations: aws_node });
    clock.advance(TRANSITION_MS);
    const { addon } = await stores.addons.delete(REGION, CLUSTER, 'vpc-cni', false);
    expect(addon).toEqual({
      addonName: 'vpc-cni',
      clusterName: CLUSTER,
      status: 'DELETING',
      addonVersion: 'v1.20.1-eksbuild.3',
      health: { issues: [] },
      addonArn: VPC_CNI_ARN,
      createdAt: 1_700_000_000,
      modifiedAt: 1_700_000_001,
      tags: {},
      publisher: 'eks',
      owner: 'aws',
      podIdentityAssociations: [associationArn(1)],
    });
    clock.advance(TRANSITION_MS / 2);
    // Deleting again while DELETING changes nothing (not even the time it ends).
    await expect(stores.addons.delete(REGION, CLUSTER, 'vpc-cni', true)).resolves.toEqual({
      addon,
    });
    clock.advance(TRANSITION_MS / 2);
    // Reading the associations lets the add-on finish first.
    await expect(stores.associations.list(REGION, CLUSTER, new URLSearchParams())).resolves.toEqual(
      {
        associations: [],
      },
    );
    expect(stores.addons.snapshot()).toEqual([]);
    expect(await asyncRefusal(stores.addons.describe(REGION, CLUSTER, 'vpc-cni'))).toEqual({
      type: 'ResourceNotFoundException',
      message: `No addon: vpc-cni found in cluster: ${CLUSTER}`,
    });
  });

  it('deleted with preserve, leaves its associations without an owner', async () => {
    await vpcCni({ podIdentityAssociations: aws_node });
    clock.advance(TRANSITION_MS);
    await stores.addons.delete(REGION, CLUSTER, 'vpc-cni', true);
    clock.advance(TRANSITION_MS);
    const [kept, ...others] = stores.associations.snapshot();
    expect(others).toEqual([]);
    expect(kept).toMatchObject({ associationArn: associationArn(1), serviceAccount: 'aws-node' });
    expect(kept).not.toHaveProperty('ownerArn');
  });
});

describe('the add-on’s own associations', () => {
  it('are replaced by an update’s list, which does not collide with the ones it replaces', async () => {
    await vpcCni({ podIdentityAssociations: aws_node });
    clock.advance(TRANSITION_MS);
    const wanted = [{ serviceAccount: 'aws-node', roleArn: OTHER_ROLE }];
    const { update } = await stores.addons.update(REGION, CLUSTER, 'vpc-cni', {
      podIdentityAssociations: wanted,
    });
    expect(update).toMatchObject({
      params: [{ type: 'PodIdentityAssociations', value: JSON.stringify(wanted) }],
    });
    expect(stores.associations.snapshot().map((a) => [a.associationArn, a.roleArn])).toEqual([
      [associationArn(2), OTHER_ROLE],
    ]);
    expect(stores.addons.snapshot()[0]?.podIdentityAssociations).toEqual([associationArn(2)]);
  });

  it('are kept by an update that does not list them', async () => {
    await vpcCni({ podIdentityAssociations: aws_node });
    clock.advance(TRANSITION_MS);
    await stores.addons.update(REGION, CLUSTER, 'vpc-cni', { resolveConflicts: 'NONE' });
    expect(stores.addons.snapshot()[0]?.podIdentityAssociations).toEqual([associationArn(1)]);
  });

  it('deleted directly, are no longer listed by the add-on', async () => {
    await vpcCni({ podIdentityAssociations: aws_node });
    await stores.associations.delete(REGION, CLUSTER, 'a-00000000000000001');
    expect(stores.addons.snapshot()[0]?.podIdentityAssociations).toEqual([]);
  });
});

describe('list and versions', () => {
  it('lists a cluster’s add-on names in creation order, page by page', async () => {
    for (const addonName of ['vpc-cni', 'coredns', 'kube-proxy']) {
      await stores.addons.create(REGION, CLUSTER, { addonName });
    }
    // Another cluster's add-ons are not listed.
    lookups.withCluster('second', '1.31');
    await stores.addons.create(REGION, 'second', { addonName: 'eks-pod-identity-agent' });
    const first = await stores.addons.list(
      REGION,
      CLUSTER,
      new URLSearchParams({ maxResults: '2' }),
    );
    expect(first).toEqual({ addons: ['vpc-cni', 'coredns'], nextToken: pageToken(2) });
    await expect(
      stores.addons.list(
        REGION,
        CLUSTER,
        new URLSearchParams({ maxResults: '2', nextToken: pageToken(2) }),
      ),
    ).resolves.toEqual({ addons: ['kube-proxy'] });
  });

  it('describes the versions that install on a Kubernetes version, with that compatibility only', () => {
    expect(
      describeAddonVersions(
        new URLSearchParams({ kubernetesVersion: '1.33', addonName: 'coredns' }),
      ),
    ).toEqual({
      addons: [
        {
          addonName: 'coredns',
          type: 'networking',
          addonVersions: [
            {
              addonVersion: 'v1.12.3-eksbuild.1',
              architecture: ['amd64', 'arm64'],
              compatibilities: [
                { clusterVersion: '1.33', platformVersions: ['*'], defaultVersion: true },
              ],
              requiresConfiguration: false,
              requiresIamPermissions: false,
            },
          ],
          publisher: 'eks',
          owner: 'aws',
          defaultNamespace: 'kube-system',
        },
      ],
    });
  });

  it('filters by type, publisher and owner, and answers an unknown name with no add-ons', () => {
    const names = (params: string) =>
      (describeAddonVersions(new URLSearchParams(params)).addons as { addonName: string }[]).map(
        (a) => a.addonName,
      );
    expect(names('types=storage&kubernetesVersion=1.31')).toEqual([
      'aws-ebs-csi-driver',
      'aws-efs-csi-driver',
      'aws-fsx-csi-driver',
      'aws-mountpoint-s3-csi-driver',
    ]);
    expect(names('publishers=someone-else')).toEqual([]);
    expect(names('owners=aws&addonName=adot')).toEqual(['adot']);
    expect(names('addonName=kubecost')).toEqual([]);
    // kube-proxy has no version for 1.33 in the catalogue, so it is left out.
    expect(names('kubernetesVersion=1.33')).not.toContain('kube-proxy');
  });
});
