import { DoubleState } from '../../support/eks-double/state';
import { RoleState } from '../../support/eks-double/timeline';
import {
  ACCOUNT,
  asyncRefusal,
  countingIds,
  FakeClock,
  FakeLookups,
  iamRequest,
  POD_IDENTITY_STATEMENT,
  REGION,
} from './fakes';

/**
 * The double's state without its HTTP server: what passes to moto reaches
 * the timeline and IAM propagation, the stores' own changes (add-ons'
 * included) reach the timeline, and `reset()` makes it all as new.
 */

const CLUSTER = 'demo';
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [POD_IDENTITY_STATEMENT] });
const reader = { cluster: CLUSTER, namespace: 'apps', serviceAccount: 'reader' };
const awsNode = { cluster: CLUSTER, namespace: 'kube-system', serviceAccount: 'aws-node' };
const TRANSITION_MS = 1_000;

let epoch: FakeClock;
let monotonic: FakeClock;
let lookups: FakeLookups;
let roles: RoleState[];
let state: DoubleState;

beforeEach(() => {
  epoch = new FakeClock();
  monotonic = new FakeClock(0);
  lookups = new FakeLookups()
    .withCluster(CLUSTER, '1.31')
    .withRole(roleArn('app-a'))
    .withRole(roleArn('app-b'));
  roles = [
    { roleArn: roleArn('app-a'), trustPolicy: TRUST },
    { roleArn: roleArn('app-b'), trustPolicy: TRUST },
  ];
  state = new DoubleState({
    account: ACCOUNT,
    clock: epoch.now,
    monotonicClock: monotonic.now,
    addonTransitionMs: TRANSITION_MS,
    lookups,
    listRoles: async () => roles,
    newAssociationId: countingIds('a-', 19),
  });
});

const ID_1 = 'a-00000000000000001';
const createReader = (role = 'app-a') =>
  state.stores.associations.create(REGION, CLUSTER, {
    namespace: 'apps',
    serviceAccount: 'reader',
    roleArn: roleArn(role),
  });

describe('what passes to moto', () => {
  it('notes IAM role changes and records them on the timeline', async () => {
    await createReader();
    await state.timeline.start([reader]);
    monotonic.advance(20);
    const change = state.observe(iamRequest({ Action: 'DeleteRole', RoleName: 'app-a' }));
    expect(change).toEqual({ kind: 'deleted', roleName: 'app-a' });
    expect(state.iamChanges()).toEqual([change]);
    monotonic.advance(30);
    expect(state.timeline.stop().gaps).toMatchObject([
      {
        start: 20,
        end: 50,
        lengthMs: 30,
        openedBy: [{ description: `role app-a deleted while association ${ID_1} still names it` }],
      },
    ]);
  });

  it('notes nothing for a request that changed no role', () => {
    expect(state.observe(iamRequest({ Action: 'ListRoles' }))).toBeUndefined();
    expect(state.iamChanges()).toEqual([]);
  });
});

describe("the stores' changes", () => {
  it('reach the timeline: an in-place role switch is no gap, a deletion is', async () => {
    await createReader();
    await state.timeline.start([reader]);
    await state.stores.associations.update(REGION, CLUSTER, ID_1, { roleArn: roleArn('app-b') });
    monotonic.advance(5);
    await state.stores.associations.delete(REGION, CLUSTER, ID_1);
    monotonic.advance(5);
    const report = state.timeline.stop();
    expect(report.events.map((e) => e.description)).toEqual([
      `association ${ID_1} (demo apps/reader) switched from role app-a to role app-b`,
      `association ${ID_1} (demo apps/reader) deleted`,
    ]);
    expect(report.gaps).toMatchObject([{ start: 5, lengthMs: 5, open: true }]);
  });

  it("reach it for an add-on's own: replacing them in an update is no gap, deleting the add-on is", async () => {
    const { addons } = state.stores;
    await addons.create(REGION, CLUSTER, {
      addonName: 'vpc-cni',
      podIdentityAssociations: [{ serviceAccount: 'aws-node', roleArn: roleArn('app-a') }],
    });
    epoch.advance(TRANSITION_MS);
    await state.timeline.start([awsNode]);
    await addons.update(REGION, CLUSTER, 'vpc-cni', {
      podIdentityAssociations: [{ serviceAccount: 'aws-node', roleArn: roleArn('app-b') }],
    });
    epoch.advance(TRANSITION_MS);
    await addons.delete(REGION, CLUSTER, 'vpc-cni', false);
    monotonic.advance(10);
    epoch.advance(TRANSITION_MS);
    // The add-on has finished deleting: the next read of the store takes its association.
    state.stores.associations.snapshot();
    monotonic.advance(10);
    const report = state.timeline.stop();
    expect(report.serviceAccounts[0].credentialsAtStart).toBe(true);
    expect(report.gaps).toHaveLength(1);
    expect(report.gaps[0]).toMatchObject({ start: 10, lengthMs: 10, open: true });
    expect(report.gaps[0].openedBy[0].description).toMatch(
      /^association a-0+2 \(add-on vpc-cni\) \(demo kube-system\/aws-node\) deleted$/,
    );
  });
});

describe('IAM propagation', () => {
  beforeEach(() => {
    lookups.withRole(roleArn('fresh'));
    state.faults.configure({ iamPropagationMs: 1_000 });
    state.observe(
      iamRequest({ Action: 'CreateRole', RoleName: 'fresh', AssumeRolePolicyDocument: TRUST }),
    );
  });

  it('hides a role created less than the time ago, counted under the operation', async () => {
    monotonic.advance(999);
    const refused = await asyncRefusal(
      state.within('CreatePodIdentityAssociation', () => createReader('fresh')),
    );
    expect(refused).toEqual({
      type: 'InvalidParameterException',
      message: 'Role provided in the request does not exist.',
    });
    expect(state.faults.summary().byOperation).toEqual({
      CreatePodIdentityAssociation: { IamPropagation: 1 },
    });
  });

  it('finds it once the time has passed', async () => {
    monotonic.advance(1_000);
    await expect(createReader('fresh')).resolves.toMatchObject({
      association: { roleArn: roleArn('fresh') },
    });
  });
});

describe('reset', () => {
  it('makes the state as new: stores, operations, role changes, recording, faults', async () => {
    state.faults.configure({ iamPropagationMs: 1_000, throttling: { rate: 1 } });
    state.noteAnswered('CreatePodIdentityAssociation');
    state.faults.draw('CreatePodIdentityAssociation');
    state.observe(
      iamRequest({ Action: 'CreateRole', RoleName: 'app-a', AssumeRolePolicyDocument: TRUST }),
    );
    await state.stores.addons.create(REGION, CLUSTER, { addonName: 'coredns' });
    await state.timeline.start([reader]);

    state.reset();

    expect(state.stores.associations.snapshot()).toEqual([]);
    expect(state.stores.addons.snapshot()).toEqual([]);
    expect(state.operations()).toEqual([]);
    expect(state.iamChanges()).toEqual([]);
    expect(state.timeline.recording).toBe(false);
    expect(state.faults.summary().total).toBe(0);
    expect(state.faults.draw('CreatePodIdentityAssociation')).toBeUndefined();
    // No propagation delay left, nor the role's creation time: it is found at once.
    await expect(createReader('app-a')).resolves.toBeDefined();
    expect(state.stores.associations.snapshot()).toHaveLength(1);
  });

  it('puts back the faults it is given', () => {
    state.reset({ throttling: { rate: 1 } });
    expect(state.faults.draw('ListAddons')).toMatchObject({ status: 429 });
  });

  it('puts back the faults of the options by default', () => {
    const faulty = new DoubleState({
      account: ACCOUNT,
      clock: epoch.now,
      monotonicClock: monotonic.now,
      addonTransitionMs: TRANSITION_MS,
      lookups,
      listRoles: async () => roles,
      faults: { serverErrors: { rate: 1 } },
    });
    faulty.faults.configure({});
    faulty.reset();
    expect(faulty.faults.draw('ListAddons')?.status).toBeGreaterThanOrEqual(500);
  });
});
