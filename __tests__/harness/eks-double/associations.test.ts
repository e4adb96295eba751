import { AssociationOwners, AssociationStore } from '../../support/eks-double/associations';
import { pageToken } from '../../support/eks-double/paging';
import {
  ACCOUNT,
  asyncRefusal,
  countingIds,
  FakeClock,
  FakeLookups,
  REGION,
  refusal,
  trustPolicy,
} from './fakes';

/**
 * The association store alone: no add-ons but a recording stand-in for
 * them, look-ups from maps, a still clock and counting ids, so every field
 * of every answer is exact.
 */

const CLUSTER = 'demo';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
const OTHER_ROLE = `arn:aws:iam::${ACCOUNT}:role/other`;
const ADDON = `arn:aws:eks:${REGION}:${ACCOUNT}:addon/${CLUSTER}/vpc-cni/uuid`;
/** The ids countingIds gives: 19 characters, as EKS's. */
const ID_1 = 'a-00000000000000001';
const ID_2 = 'a-00000000000000002';
const ID_3 = 'a-00000000000000003';
const arnOf = (id: string, cluster = CLUSTER, region = REGION) =>
  `arn:aws:eks:${region}:${ACCOUNT}:podidentityassociation/${cluster}/${id}`;

/** Records what the store asks of the add-ons. */
class RecordingOwners implements AssociationOwners {
  readonly calls: string[] = [];
  settle(): void {
    this.calls.push('settle');
  }
  forget(ownerArn: string, associationArn: string): void {
    this.calls.push(`forget ${ownerArn} ${associationArn}`);
  }
}

let clock: FakeClock;
let lookups: FakeLookups;
let owners: RecordingOwners;
let store: AssociationStore;

beforeEach(() => {
  clock = new FakeClock(1_700_000_000_000);
  lookups = new FakeLookups()
    .withCluster(CLUSTER, '1.31')
    .withCluster('other', '1.31')
    .withCluster(CLUSTER, '1.31', 'eu-west-1')
    .withRole(ROLE)
    .withRole(OTHER_ROLE);
  owners = new RecordingOwners();
  store = new AssociationStore({
    account: ACCOUNT,
    clock: clock.now,
    lookups,
    owners,
    newAssociationId: countingIds('a-', 19),
    newExternalId: countingIds('external-', 12),
  });
});

const app = { namespace: 'apps', serviceAccount: 'app', roleArn: ROLE };

describe('create', () => {
  it('stores the association with every field EKS sends', async () => {
    await expect(
      store.create(REGION, CLUSTER, { ...app, tags: { team: 'a' }, disableSessionTags: true }),
    ).resolves.toEqual({
      association: {
        clusterName: CLUSTER,
        namespace: 'apps',
        serviceAccount: 'app',
        roleArn: ROLE,
        disableSessionTags: true,
        tags: { team: 'a' },
        associationArn: arnOf(ID_1),
        associationId: ID_1,
        createdAt: 1_700_000_000,
        modifiedAt: 1_700_000_000,
      },
    });
  });

  it('gives a targetRoleArn an external id', async () => {
    const { association } = await store.create(REGION, CLUSTER, {
      ...app,
      targetRoleArn: `arn:aws:iam::210987654321:role/target`,
    });
    expect(association).toEqual({
      clusterName: CLUSTER,
      namespace: 'apps',
      serviceAccount: 'app',
      roleArn: ROLE,
      disableSessionTags: false,
      targetRoleArn: 'arn:aws:iam::210987654321:role/target',
      externalId: 'external-001',
      tags: {},
      associationArn: arnOf(ID_1),
      associationId: ID_1,
      createdAt: 1_700_000_000,
      modifiedAt: 1_700_000_000,
    });
  });

  it('checks in EKS order: fields, cluster, names, role', async () => {
    expect(await asyncRefusal(store.create(REGION, CLUSTER, { ...app, namespace: '' }))).toEqual({
      type: 'InvalidParameterException',
      message: 'namespace is required.',
    });
    expect(
      await asyncRefusal(store.create(REGION, 'missing', { ...app, namespace: 'Bad' })),
    ).toEqual({
      type: 'ResourceNotFoundException',
      message: 'No cluster found for name: missing.',
    });
    expect(
      await asyncRefusal(
        store.create(REGION, CLUSTER, { ...app, serviceAccount: 'Bad', roleArn: 'x' }),
      ),
    ).toEqual({
      type: 'InvalidParameterException',
      message:
        'Invalid service account "Bad": a Kubernetes service account name must be a DNS-1123 ' +
        'subdomain, at most 253 lowercase letters, digits, "-" or ".", each dot-separated part ' +
        'starting and ending with a letter or digit.',
    });
    expect(
      await asyncRefusal(
        store.create(REGION, CLUSTER, { ...app, roleArn: `arn:aws:iam::${ACCOUNT}:role/gone` }),
      ),
    ).toEqual({
      type: 'InvalidParameterException',
      message: 'Role provided in the request does not exist.',
    });
    expect(store.snapshot()).toEqual([]);
  });

  it('refuses a second association for the same namespace and service account (409)', async () => {
    await store.create(REGION, CLUSTER, app);
    expect(
      await asyncRefusal(store.create(REGION, CLUSTER, { ...app, roleArn: OTHER_ROLE })),
    ).toEqual({ type: 'ResourceInUseException', message: `Association already exists: ${ID_1}` });
  });

  it('allows the same pair in another cluster, another region or another namespace', async () => {
    await store.create(REGION, CLUSTER, app);
    await store.create(REGION, 'other', app);
    await store.create('eu-west-1', CLUSTER, app);
    await store.create(REGION, CLUSTER, { ...app, namespace: 'apps2' });
    expect(store.snapshot().map((a) => a.associationArn)).toEqual([
      arnOf(ID_1),
      arnOf(ID_2, 'other'),
      arnOf(ID_3, CLUSTER, 'eu-west-1'),
      arnOf('a-00000000000000004'),
    ]);
  });

  it('answers a retried request (same clientRequestToken) with the association it created', async () => {
    const first = await store.create(REGION, CLUSTER, { ...app, clientRequestToken: 't1' });
    clock.advance(5_000);
    const again = await store.create(REGION, CLUSTER, { ...app, clientRequestToken: 't1' });
    expect(again).toEqual(first);
    expect(store.snapshot()).toHaveLength(1);
  });

  it('does not let the add-ons settle first', async () => {
    await store.create(REGION, CLUSTER, app);
    expect(owners.calls).toEqual([]);
  });
});

describe('describe, update, delete', () => {
  beforeEach(async () => {
    await store.create(REGION, CLUSTER, app);
    owners.calls.length = 0;
  });

  it('describes an association of that cluster and region only', async () => {
    const [stored] = store.snapshot();
    owners.calls.length = 0;
    await expect(store.describe(REGION, CLUSTER, ID_1)).resolves.toEqual({ association: stored });
    expect(await asyncRefusal(store.describe('eu-west-1', CLUSTER, ID_1))).toEqual({
      type: 'ResourceNotFoundException',
      message: `No Pod Identity association found for id: ${ID_1} in cluster: ${CLUSTER}.`,
    });
    expect(await asyncRefusal(store.describe(REGION, 'other', ID_1))).toEqual({
      type: 'ResourceNotFoundException',
      message: `No Pod Identity association found for id: ${ID_1} in cluster: other.`,
    });
    expect(owners.calls).toEqual(['settle', 'settle', 'settle']);
  });

  it('refuses an id that is not 19 characters with EKS’s wording', async () => {
    expect(await asyncRefusal(store.describe(REGION, CLUSTER, 'a-1'))).toEqual({
      type: 'InvalidParameterException',
      message: 'The parameter associationId should be 19 characters long.',
    });
  });

  it('updates the role, session tags and target role, and modifiedAt only', async () => {
    clock.advance(2_000);
    const { association } = await store.update(REGION, CLUSTER, ID_1, {
      roleArn: OTHER_ROLE,
      disableSessionTags: true,
      targetRoleArn: 'arn:aws:iam::210987654321:role/target',
    });
    expect(association).toEqual({
      clusterName: CLUSTER,
      namespace: 'apps',
      serviceAccount: 'app',
      roleArn: OTHER_ROLE,
      disableSessionTags: true,
      targetRoleArn: 'arn:aws:iam::210987654321:role/target',
      externalId: 'external-001',
      tags: {},
      associationArn: arnOf(ID_1),
      associationId: ID_1,
      createdAt: 1_700_000_000,
      modifiedAt: 1_700_000_002,
    });
    expect(store.snapshot()).toEqual([association]);
  });

  it('refuses an update to a role that does not trust Pod Identity, and keeps the old one', async () => {
    lookups.withRole(OTHER_ROLE, trustPolicy());
    expect(
      await asyncRefusal(store.update(REGION, CLUSTER, ID_1, { roleArn: OTHER_ROLE })),
    ).toEqual({
      type: 'InvalidParameterException',
      message:
        `Trust policy of the role provided is invalid. The role ${OTHER_ROLE} must allow the ` +
        'service principal pods.eks.amazonaws.com the actions sts:AssumeRole and sts:TagSession.',
    });
    expect(store.snapshot()[0]?.roleArn).toBe(ROLE);
  });

  it('deletes, answering with what was deleted, and then finds it no more', async () => {
    const { association } = await store.describe(REGION, CLUSTER, ID_1);
    await expect(store.delete(REGION, CLUSTER, ID_1)).resolves.toEqual({ association });
    expect(await asyncRefusal(store.delete(REGION, CLUSTER, ID_1))).toEqual({
      type: 'ResourceNotFoundException',
      message: `No Pod Identity association found for id: ${ID_1} in cluster: ${CLUSTER}.`,
    });
    expect(owners.calls.filter((call) => call.startsWith('forget'))).toEqual([]);
  });
});

describe('list', () => {
  const summary = (id: string, namespace: string, serviceAccount: string) => ({
    clusterName: CLUSTER,
    namespace,
    serviceAccount,
    associationArn: arnOf(id),
    associationId: id,
  });

  it('lists a cluster’s summaries in creation order, filtered by namespace and service account', async () => {
    await store.create(REGION, CLUSTER, app);
    await store.create(REGION, CLUSTER, { ...app, serviceAccount: 'worker' });
    await store.create(REGION, CLUSTER, { ...app, namespace: 'jobs' });
    await store.create(REGION, 'other', app);
    await expect(store.list(REGION, CLUSTER, new URLSearchParams())).resolves.toEqual({
      associations: [
        summary(ID_1, 'apps', 'app'),
        summary(ID_2, 'apps', 'worker'),
        summary(ID_3, 'jobs', 'app'),
      ],
    });
    await expect(
      store.list(
        REGION,
        CLUSTER,
        new URLSearchParams({ namespace: 'apps', serviceAccount: 'app' }),
      ),
    ).resolves.toEqual({ associations: [summary(ID_1, 'apps', 'app')] });
  });

  it('pages by creation sequence, so a page survives deletions before it', async () => {
    for (const serviceAccount of ['s0', 's1', 's2', 's3']) {
      await store.create(REGION, CLUSTER, { ...app, serviceAccount });
    }
    const page = (token?: string) =>
      store.list(
        REGION,
        CLUSTER,
        new URLSearchParams({ maxResults: '2', ...(token !== undefined && { nextToken: token }) }),
      );
    await expect(page()).resolves.toEqual({
      associations: [summary(ID_1, 'apps', 's0'), summary(ID_2, 'apps', 's1')],
      nextToken: pageToken(2),
    });
    // One of the first page's goes before the second page is asked for: an index
    // would now skip s2; the sequence number does not.
    await store.delete(REGION, CLUSTER, ID_1);
    await expect(page(pageToken(2))).resolves.toEqual({
      associations: [summary(ID_3, 'apps', 's2'), summary('a-00000000000000004', 'apps', 's3')],
    });
  });

  it('refuses a list in a cluster that does not exist', async () => {
    expect(await asyncRefusal(store.list(REGION, 'missing', new URLSearchParams()))).toEqual({
      type: 'ResourceNotFoundException',
      message: 'No cluster found for name: missing.',
    });
  });
});

describe('associations an add-on owns', () => {
  const owned = {
    clusterName: CLUSTER,
    namespace: 'kube-system',
    serviceAccount: 'aws-node',
    roleArn: ROLE,
    ownerArn: ADDON,
  };

  it('are stored with their owner, no session-tag opt-out and no tags, and listed with it', async () => {
    expect(store.createOwned(REGION, owned)).toEqual({
      clusterName: CLUSTER,
      namespace: 'kube-system',
      serviceAccount: 'aws-node',
      roleArn: ROLE,
      disableSessionTags: false,
      tags: {},
      ownerArn: ADDON,
      associationArn: arnOf(ID_1),
      associationId: ID_1,
      createdAt: 1_700_000_000,
      modifiedAt: 1_700_000_000,
    });
    await expect(store.list(REGION, CLUSTER, new URLSearchParams())).resolves.toEqual({
      associations: [
        {
          clusterName: CLUSTER,
          namespace: 'kube-system',
          serviceAccount: 'aws-node',
          associationArn: arnOf(ID_1),
          associationId: ID_1,
          ownerArn: ADDON,
        },
      ],
    });
  });

  it('count as duplicates of a user’s, except for the owner replacing its own', async () => {
    store.createOwned(REGION, owned);
    expect(
      await asyncRefusal(
        store.create(REGION, CLUSTER, {
          namespace: 'kube-system',
          serviceAccount: 'aws-node',
          roleArn: ROLE,
        }),
      ),
    ).toEqual({ type: 'ResourceInUseException', message: `Association already exists: ${ID_1}` });
    expect(
      refusal(() => store.refuseDuplicate(REGION, CLUSTER, 'kube-system', 'aws-node', 'another')),
    ).toEqual({ type: 'ResourceInUseException', message: `Association already exists: ${ID_1}` });
    expect(() =>
      store.refuseDuplicate(REGION, CLUSTER, 'kube-system', 'aws-node', ADDON),
    ).not.toThrow();
  });

  it('go with their owner, or stay without one', () => {
    store.createOwned(REGION, owned);
    store.createOwned(REGION, { ...owned, serviceAccount: 'other', ownerArn: `${ADDON}2` });
    store.createOwned(REGION, { ...owned, serviceAccount: 'third' });
    store.disown(`${ADDON}2`);
    expect(store.snapshot().map((a) => [a.serviceAccount, a.ownerArn])).toEqual([
      ['aws-node', ADDON],
      ['other', undefined],
      ['third', ADDON],
    ]);
    store.deleteOwnedBy(ADDON);
    expect(store.snapshot().map((a) => a.serviceAccount)).toEqual(['other']);
    expect(store.snapshot()[0]).not.toHaveProperty('ownerArn');
  });

  it('deleted directly, are forgotten by their owner', async () => {
    store.createOwned(REGION, owned);
    await store.delete(REGION, CLUSTER, ID_1);
    expect(owners.calls).toEqual(['settle', `forget ${ADDON} ${arnOf(ID_1)}`]);
  });
});

describe('tags and snapshots', () => {
  it('reads and replaces tags by ARN, without touching modifiedAt', async () => {
    await store.create(REGION, CLUSTER, { ...app, tags: { team: 'a' } });
    expect(store.tags(arnOf(ID_1))).toEqual({ team: 'a' });
    expect(store.tags(arnOf(ID_2))).toBeUndefined();
    clock.advance(1_000);
    store.setTags(arnOf(ID_1), { team: 'b' });
    expect(store.snapshot()[0]).toMatchObject({ tags: { team: 'b' }, modifiedAt: 1_700_000_000 });
  });

  it('hands out copies: changing a snapshot changes nothing stored', async () => {
    await store.create(REGION, CLUSTER, { ...app, tags: { team: 'a' } });
    const [copy] = store.snapshot();
    (copy?.tags as Record<string, string>).team = 'changed';
    expect(store.snapshot()[0]?.tags).toEqual({ team: 'a' });
  });
});
