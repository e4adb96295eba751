import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setUp } from '../support/before-all';
import { JsonMap } from '../support/config-files';
import {
  accountKey,
  ChangeCase,
  ChangeResult,
  runChange,
  serviceAccountsOf,
} from '../support/day-two';
import { checkPermissionChanges } from '../support/permission-probes';
import { recordDayTwo } from '../support/day-two-summary';
import { Finding, ServiceAccountReview } from '../../review/workload-changes';
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

/** Every change the matrix deploys. */
interface MatrixCase extends ChangeCase {
  readonly group: string;
  /**
   * The change cannot be applied as it is, and says so before it changes
   * anything: the error the apply stops with.
   * @default - the apply succeeds
   */
  readonly stops?: RegExp;
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
    // The new identity's role is created before the old one is deleted, under the same name.
    group: 'roles',
    name: 'rename an identity that keeps its role name (stops before changing anything: IAM holds one role of a name)',
    before: file([reports({ role: { name: 'reports-role' } })]),
    after: file([reports({ name: 'invoices', role: { name: 'reports-role' } })]),
    stops: /EntityAlreadyExists: Role with name reports-role already exists/,
  },
  {
    group: 'roles',
    name: "change a role's name (and so its customer managed policy's name)",
    before: file([reports({ role: { name: 'reports-a' }, s3: bucketScoped(['eks-automation']) })]),
    after: file([reports({ role: { name: 'reports-b' }, s3: bucketScoped(['eks-automation']) })]),
  },
  {
    // IAM holds one role of a name: the replacement cannot exist beside the
    // old one, and the stacks create replacements first.
    group: 'roles',
    name: "change a role's path alone (stops before changing anything: IAM holds one role of a name)",
    before: file([reports()]),
    after: file([reports({ role: { path: '/pods/' } })]),
    stops: /EntityAlreadyExists: Role with name eks-pod-identity-reports already exists/,
  },
  {
    group: 'roles',
    name: "change a role's path with its name",
    before: file([reports()]),
    after: file([reports({ role: { name: 'reports-pods', path: '/pods/' } })]),
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
    rmSync(dir, { recursive: true, force: true });
    const predictions = await predictionMismatches(result);
    recordDayTwo({
      kind: 'change',
      name: change.name,
      firstTime: change.stops === undefined ? result.apply.code === 0 : undefined,
      stopped: change.stops !== undefined && result.apply.code !== 0,
      gaps: result.gaps.map((g) => g.lengthMs),
      leftovers: result.leftovers.length + result.addonMismatches.length,
      applySeconds: result.applySeconds,
      probes: predictions.probes,
    });

    if (change.stops !== undefined) {
      // Stopped at the create of the replacement: nothing destroyed, nothing switched.
      expect(result.apply.code).toBe(1);
      expect(result.apply.stderr + result.apply.stdout).toMatch(change.stops);
      expect(result.gaps).toEqual([]);
      expect(result.replanExitCode).toBe(2);
      expect(predictions.mismatches).toEqual([]);
      return;
    }
    expect({
      apply: result.apply.code === 0 ? 0 : result.apply.stderr,
      replan: result.replanExitCode === 0 ? 0 : result.replan,
      leftovers: result.leftovers,
      missing: result.missing,
      roles: result.roleMismatches,
      addons: result.addonMismatches,
      gaps: result.gaps.map(
        (g) =>
          `${g.serviceAccount.namespace}/${g.serviceAccount.serviceAccount}: ${g.lengthMs} ms, ${g.cause}`,
      ),
      predictions: predictions.mismatches,
    }).toEqual({
      apply: 0,
      replan: 0,
      leftovers: [],
      missing: [],
      roles: [],
      addons: [],
      gaps: [],
      predictions: [],
    });
  });
});

/** The review's findings that say a service account goes without credentials (not permissions). */
const CREDENTIAL_GAP =
  /names a deleted role|loses its credentials|re-created|the association names/;

/**
 * Where the review of the plan (with its graph) and what happened differ:
 * per service account, a credential gap predicted exactly where the timeline
 * measured one, no "possible" gap left (the graph says the order), a
 * predicted stop exactly where the apply stopped, each service account no
 * longer configured predicted to lose its credentials, and the permissions
 * predicted gained and lost equal to what the IAM evaluator sees change.
 */
async function predictionMismatches(
  result: ChangeResult,
): Promise<{ mismatches: string[]; probes: number }> {
  const mismatches: string[] = [];
  let probes = 0;
  const reviews = new Map<string, ServiceAccountReview>();
  for (const cluster of result.review.clusters) {
    for (const account of cluster.serviceAccounts)
      reviews.set(`${cluster.cluster}|${account.title}`, account);
  }
  const reviewOf = (model: ChangeResult['models']['after'], key: string) => {
    for (const identity of model.identities) {
      for (const a of identity.associations) {
        if (`${a.cluster}/${a.namespace}/${a.serviceAccount}` !== key) continue;
        const title =
          a.addon === undefined
            ? `${a.namespace}/${a.serviceAccount}`
            : `${a.serviceAccount} (add-on ${a.addon})`;
        return reviews.get(`${a.cluster}|${title}`);
      }
    }
    return undefined;
  };
  const findings = (review: ServiceAccountReview | undefined): readonly Finding[] =>
    review?.credentials ?? [];

  const stopped = result.apply.code !== 0;
  const predictedStop = result.review.clusters.some((c) =>
    c.serviceAccounts.some((a) => a.credentials.some((f) => f.text.startsWith('the apply stops'))),
  );
  if (stopped !== predictedStop) {
    mismatches.push(
      `the apply ${stopped ? 'stopped' : 'went through'}, the review predicted ${predictedStop ? 'a stop' : 'none'}`,
    );
  }

  const after = serviceAccountsOf(result.models.after).map(accountKey);
  const before = serviceAccountsOf(result.models.before).map(accountKey);
  for (const key of after) {
    const review = reviewOf(result.models.after, key);
    const measured = result.gaps.filter((g) => accountKey(g.serviceAccount) === key);
    const predicted = findings(review).filter(
      (f) => f.gap === 'yes' && CREDENTIAL_GAP.test(f.text),
    );
    if (measured.length > 0 !== predicted.length > 0) {
      mismatches.push(
        `${key}: measured ${measured.length > 0 ? `a gap of ${measured[0].lengthMs} ms` : 'no gap'}, ` +
          `the review predicted ${predicted.length > 0 ? predicted[0].text : 'none'}`,
      );
    }
    for (const possible of findings(review).filter((f) => f.gap === 'possible')) {
      mismatches.push(`${key}: the review could not tell: ${possible.text}`);
    }
  }
  for (const key of before.filter((k) => !after.includes(k))) {
    const review = reviewOf(result.models.before, key);
    if (!findings(review).some((f) => f.text.startsWith('loses its credentials'))) {
      mismatches.push(
        `${key}: no longer configured, and the review does not say it loses its credentials`,
      );
    }
  }

  // Permissions, where the service account is configured on both sides and the change went through.
  for (const key of stopped ? [] : after.filter((k) => before.includes(k))) {
    const review = reviewOf(result.models.after, key);
    if (review !== undefined && review.unknown.length > 0) continue;
    const roles = result.roles.get(key);
    const [cluster, namespace, serviceAccount] = key.split('/');
    const check = await checkPermissionChanges(
      roles?.before,
      roles?.after,
      { gained: review?.gained ?? [], lost: review?.lost ?? [] },
      { cluster, namespace, serviceAccount },
    );
    probes += check.probes;
    mismatches.push(...check.disagreements.map((d) => `${key}: ${d}`));
  }
  return { mismatches, probes };
}
