import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setUp } from '../support/before-all';
import { JsonMap } from '../support/config-files';
import { ChangeCase, ChangeResult, runChange } from '../support/day-two';
import { LocalAws, startLocalAws } from '../support/local-aws';
import { describeWithTerraform, requireTerraformAndMirror } from '../support/stack-deployment';

/**
 * Day two, deployed for real: each case deploys one configuration against
 * moto and the EKS double, then a changed one, with the real hashicorp/aws
 * provider, and holds the change to what a platform team needs: one apply
 * that succeeds, a plan with nothing to do after it, nothing left in IAM or
 * EKS that the configuration no longer names, and no credential gap for any
 * service account that is still configured (the double's credential
 * timeline, `__tests__/support/eks-double/timeline.ts`).
 */

jest.setTimeout(300_000);

const ZONE_A = 'arn:aws:route53:::hostedzone/Z0AAAAAAAAAAAA';
const ZONE_B = 'arn:aws:route53:::hostedzone/Z0BBBBBBBBBBBB';
const SQS_READ = 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess';
const SNS_READ = 'arn:aws:iam::aws:policy/AmazonSNSReadOnlyAccess';
const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** A service account that the workload stack leaves alone: only AWS is deployed here. */
const sa = (namespace: string, serviceAccount: string, extra: JsonMap = {}): JsonMap => ({
  namespace,
  serviceAccount,
  kubernetes: false,
  ...extra,
});

const file = (identities: JsonMap[], extra: JsonMap = {}): JsonMap => ({
  environment: 'day-two',
  region: 'us-east-1',
  clusters: [{ name: 'example' }],
  identities,
  ...extra,
});

/** The identity most cases change: reports/reader on cluster example. */
const reports = (extra: JsonMap = {}): JsonMap => ({
  name: 'reports',
  associations: [sa('reports', 'reader')],
  ...extra,
});

const bucketScoped = (buckets: string[], prefix?: string): JsonMap => ({
  access: 'bucket-scoped',
  buckets,
  ...(prefix !== undefined && { prefix }),
});

const STATEMENT_SQS = {
  sid: 'SendOrders',
  actions: ['sqs:SendMessage'],
  resources: ['arn:aws:sqs:us-east-1:123456789012:orders'],
};
const STATEMENT_SNS = {
  sid: 'PublishEvents',
  actions: ['sns:Publish'],
  resources: ['arn:aws:sns:us-east-1:123456789012:events'],
};

const externalDns = (zones?: string[]): JsonMap => ({
  name: 'external-dns',
  preset: { name: 'external-dns', ...(zones !== undefined && { hostedZoneArns: zones }) },
});

const withAddons = (addons: JsonMap[], identities: JsonMap[] = [reports()]): JsonMap =>
  file(identities, { clusters: [{ name: 'example', podIdentityAgent: true, addons }] });

/**
 * Every change the matrix deploys. `gapAllowed` names the service accounts
 * that may lose their credentials for a while, and why AWS gives no way
 * around it.
 */
interface MatrixCase extends ChangeCase {
  readonly group: string;
}

const CASES: readonly MatrixCase[] = [
  // ---- Roles ----
  {
    group: 'roles',
    name: 'rename an identity (its role is replaced by another)',
    before: file([reports()]),
    after: file([reports({ name: 'invoices' })]),
  },
  {
    group: 'roles',
    name: "change a role's name (and so its customer managed policy's name)",
    before: file([reports({ role: { name: 'reports-a' }, s3: bucketScoped(['eks-automation']) })]),
    after: file([reports({ role: { name: 'reports-b' }, s3: bucketScoped(['eks-automation']) })]),
  },
  {
    group: 'roles',
    name: "change a role's path",
    before: file([reports()]),
    after: file([reports({ role: { path: '/pods/' } })]),
  },
  {
    group: 'roles',
    name: "change a role's name prefix",
    before: file([reports({ role: { namePrefix: 'reports-' } })]),
    after: file([reports({ role: { namePrefix: 'invoices-' } })]),
  },
  // moto 5.2.1's UpdateRole clears the description it is not sent and resets
  // the session length it is not sent to an hour (IAM leaves both as they
  // are), and the provider sends each on its own: hence two cases.
  {
    group: 'roles',
    name: "change a role's description (in place)",
    before: file([reports()]),
    after: file([reports({ role: { description: 'Reads reports' } })]),
  },
  {
    group: 'roles',
    name: "change a role's longest session (in place)",
    before: file([reports()]),
    after: file([reports({ role: { maxSessionDuration: 7200 } })]),
  },
  // ---- S3 ----
  {
    group: 's3',
    name: 'S3: from AmazonS3ReadOnlyAccess to bucket-scoped',
    before: file([reports()]),
    after: file([reports({ s3: bucketScoped(['eks-automation']) })]),
  },
  {
    group: 's3',
    name: 'S3: from bucket-scoped back to AmazonS3ReadOnlyAccess',
    before: file([reports({ s3: bucketScoped(['eks-automation']) })]),
    after: file([reports()]),
  },
  {
    group: 's3',
    name: 'S3: add a bucket',
    before: file([reports({ s3: bucketScoped(['eks-automation']) })]),
    after: file([reports({ s3: bucketScoped(['eks-automation', 'eks-archive']) })]),
  },
  {
    group: 's3',
    name: 'S3: remove a bucket',
    before: file([reports({ s3: bucketScoped(['eks-automation', 'eks-archive']) })]),
    after: file([reports({ s3: bucketScoped(['eks-archive']) })]),
  },
  {
    group: 's3',
    name: 'S3: add a prefix',
    before: file([reports({ s3: bucketScoped(['eks-automation']) })]),
    after: file([reports({ s3: bucketScoped(['eks-automation'], 'reports/') })]),
  },
  {
    group: 's3',
    name: 'S3: remove a prefix',
    before: file([reports({ s3: bucketScoped(['eks-automation'], 'reports/') })]),
    after: file([reports({ s3: bucketScoped(['eks-automation']) })]),
  },
  // ---- Policies ----
  {
    group: 'policies',
    name: 'add statements',
    before: file([reports()]),
    after: file([reports({ statements: [STATEMENT_SQS, STATEMENT_SNS] })]),
  },
  {
    group: 'policies',
    name: 'remove a statement',
    before: file([reports({ statements: [STATEMENT_SQS, STATEMENT_SNS] })]),
    after: file([reports({ statements: [STATEMENT_SQS] })]),
  },
  {
    group: 'policies',
    name: 'remove every statement (the inline policy goes)',
    before: file([reports({ statements: [STATEMENT_SQS] })]),
    after: file([reports()]),
  },
  {
    group: 'policies',
    name: 'add a managed policy ARN',
    before: file([reports()]),
    after: file([reports({ managedPolicyArns: [SQS_READ, SNS_READ] })]),
  },
  {
    group: 'policies',
    name: 'remove a managed policy ARN',
    before: file([reports({ managedPolicyArns: [SQS_READ, SNS_READ] })]),
    after: file([reports({ managedPolicyArns: [SNS_READ] })]),
  },
  // ---- Permissions boundary ----
  {
    group: 'boundary',
    name: 'add a permissions boundary',
    before: file([reports()]),
    after: file([reports({ role: { permissionsBoundary: POWER_USER } })]),
  },
  {
    group: 'boundary',
    name: 'change a permissions boundary',
    before: file([reports({ role: { permissionsBoundary: POWER_USER } })]),
    after: file([reports({ role: { permissionsBoundary: READ_ONLY } })]),
  },
  {
    group: 'boundary',
    name: 'remove a permissions boundary',
    before: file([reports({ role: { permissionsBoundary: POWER_USER } })]),
    after: file([reports()]),
  },
  // ---- Associations ----
  {
    group: 'associations',
    name: 'move a service account to another identity',
    before: file([
      reports({ associations: [sa('reports', 'reader'), sa('web', 'frontend')] }),
      { name: 'orders', associations: [sa('orders', 'api')] },
    ]),
    after: file([
      reports(),
      { name: 'orders', associations: [sa('orders', 'api'), sa('web', 'frontend')] },
    ]),
  },
  {
    group: 'associations',
    name: 'add an association',
    before: file([reports()]),
    after: file([reports({ associations: [sa('reports', 'reader'), sa('reports', 'writer')] })]),
  },
  {
    group: 'associations',
    name: 'remove an association',
    before: file([reports({ associations: [sa('reports', 'reader'), sa('reports', 'writer')] })]),
    after: file([reports()]),
  },
  {
    group: 'associations',
    name: 'add a namespace',
    before: file([reports()]),
    after: file([reports({ associations: [sa('reports', 'reader'), sa('billing', 'reader')] })]),
  },
  {
    group: 'associations',
    name: 'remove a namespace',
    before: file([reports({ associations: [sa('reports', 'reader'), sa('billing', 'reader')] })]),
    after: file([reports()]),
  },
  {
    group: 'associations',
    name: 'move a service account to another namespace (another service account, to EKS)',
    before: file([reports()]),
    after: file([reports({ associations: [sa('billing', 'reader')] })]),
  },
  {
    group: 'associations',
    name: 'add a cluster',
    clusters: ['blue', 'green'],
    before: file([reports({ associations: [sa('reports', 'reader', { cluster: 'blue' })] })], {
      clusters: [{ name: 'blue' }],
    }),
    after: file(
      [
        reports({
          associations: [
            sa('reports', 'reader', { cluster: 'blue' }),
            sa('reports', 'reader', { cluster: 'green' }),
          ],
        }),
      ],
      { clusters: [{ name: 'blue' }, { name: 'green' }] },
    ),
  },
  {
    group: 'associations',
    name: 'retire a cluster',
    clusters: ['blue', 'green'],
    before: file(
      [
        reports({
          associations: [
            sa('reports', 'reader', { cluster: 'blue' }),
            sa('reports', 'reader', { cluster: 'green' }),
          ],
        }),
      ],
      { clusters: [{ name: 'blue' }, { name: 'green' }] },
    ),
    after: file([reports({ associations: [sa('reports', 'reader', { cluster: 'green' })] })], {
      clusters: [{ name: 'green' }],
    }),
  },
  // ---- Presets ----
  {
    group: 'presets',
    name: "narrow a preset's parameters (external-dns: every zone to one)",
    before: file([reports(), externalDns()]),
    after: file([reports(), externalDns([ZONE_A])]),
  },
  {
    group: 'presets',
    name: "widen a preset's parameters (external-dns: one zone to two)",
    before: file([reports(), externalDns([ZONE_A])]),
    after: file([reports(), externalDns([ZONE_A, ZONE_B])]),
  },
  // ---- Add-ons ----
  {
    group: 'add-ons',
    name: 'add an add-on with a role of its own (aws-ebs-csi-driver)',
    before: withAddons([]),
    after: withAddons([{ name: 'aws-ebs-csi-driver', version: 'v1.26.0-eksbuild.1' }]),
  },
  {
    group: 'add-ons',
    name: 'upgrade an add-on (aws-ebs-csi-driver v1.26 to v1.31)',
    before: withAddons([{ name: 'aws-ebs-csi-driver', version: 'v1.26.0-eksbuild.1' }]),
    after: withAddons([{ name: 'aws-ebs-csi-driver', version: 'v1.31.0-eksbuild.1' }]),
  },
  {
    group: 'add-ons',
    name: 'remove an add-on',
    before: withAddons([{ name: 'aws-ebs-csi-driver', version: 'v1.26.0-eksbuild.1' }]),
    after: withAddons([]),
  },
  {
    group: 'add-ons',
    name: "switch an add-on's service account from its own role to a new identity's",
    before: withAddons([{ name: 'aws-ebs-csi-driver', version: 'v1.31.0-eksbuild.1' }]),
    after: withAddons(
      [
        {
          name: 'aws-ebs-csi-driver',
          version: 'v1.31.0-eksbuild.1',
          serviceAccounts: { 'ebs-csi-controller-sa': 'storage' },
        },
      ],
      [reports(), { name: 'storage', preset: { name: 'ebs-csi' } }],
    ),
  },
  // ---- Tags ----
  {
    group: 'tags',
    name: "change tags (a role's, an association's, the default tags)",
    before: file([reports({ role: { tags: { owner: 'a' } } })], { defaultTags: { team: 'x' } }),
    after: file(
      [
        reports({
          role: { tags: { owner: 'b' } },
          associations: [sa('reports', 'reader', { tags: { tier: 'gold' } })],
        }),
      ],
      { defaultTags: { team: 'y' } },
    ),
  },
];

describeWithTerraform('day two: each change deployed against moto and the EKS double', () => {
  let aws: LocalAws | undefined;
  const results: ChangeResult[] = [];

  beforeAll(async () => {
    requireTerraformAndMirror();
    aws = await startLocalAws({ allThroughDouble: true });
  });

  afterAll(async () => {
    await aws?.stop();
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, change) => {
    const local = setUp(aws, 'the local AWS did not start');
    const dir = join(process.env.TMPDIR ?? '/tmp', `day-two-${CASES.indexOf(change)}`);
    const result = await runChange(local, dir, change);
    results.push(result);
    rmSync(dir, { recursive: true, force: true });

    expect({
      apply: result.apply.code,
      replan: result.replanExitCode === 0 ? 0 : result.replan,
      leftovers: result.leftovers,
      missing: result.missing,
      gaps: result.gaps.map(
        (g) =>
          `${g.serviceAccount.namespace}/${g.serviceAccount.serviceAccount}: ${g.lengthMs} ms, ${g.cause}`,
      ),
    }).toEqual({ apply: 0, replan: 0, leftovers: [], missing: [], gaps: [] });
  });
});
