import {
  CreatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  EKSServiceException,
  ListPodIdentityAssociationsCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  ListRolesCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { setUp } from '../support/before-all';
import { LocalAws, MOTO_CREDENTIALS, startLocalAws } from '../support/local-aws';

/**
 * The double as the "day two" suite will use it, driven with the AWS SDK:
 * every request through it (IAM too, on its way to moto), the credential
 * timeline over real association and role changes, EKS's throttling under
 * the SDK's own retries, and IAM propagation. One moto serves every case:
 * each starts from `reset()`.
 */

const region = 'us-east-1';
const cluster = 'demo';
const reader = { cluster, namespace: 'apps', serviceAccount: 'reader' };
const trust = (actions: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: actions },
    ],
  });
const POD_IDENTITY = trust(['sts:AssumeRole', 'sts:TagSession']);

let aws: LocalAws | undefined;

beforeAll(async () => {
  aws = await startLocalAws({ allThroughDouble: true });
});

afterAll(async () => {
  await aws?.stop();
});

beforeEach(async () => {
  const local = setUp(aws, 'no local AWS');
  await local.reset();
  await local.createClusters(region, [cluster], '1.31');
});

const local = () => setUp(aws, 'no local AWS');
const eks = () => local().eks(region);

async function createRole(name: string, document = POD_IDENTITY): Promise<string> {
  const { Role } = await local().iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: document }),
  );
  return Role?.Arn ?? '';
}

async function associate(roleArn: string, serviceAccount = 'reader', client = eks()) {
  const { association } = await client.send(
    new CreatePodIdentityAssociationCommand({
      clusterName: cluster,
      namespace: 'apps',
      serviceAccount,
      roleArn,
    }),
  );
  return association?.associationId ?? '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('every request through the double', () => {
  it('points the provider and the SDK clients at it, and moto still holds what they made', async () => {
    const { double, awsEndpoint } = local();
    expect(awsEndpoint).toBe(double.endpoint);
    expect(local().awsEnvironment({}, region, '/nowhere')).toMatchObject({
      AWS_ENDPOINT_URL: double.endpoint,
      AWS_ENDPOINT_URL_EKS: double.endpoint,
    });
    await createRole('eks-pod-identity-a');
    await local().iam.send(new DeleteRoleCommand({ RoleName: 'eks-pod-identity-a' }));
    const { Roles = [] } = await local().iam.send(new ListRolesCommand({}));
    expect(Roles.map((r) => r.RoleName)).toEqual(['eks-cluster-role']);
    expect(double.iamChanges().map((c) => `${c.kind} ${c.roleName}`)).toEqual([
      'created eks-cluster-role',
      'created eks-pod-identity-a',
      'deleted eks-pod-identity-a',
    ]);
  });
});

describe('the credential timeline', () => {
  it('sees no gap when the association switches to a second role and the first is deleted', async () => {
    const { double } = local();
    const first = await createRole('eks-pod-identity-a');
    const second = await createRole('eks-pod-identity-b');
    const id = await associate(first);

    // The roles at the start come from moto itself (ListRoles).
    await double.timeline.start([reader]);
    await eks().send(
      new UpdatePodIdentityAssociationCommand({
        clusterName: cluster,
        associationId: id,
        roleArn: second,
      }),
    );
    await local().iam.send(new DeleteRoleCommand({ RoleName: 'eks-pod-identity-a' }));
    const report = double.timeline.stop();

    expect(report.gaps).toEqual([]);
    expect(report.serviceAccounts).toMatchObject([
      {
        credentialsAtStart: true,
        atStart: `association ${id} names role eks-pod-identity-a, which trusts Pod Identity`,
        credentialsAtEnd: true,
        atEnd: `association ${id} names role eks-pod-identity-b, which trusts Pod Identity`,
        intervals: [],
      },
    ]);
    expect(report.events.map((e) => e.description)).toEqual([
      `association ${id} (demo apps/reader) switched from role eks-pod-identity-a to role eks-pod-identity-b`,
      'role eks-pod-identity-a deleted',
    ]);
  });

  it('reports the gap a deleted association opens, with its length, closed by re-creating it', async () => {
    const { double } = local();
    const role = await createRole('eks-pod-identity-a');
    const id = await associate(role);

    await double.timeline.start([reader]);
    await eks().send(
      new DeletePodIdentityAssociationCommand({ clusterName: cluster, associationId: id }),
    );
    await sleep(200);
    const again = await associate(role);
    const report = double.timeline.stop();

    expect(report.gaps).toHaveLength(1);
    const [gap] = report.gaps;
    expect(gap).toMatchObject({
      serviceAccount: reader,
      open: false,
      cause: 'no association for demo apps/reader',
    });
    expect(gap.openedBy.map((e) => e.description)).toEqual([
      `association ${id} (demo apps/reader) deleted`,
    ]);
    expect(gap.closedBy.map((e) => e.description)).toEqual([
      `association ${again} created: demo apps/reader → role eks-pod-identity-a`,
    ]);
    expect(gap.lengthMs).toBe(gap.end - gap.start);
    expect(gap.lengthMs).toBeGreaterThanOrEqual(190);
    expect(gap.lengthMs).toBeLessThan(30_000);
  });

  it('reports the gaps IAM opens: a trust policy narrowed, then the role deleted', async () => {
    const { double } = local();
    const role = await createRole('eks-pod-identity-a');
    const id = await associate(role);

    await double.timeline.start([reader]);
    await local().iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'eks-pod-identity-a',
        PolicyDocument: trust(['sts:AssumeRole']),
      }),
    );
    await local().iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'eks-pod-identity-a',
        PolicyDocument: POD_IDENTITY,
      }),
    );
    await local().iam.send(new DeleteRoleCommand({ RoleName: 'eks-pod-identity-a' }));
    const report = double.timeline.stop();

    expect(report.gaps.map((g) => [g.open, g.openedBy.map((e) => e.description)])).toEqual([
      [
        false,
        [
          `trust policy of role eks-pod-identity-a updated (named by association ${id}): it no ` +
            'longer allows pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession',
        ],
      ],
      [true, [`role eks-pod-identity-a deleted while association ${id} still names it`]],
    ]);
    expect(report.serviceAccounts[0].atEnd).toBe(
      `association ${id} names role ${role}, which does not exist`,
    );
  });
});

describe('faults', () => {
  it("throttles 30% of the double's answers, and the SDK's retries still succeed, each counted", async () => {
    const { double } = local();
    const role = await createRole('eks-pod-identity-a');
    const other = await createRole('eks-pod-identity-b');
    double.faults.configure({ seed: 7, throttling: { rate: 0.3 } });
    // The SDK's standard retries (throttling backs off from 1 s), with room for a run of faults.
    const retrying = new EKSClient({
      endpoint: double.endpoint,
      region,
      credentials: MOTO_CREDENTIALS,
      maxAttempts: 8,
    });
    const attempts: number[] = [];
    const send = async <T extends { $metadata: { attempts?: number } }>(call: Promise<T>) => {
      const output = await call;
      attempts.push(output.$metadata.attempts ?? 1);
      return output;
    };
    try {
      for (const serviceAccount of ['a', 'b', 'c', 'd']) {
        const { association } = await send(
          retrying.send(
            new CreatePodIdentityAssociationCommand({
              clusterName: cluster,
              namespace: 'apps',
              serviceAccount,
              roleArn: role,
            }),
          ),
        );
        const associationId = association?.associationId ?? '';
        await send(
          retrying.send(
            new DescribePodIdentityAssociationCommand({ clusterName: cluster, associationId }),
          ),
        );
        await send(
          retrying.send(
            new UpdatePodIdentityAssociationCommand({
              clusterName: cluster,
              associationId,
              roleArn: other,
            }),
          ),
        );
      }
      const { associations = [] } = await send(
        retrying.send(new ListPodIdentityAssociationsCommand({ clusterName: cluster })),
      );
      expect(associations.map((a) => a.serviceAccount).sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(double.associations().map((a) => a.roleArn)).toEqual([other, other, other, other]);
    } finally {
      retrying.destroy();
    }

    const summary = double.faults.summary();
    // Every retry the SDK made was for one injected 429, and nothing else was injected.
    const retries = attempts.reduce((sum, n) => sum + n - 1, 0);
    expect(summary.byKind.ThrottlingException).toBe(retries);
    expect(summary.total).toBe(retries);
    expect(retries).toBeGreaterThan(0);
    expect(double.operations()).toHaveLength(attempts.length + retries);
  });

  it('refuses a role IAM has not propagated yet as EKS does, and takes it once it has', async () => {
    const { double } = local();
    double.faults.configure({ iamPropagationMs: 500 });
    const role = await createRole('eks-pod-identity-new');
    const refusal = await associate(role).then(
      () => undefined,
      (error: unknown) =>
        error instanceof EKSServiceException
          ? { name: error.name, message: error.message, status: error.$metadata.httpStatusCode }
          : error,
    );
    expect(refusal).toEqual({
      name: 'InvalidParameterException',
      message: 'Role provided in the request does not exist.',
      status: 400,
    });
    await sleep(500);
    await expect(associate(role)).resolves.toMatch(/^a-/);
    expect(double.faults.summary().byOperation).toEqual({
      CreatePodIdentityAssociation: { IamPropagation: 1 },
    });
  });
});
