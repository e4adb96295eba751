import { exampleFiles } from '../support/examples';
import {
  ACCOUNT,
  assumeRole,
  assumeRoleWithWebIdentity,
  podRequest,
  synthesizedRole,
} from '../support/iam-simulation';
import { configOf, synthApp } from '../support/synth';

/**
 * Scoping shown by a real IAM policy evaluator on the synthesized documents,
 * not by reading them: what a pod's session may do, and which sessions Pod
 * Identity may start.
 */

const examples = exampleFiles();
const awsStackOf = (file: unknown) => synthApp(configOf(file)).aws;
const cluster = (name: string) => `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/${name}`;

describe('presets scoped by their parameters (every-preset-and-add-on)', () => {
  const stack = awsStackOf(examples['every-preset-and-add-on']);
  const ZONE = 'arn:aws:route53:::hostedzone/Z0123456789EXAMPLE';
  const OTHER_ZONE = 'arn:aws:route53:::hostedzone/Z9999999999OTHER';

  test('ExternalDNS changes records in its hosted zone and not in another, and lists all zones', async () => {
    const role = synthesizedRole(stack, 'eks-pod-identity-external-dns');
    const change = (zone: string) =>
      podRequest(role, { action: 'route53:ChangeResourceRecordSets', resource: zone });

    await expect(change(ZONE)).resolves.toBe('Allowed');
    await expect(change(OTHER_ZONE)).resolves.toBe('ImplicitlyDenied');
    await expect(
      podRequest(role, { action: 'route53:ListHostedZones', resource: '*' }),
    ).resolves.toBe('Allowed');
  });

  test('cert-manager changes TXT records in its hosted zone only', async () => {
    const role = synthesizedRole(stack, 'eks-pod-identity-cert-manager');
    const change = (zone: string, type: string) =>
      podRequest(role, {
        action: 'route53:ChangeResourceRecordSets',
        resource: zone,
        context: { 'route53:ChangeResourceRecordSetsRecordTypes': [type] },
      });

    await expect(change(ZONE, 'TXT')).resolves.toBe('Allowed');
    await expect(change(ZONE, 'A')).resolves.toBe('ImplicitlyDenied');
    await expect(change(OTHER_ZONE, 'TXT')).resolves.toBe('ImplicitlyDenied');
  });

  test('Velero reads and writes its backup bucket and no other', async () => {
    const role = synthesizedRole(stack, 'eks-pod-identity-velero');
    const put = (bucket: string) =>
      podRequest(role, {
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${bucket}/backups/x.tar.gz`,
      });

    await expect(put('acme-backups')).resolves.toBe('Allowed');
    await expect(put('acme-datasets')).resolves.toBe('ImplicitlyDenied');
  });

  test("Mountpoint's add-on role mounts its buckets and no other", async () => {
    const role = synthesizedRole(stack, 'eks-pod-identity-addon-aws-mountpoint-s3-csi-driver');
    const get = (bucket: string) =>
      podRequest(role, { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/data.parquet` });

    await expect(get('acme-datasets')).resolves.toBe('Allowed');
    await expect(get('acme-backups')).resolves.toBe('ImplicitlyDenied');
    await expect(
      podRequest(role, {
        action: 's3express:CreateSession',
        resource: `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/scratch--use1-az4--x-s3`,
      }),
    ).resolves.toBe('Allowed');
  });

  test('the Node Termination Handler receives from its queue and not from another', async () => {
    const role = synthesizedRole(stack, 'eks-pod-identity-node-termination-handler');
    const receive = (queue: string) =>
      podRequest(role, {
        action: 'sqs:ReceiveMessage',
        resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}`,
      });

    await expect(receive('node-termination')).resolves.toBe('Allowed');
    await expect(receive('orders')).resolves.toBe('ImplicitlyDenied');
  });

  test('the Node Termination Handler sends lifecycle heartbeats, as its heartbeats parameter asks', async () => {
    const role = synthesizedRole(stack, 'eks-pod-identity-node-termination-handler');
    await expect(
      podRequest(role, {
        action: 'autoscaling:RecordLifecycleActionHeartbeat',
        resource: `arn:aws:autoscaling:us-east-1:${ACCOUNT}:autoScalingGroup:0a1b2c3d-4e5f-6789-abcd-ef0123456789:autoScalingGroupName/nodes`,
      }),
    ).resolves.toBe('Allowed');
  });

  describe('External Secrets', () => {
    const role = () => synthesizedRole(stack, 'eks-pod-identity-external-secrets');
    const secret = (name: string) =>
      `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}-AbCdEf`;
    const parameter = (name: string) => `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/${name}`;

    test('pushes secrets and parameters under from-cluster/ only, and reads platform/', async () => {
      const request = (action: string, resource: string) =>
        podRequest(role(), { action, resource });

      await expect(
        request('secretsmanager:PutSecretValue', secret('from-cluster/db')),
      ).resolves.toBe('Allowed');
      await expect(
        request('secretsmanager:CreateSecret', secret('from-cluster/new')),
      ).resolves.toBe('Allowed');
      await expect(request('secretsmanager:PutSecretValue', secret('platform/db'))).resolves.toBe(
        'ImplicitlyDenied',
      );
      await expect(request('ssm:PutParameter', parameter('from-cluster/flag'))).resolves.toBe(
        'Allowed',
      );
      await expect(request('ssm:PutParameter', parameter('platform/flag'))).resolves.toBe(
        'ImplicitlyDenied',
      );
      await expect(request('secretsmanager:GetSecretValue', secret('platform/db'))).resolves.toBe(
        'Allowed',
      );
      await expect(
        request('secretsmanager:PutResourcePolicy', secret('from-cluster/db')),
      ).resolves.toBe('ImplicitlyDenied');
    });

    test('deletes only what it manages (tagged managed-by=external-secrets), where it pushes', async () => {
      const remove = (action: string, resource: string, managedBy?: string) =>
        podRequest(role(), {
          action,
          resource,
          context: managedBy === undefined ? {} : { 'aws:ResourceTag/managed-by': managedBy },
        });

      for (const [action, resource] of [
        ['secretsmanager:DeleteSecret', secret('from-cluster/db')],
        ['ssm:DeleteParameter', parameter('from-cluster/flag')],
      ] as const) {
        await expect(remove(action, resource, 'external-secrets')).resolves.toBe('Allowed');
        await expect(remove(action, resource, 'terraform')).resolves.toBe('ImplicitlyDenied');
        await expect(remove(action, resource)).resolves.toBe('ImplicitlyDenied');
      }
      await expect(
        remove('secretsmanager:DeleteSecret', secret('platform/db'), 'external-secrets'),
      ).resolves.toBe('ImplicitlyDenied');
    });
  });
});

describe('ABAC namespace prefixes (abac-namespace-prefixes)', () => {
  const role = synthesizedRole(
    awsStackOf(examples['abac-namespace-prefixes']),
    'eks-pod-identity-tenants',
  );
  const teamA = { 'kubernetes-namespace': 'team-a' };

  test('let a team-a session read team-a/ and not team-b/', async () => {
    const read = (key: string) =>
      podRequest(role, {
        action: 's3:GetObject',
        resource: `arn:aws:s3:::tenant-data/${key}`,
        sessionTags: teamA,
      });

    await expect(read('team-a/data.txt')).resolves.toBe('Allowed');
    await expect(read('team-b/data.txt')).resolves.toBe('ImplicitlyDenied');
    await expect(read('readme.txt')).resolves.toBe('ImplicitlyDenied');
  });

  test('let a team-a session list team-a/ and not team-b/ (s3:prefix)', async () => {
    const list = (prefix: string) =>
      podRequest(role, {
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::tenant-data',
        sessionTags: teamA,
        context: { 's3:prefix': prefix },
      });

    await expect(list('team-a/')).resolves.toBe('Allowed');
    await expect(list('team-b/')).resolves.toBe('ImplicitlyDenied');
    await expect(list('')).resolves.toBe('ImplicitlyDenied');
  });

  test('let KMS decrypt only when S3 asks on the session behalf (kms:ViaService)', async () => {
    const [key] = (
      examples['abac-namespace-prefixes'] as { identities: { s3: { kmsKeyArns: string[] } }[] }
    ).identities[0].s3.kmsKeyArns;
    const decrypt = (via?: string) =>
      podRequest(role, {
        action: 'kms:Decrypt',
        resource: key,
        sessionTags: teamA,
        ...(via !== undefined && { context: { 'kms:ViaService': via } }),
      });

    await expect(decrypt('s3.us-east-1.amazonaws.com')).resolves.toBe('Allowed');
    await expect(decrypt()).resolves.toBe('ImplicitlyDenied');
  });
});

describe('a trust policy narrowed to its associations (restrictToAssociations)', () => {
  const stack = awsStackOf({
    clusters: [{ name: 'blue' }, { name: 'green' }],
    identities: [
      {
        name: 'app',
        trust: { restrictToAssociations: true, sourceAccount: true },
        associations: [
          { cluster: 'blue', namespace: 'payments', serviceAccount: 'api', kubernetes: false },
          { cluster: 'green', namespace: 'reports', serviceAccount: 'reader', kubernetes: false },
        ],
      },
    ],
  });
  const role = synthesizedRole(stack, 'eks-pod-identity-app');
  const session = (clusterName: string, namespace: string, serviceAccount: string) => ({
    'eks-cluster-arn': cluster(clusterName),
    'kubernetes-namespace': namespace,
    'kubernetes-service-account': serviceAccount,
  });
  const fromAccount = { 'aws:SourceAccount': ACCOUNT };

  test.each([
    ['blue', 'payments', 'api'],
    ['green', 'reports', 'reader'],
  ])('admits %s/%s/%s, with both actions', async (c, namespace, serviceAccount) => {
    const tags = session(c, namespace, serviceAccount);
    await expect(assumeRole(role, 'sts:AssumeRole', tags, fromAccount)).resolves.toBe('Allowed');
    await expect(assumeRole(role, 'sts:TagSession', tags, fromAccount)).resolves.toBe('Allowed');
  });

  test.each([
    ["blue's namespace with green's service account", 'blue', 'payments', 'reader'],
    ["green's namespace and service account on blue", 'blue', 'reports', 'reader'],
    ['another service account in an admitted namespace', 'blue', 'payments', 'admin'],
    ['an unconfigured cluster', 'red', 'payments', 'api'],
  ])('refuses %s', async (_what, c, namespace, serviceAccount) => {
    await expect(
      assumeRole(role, 'sts:AssumeRole', session(c, namespace, serviceAccount), fromAccount),
    ).resolves.toBe('ImplicitlyDenied');
  });

  test('refuses another account, even with admitted tags', async () => {
    await expect(
      assumeRole(role, 'sts:AssumeRole', session('blue', 'payments', 'api'), {
        'aws:SourceAccount': '444455556666',
      }),
    ).resolves.toBe('ImplicitlyDenied');
  });
});

describe('a permissions boundary caps what a preset grants', () => {
  const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const stack = awsStackOf({
    identities: [
      {
        name: 'storage',
        preset: { name: 'ebs-csi', kmsKeyArns: [KEY] },
        role: { permissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/no-kms-grants` },
      },
    ],
  });
  const role = synthesizedRole(stack, 'eks-pod-identity-storage');
  // What the boundary the configuration names allows: everything but KMS grants.
  const boundary = {
    Version: '2012-10-17' as const,
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: ['kms:CreateGrant', 'kms:RevokeGrant'], Resource: '*' },
    ],
  };
  const grant = { 'kms:GrantIsForAWSResource': 'true' };

  test('names the boundary on the role', () => {
    expect(role.permissionsBoundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/no-kms-grants`);
  });

  test('without the boundary, the preset lets the driver create grants on its key, not on another', async () => {
    await expect(
      podRequest(role, { action: 'kms:CreateGrant', resource: KEY, context: grant }),
    ).resolves.toBe('Allowed');
    await expect(
      podRequest(role, {
        action: 'kms:CreateGrant',
        resource: KEY.replace('1234abcd-', '5678abcd-'),
        context: grant,
      }),
    ).resolves.toBe('ImplicitlyDenied');
  });

  test('with the boundary, the same grant is denied while the rest of the preset stays', async () => {
    await expect(
      podRequest(role, { action: 'kms:CreateGrant', resource: KEY, context: grant, boundary }),
    ).resolves.toBe('ExplicitlyDenied');
    await expect(
      podRequest(role, { action: 'kms:Decrypt', resource: KEY, boundary }),
    ).resolves.toBe('Allowed');
  });
});

describe('a role migrating from IRSA trusts both (migrateFromIrsa)', () => {
  const blueProvider = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF`;
  const greenProvider = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210`;
  const stack = awsStackOf({
    clusters: [
      { name: 'blue', oidcProviderArn: blueProvider },
      { name: 'green', oidcProviderArn: greenProvider },
    ],
    identities: [
      {
        name: 'app',
        role: { name: 'legacy-app', adopt: true },
        migrateFromIrsa: true,
        associations: [
          { cluster: 'blue', namespace: 'payments', serviceAccount: 'api', kubernetes: false },
          { cluster: 'blue', namespace: 'payments', serviceAccount: 'worker', kubernetes: false },
          { cluster: 'green', namespace: 'reports', serviceAccount: 'reader', kubernetes: false },
        ],
      },
    ],
  });
  const role = synthesizedRole(stack, 'legacy-app');
  const token = (sub: string, aud = 'sts.amazonaws.com') => ({ aud, sub });

  test.each([
    [blueProvider, 'system:serviceaccount:payments:api'],
    [blueProvider, 'system:serviceaccount:payments:worker'],
    [greenProvider, 'system:serviceaccount:reports:reader'],
  ])('admits the web identity of each configured service account: %s %s', async (provider, sub) => {
    await expect(assumeRoleWithWebIdentity(role, provider, token(sub))).resolves.toBe('Allowed');
  });

  test('admits Pod Identity, with both actions', async () => {
    const tags = { 'kubernetes-namespace': 'payments', 'kubernetes-service-account': 'api' };
    await expect(assumeRole(role, 'sts:AssumeRole', tags)).resolves.toBe('Allowed');
    await expect(assumeRole(role, 'sts:TagSession', tags)).resolves.toBe('Allowed');
  });

  test.each([
    ['another service account', blueProvider, token('system:serviceaccount:payments:admin')],
    [
      "green's service account with blue's provider",
      blueProvider,
      token('system:serviceaccount:reports:reader'),
    ],
    ['another audience', blueProvider, token('system:serviceaccount:payments:api', 'sts.example')],
    [
      'another cluster provider',
      `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/00000000000000000000000000000000`,
      token('system:serviceaccount:payments:api'),
    ],
  ])('refuses %s', async (_what, provider, claims) => {
    await expect(assumeRoleWithWebIdentity(role, provider, claims)).resolves.toBe(
      'ImplicitlyDenied',
    );
  });
});
