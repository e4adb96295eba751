import {
  CreateClusterCommand,
  CreatePodIdentityAssociationCommand,
  CreatePodIdentityAssociationCommandInput,
  DeletePodIdentityAssociationCommand,
  DescribeClusterCommand,
  DescribePodIdentityAssociationCommand,
  EKSClient,
  EKSServiceException,
  ListPodIdentityAssociationsCommand,
  ListTagsForResourceCommand,
  PodIdentityAssociationSummary,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { EksPodIdentityDouble, startEksPodIdentityDouble } from '../support/eks-double/routing';
import { MotoServer, startMoto } from '../support/moto-server';

const region = 'us-east-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const cluster = 'demo';
const podsPrincipal = { Service: 'pods.eks.amazonaws.com' };

let moto: MotoServer | undefined;
let double: EksPodIdentityDouble | undefined;
let eks: EKSClient;
let iam: IAMClient;
const roles: Record<string, string> = {};

beforeAll(async () => {
  moto = await startMoto();
  double = await startEksPodIdentityDouble({ motoEndpoint: moto.endpoint, region });
  // maxAttempts 1: a refusal must surface as it was sent, not after retries.
  eks = new EKSClient({ endpoint: double.endpoint, region, credentials, maxAttempts: 1 });
  iam = new IAMClient({ endpoint: moto.endpoint, region, credentials });

  const trust = (...statements: object[]) =>
    JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const allow = (principal: object, action: string | string[], extra: object = {}) => ({
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    ...extra,
  });
  const documents: Record<string, string> = {
    cluster: trust(allow({ Service: 'eks.amazonaws.com' }, 'sts:AssumeRole')),
    app: trust(allow(podsPrincipal, ['sts:AssumeRole', 'sts:TagSession'])),
    other: trust(allow(podsPrincipal, ['sts:AssumeRole', 'sts:TagSession'])),
    // EKS accepts the two actions in separate statements, and conditions.
    split: trust(
      allow(podsPrincipal, 'sts:AssumeRole', {
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      }),
      allow(podsPrincipal, 'sts:TagSession'),
    ),
    ec2: trust(allow({ Service: 'ec2.amazonaws.com' }, ['sts:AssumeRole', 'sts:TagSession'])),
    noTagSession: trust(allow(podsPrincipal, 'sts:AssumeRole')),
    denied: trust({
      ...allow(podsPrincipal, ['sts:AssumeRole', 'sts:TagSession']),
      Effect: 'Deny',
    }),
  };
  for (const [name, document] of Object.entries(documents)) {
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: `${name}-role`, AssumeRolePolicyDocument: document }),
    );
    roles[name] = Role?.Arn ?? '';
  }
  // Through the double: a non-Pod-Identity EKS call that must reach moto.
  await eks.send(
    new CreateClusterCommand({
      name: cluster,
      roleArn: roles.cluster,
      resourcesVpcConfig: { subnetIds: [] },
      tags: { team: 'platform' },
    }),
  );
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

function create(input: Partial<CreatePodIdentityAssociationCommandInput> = {}) {
  return eks.send(
    new CreatePodIdentityAssociationCommand({
      clusterName: cluster,
      namespace: 'apps',
      serviceAccount: 'reader',
      roleArn: roles.app,
      ...input,
    }),
  );
}

async function deleteAll(): Promise<void> {
  for (const { associationId } of double?.associations() ?? []) {
    await eks.send(
      new DeletePodIdentityAssociationCommand({ clusterName: cluster, associationId }),
    );
  }
}

afterEach(deleteAll);

describe('pass-through to moto', () => {
  it('answers DescribeCluster from moto', async () => {
    const { cluster: described } = await eks.send(new DescribeClusterCommand({ name: cluster }));
    expect(described).toMatchObject({
      name: cluster,
      status: 'ACTIVE',
      arn: `arn:aws:eks:${region}:123456789012:cluster/${cluster}`,
    });
  });

  it('passes tag calls on a cluster ARN to moto', async () => {
    const { tags } = await eks.send(
      new ListTagsForResourceCommand({
        resourceArn: `arn:aws:eks:${region}:123456789012:cluster/${cluster}`,
      }),
    );
    expect(tags).toEqual({ team: 'platform' });
  });
});

describe('association lifecycle', () => {
  it('creates, describes, lists, updates and deletes an association', async () => {
    const before = Date.now() / 1000;
    const { association: created } = await create({ tags: { env: 'test' } });
    expect(created).toMatchObject({
      clusterName: cluster,
      namespace: 'apps',
      serviceAccount: 'reader',
      roleArn: roles.app,
      disableSessionTags: false,
      tags: { env: 'test' },
    });
    const id = created?.associationId ?? '';
    expect(id).toMatch(/^a-[a-z0-9]{17}$/);
    expect(created?.associationArn).toBe(
      `arn:aws:eks:${region}:123456789012:podidentityassociation/${cluster}/${id}`,
    );
    // Epoch seconds on the wire, so the SDK hands back Dates near now.
    expect(created?.createdAt?.getTime()).toBeGreaterThanOrEqual(Math.floor(before) * 1000);
    expect(created?.modifiedAt).toEqual(created?.createdAt);

    const { association: described } = await eks.send(
      new DescribePodIdentityAssociationCommand({ clusterName: cluster, associationId: id }),
    );
    expect(described).toEqual(created);

    const { associations } = await eks.send(
      new ListPodIdentityAssociationsCommand({ clusterName: cluster }),
    );
    expect(associations).toEqual([
      {
        clusterName: cluster,
        namespace: 'apps',
        serviceAccount: 'reader',
        associationArn: created?.associationArn,
        associationId: id,
      },
    ]);

    const { association: updated } = await eks.send(
      new UpdatePodIdentityAssociationCommand({
        clusterName: cluster,
        associationId: id,
        roleArn: roles.other,
      }),
    );
    expect(updated).toMatchObject({
      associationId: id,
      roleArn: roles.other,
      tags: { env: 'test' },
    });
    expect(updated?.modifiedAt?.getTime()).toBeGreaterThanOrEqual(
      created?.createdAt?.getTime() ?? 0,
    );
    expect(double?.associations()).toMatchObject([{ associationId: id, roleArn: roles.other }]);

    const { association: deleted } = await eks.send(
      new DeletePodIdentityAssociationCommand({ clusterName: cluster, associationId: id }),
    );
    expect(deleted).toMatchObject({ associationId: id, roleArn: roles.other });
    expect(double?.associations()).toEqual([]);
    expect(
      await refusal(
        eks.send(
          new DescribePodIdentityAssociationCommand({ clusterName: cluster, associationId: id }),
        ),
      ),
    ).toEqual({
      name: 'ResourceNotFoundException',
      message: `No Pod Identity association found for id: ${id} in cluster: ${cluster}.`,
      status: 404,
    });
  });

  it('returns the same association when a request is retried with its token', async () => {
    const first = await create({ clientRequestToken: 'retry-1' });
    const again = await create({ clientRequestToken: 'retry-1' });
    expect(again.association?.associationId).toBe(first.association?.associationId);
    expect(double?.associations()).toHaveLength(1);
  });

  it('accepts a trust policy that splits the actions over statements with conditions', async () => {
    const { association } = await create({ roleArn: roles.split });
    expect(association?.roleArn).toBe(roles.split);
  });

  it('filters and pages the list', async () => {
    const pairs = [
      ['apps', 'reader'],
      ['apps', 'writer'],
      ['jobs', 'reader'],
    ];
    const ids: string[] = [];
    for (const [namespace, serviceAccount] of pairs) {
      const { association } = await create({ namespace, serviceAccount });
      ids.push(association?.associationId ?? '');
    }
    const list = async (input: { namespace?: string; serviceAccount?: string }) =>
      (
        await eks.send(new ListPodIdentityAssociationsCommand({ clusterName: cluster, ...input }))
      ).associations?.map((a) => a.associationId);
    expect(await list({ namespace: 'apps' })).toEqual([ids[0], ids[1]]);
    expect(await list({ serviceAccount: 'reader' })).toEqual([ids[0], ids[2]]);
    expect(await list({ namespace: 'jobs', serviceAccount: 'writer' })).toEqual([]);

    const paged: PodIdentityAssociationSummary[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await eks.send(
        new ListPodIdentityAssociationsCommand({ clusterName: cluster, maxResults: 2, nextToken }),
      );
      paged.push(...(page.associations ?? []));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken !== undefined && pages < 5);
    expect(pages).toBe(2);
    expect(paged.map((a) => a.associationId)).toEqual(ids);

    expect(
      await refusal(
        eks.send(new ListPodIdentityAssociationsCommand({ clusterName: cluster, maxResults: 101 })),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'maxResults must be a whole number from 1 to 100.',
      status: 400,
    });
  });
});

describe('tags on an association', () => {
  it('tags, untags and lists tags by association ARN', async () => {
    const { association } = await create({ tags: { env: 'test', owner: 'a' } });
    const resourceArn = association?.associationArn ?? '';
    const listTags = async () =>
      (await eks.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

    await eks.send(new TagResourceCommand({ resourceArn, tags: { owner: 'b', cost: 'c1' } }));
    expect(await listTags()).toEqual({ env: 'test', owner: 'b', cost: 'c1' });

    await eks.send(new UntagResourceCommand({ resourceArn, tagKeys: ['env', 'cost'] }));
    expect(await listTags()).toEqual({ owner: 'b' });

    const { association: described } = await eks.send(
      new DescribePodIdentityAssociationCommand({
        clusterName: cluster,
        associationId: association?.associationId,
      }),
    );
    expect(described?.tags).toEqual({ owner: 'b' });
  });

  it('refuses tags for an association that does not exist', async () => {
    const resourceArn = `arn:aws:eks:${region}:123456789012:podidentityassociation/${cluster}/a-0000000000000000a`;
    expect(await refusal(eks.send(new ListTagsForResourceCommand({ resourceArn })))).toEqual({
      name: 'NotFoundException',
      message: `Resource not found: ${resourceArn}`,
      status: 404,
    });
  });

  it('refuses reserved tag keys', async () => {
    const { association } = await create();
    const resourceArn = association?.associationArn ?? '';
    expect(
      await refusal(eks.send(new TagResourceCommand({ resourceArn, tags: { 'aws:x': 'y' } }))),
    ).toEqual({
      name: 'BadRequestException',
      message: 'Tag key "aws:x" uses the reserved prefix aws:.',
      status: 400,
    });
  });
});

describe('refusals', () => {
  it('refuses a cluster that does not exist', async () => {
    expect(await refusal(create({ clusterName: 'nope' }))).toEqual({
      name: 'ResourceNotFoundException',
      message: 'No cluster found for name: nope.',
      status: 404,
    });
  });

  it.each([
    ['trusts another service', 'ec2'],
    ['lacks sts:TagSession', 'noTagSession'],
    ['only denies', 'denied'],
  ])('refuses a role whose trust policy %s', async (_why, role) => {
    expect(await refusal(create({ roleArn: roles[role] }))).toEqual({
      name: 'InvalidParameterException',
      message:
        `Trust policy of the role provided is invalid. The role ${roles[role]} must allow the ` +
        'service principal pods.eks.amazonaws.com the actions sts:AssumeRole and sts:TagSession.',
      status: 400,
    });
  });

  it('refuses the same check on update', async () => {
    const { association } = await create();
    const refused = await refusal(
      eks.send(
        new UpdatePodIdentityAssociationCommand({
          clusterName: cluster,
          associationId: association?.associationId,
          roleArn: roles.ec2,
        }),
      ),
    );
    expect(refused).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(double?.associations()).toMatchObject([{ roleArn: roles.app }]);
  });

  it('refuses a role that does not exist', async () => {
    const roleArn = 'arn:aws:iam::123456789012:role/missing-role';
    expect(await refusal(create({ roleArn }))).toEqual({
      name: 'InvalidParameterException',
      message: 'Role provided in the request does not exist.',
      status: 400,
    });
  });

  it('refuses a second association for the same namespace and service account', async () => {
    const { association: first } = await create();
    expect(await refusal(create({ roleArn: roles.other }))).toEqual({
      name: 'ResourceInUseException',
      message: `Association already exists: ${first?.associationId}`,
      status: 409,
    });
    expect(double?.associations()).toHaveLength(1);
  });

  it('refuses a namespace that is not a DNS-1123 label', async () => {
    expect(await refusal(create({ namespace: 'Team_A' }))).toEqual({
      name: 'InvalidParameterException',
      message:
        'Invalid namespace "Team_A": a Kubernetes namespace must be a DNS-1123 label, at most 63 ' +
        'lowercase letters, digits or "-", starting and ending with a letter or digit.',
      status: 400,
    });
    expect(await refusal(create({ namespace: 'a.b' }))).toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('refuses a service account that is not a DNS-1123 subdomain', async () => {
    expect(await refusal(create({ serviceAccount: 'my sa' }))).toEqual({
      name: 'InvalidParameterException',
      message:
        'Invalid service account "my sa": a Kubernetes service account name must be a DNS-1123 ' +
        'subdomain, at most 253 lowercase letters, digits, "-" or ".", each dot-separated part ' +
        'starting and ending with a letter or digit.',
      status: 400,
    });
    // Dots are fine in a subdomain.
    await expect(create({ serviceAccount: 'my.sa' })).resolves.toBeDefined();
  });

  it('refuses an association id of the wrong length', async () => {
    expect(
      await refusal(
        eks.send(
          new DescribePodIdentityAssociationCommand({ clusterName: cluster, associationId: 'a-1' }),
        ),
      ),
    ).toEqual({
      name: 'InvalidParameterException',
      message: 'The parameter associationId should be 19 characters long.',
      status: 400,
    });
  });

  it('stores nothing for a refused request', async () => {
    await refusal(create({ clusterName: 'nope' }));
    await refusal(create({ roleArn: roles.ec2 }));
    expect(double?.associations()).toEqual([]);
  });
});
