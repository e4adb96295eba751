import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DescribePodIdentityAssociationCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ACCOUNT_ID_STAND_IN, policyLength } from '../../core/iam';
import { s3ReadStatements } from '../../policy/s3-access';
import { trustStatements } from '../../policy/trust-policy';
import { PROJECT_DIR } from '../support/cdktf-cli';
import { EXAMPLES_DIR } from '../support/examples';
import {
  Credentials,
  Inventory,
  LocalAws,
  managedPolicyDocument,
  minifiedLength,
  canonical,
  MOTO_ACCOUNT,
  parsePolicyDocument,
  PodSession,
  S3Probe,
  startLocalAws,
} from '../support/local-aws';
import { CommandResult } from '../support/run-command';
import {
  describeWithTerraform,
  initialized,
  inTurn,
  readable,
  requireTerraformAndMirror,
  StackDeployment,
  synthesized,
} from '../support/stack-deployment';
import { MIRROR_VARIABLE } from '../support/terraform';
import { setUp } from '../support/before-all';

/**
 * The deploy, proven without an AWS account: the tutorial's defaults and
 * three example configs go through `cdktf deploy <aws stack> --auto-approve`
 * with the real hashicorp/aws provider (from the filesystem mirror), against
 * moto and the test-only EKS Pod Identity endpoint. Then the suite reads back
 * what was created, plans again, acts as the pod with the role's credentials,
 * and destroys.
 *
 * The four deployments run side by side against one moto, so the tests go by
 * phase (deploy, read back, plan, access, destroy) rather than by example:
 * moto's auth switch is global, and the access phase needs it on while
 * nothing else talks to moto.
 */

jest.setTimeout(170_000);

interface Example {
  readonly label: string;
  /** Under examples/; undefined for the defaults (the tutorial). */
  readonly file?: string;
  readonly region: string;
  readonly roleName: string;
  /** `cluster/namespace/serviceAccount` of every association, as EKS should hold them. */
  readonly associations: readonly string[];
}

const EXAMPLES: readonly Example[] = [
  {
    label: 'the defaults (tutorial)',
    region: 'us-east-1',
    roleName: 'eks-pod-identity-example',
    associations: ['example/example/exampleserviceaccount'],
  },
  {
    label: 'one-role-two-clusters.json',
    file: 'one-role-two-clusters.json',
    region: 'eu-west-1',
    roleName: 'eks-pod-identity-shared-reader',
    associations: [
      'blue/example/exampleserviceaccount',
      'green/batch/archiver',
      'green/example/exampleserviceaccount',
    ],
  },
  {
    label: 'bucket-scoped-read.json',
    file: 'bucket-scoped-read.json',
    region: 'us-east-1',
    roleName: 'eks-pod-identity-reports',
    associations: ['example/reports/reports-reader'],
  },
  {
    label: 'abac-namespace-prefixes.json',
    file: 'abac-namespace-prefixes.json',
    region: 'us-east-1',
    roleName: 'eks-pod-identity-tenants',
    associations: ['example/team-a/app', 'example/team-b/app'],
  },
];
const [TUTORIAL, TWO_CLUSTERS, BUCKET_SCOPED, ABAC] = EXAMPLES;

/** What the account holds before the tutorial: buckets and their objects. */
const BUCKETS = {
  'eks-automation': {
    'hello.txt': 'hello from eks-automation',
    'reports/2024-q1.csv': 'quarter,total\nq1,100\n',
    'private/payroll.csv': 'name,salary\n',
  },
  'eks-automation-archive': { '2023/archive.txt': 'archived' },
  'tenant-data': {
    'team-a/data.txt': 'team a data',
    'team-b/data.txt': 'team b data',
    'readme.txt': 'shared root',
  },
  // No configuration names it: every pod must be refused it (except with AmazonS3ReadOnlyAccess).
  'someone-elses-bucket': { 'secret.txt': 'not yours' },
} as const;

const POD_IDENTITY_TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
};

const NAMESPACE_VARIABLE = '${aws:PrincipalTag/kubernetes-namespace}';

describeWithTerraform(
  'cdktf deploy of the AWS stack against moto and the EKS Pod Identity double',
  () => {
    let aws: LocalAws | undefined;
    let baseline: Inventory | undefined;
    const deployments = new Map<Example, StackDeployment>();
    const deploys = new Map<Example, Promise<CommandResult>>();
    const plans = new Map<Example, Promise<CommandResult>>();
    /** Every command started, so that afterAll waits for them before removing their folders. */
    const started: Promise<unknown>[] = [];

    const local = (): LocalAws => setUp(aws, 'the local AWS did not start');
    const deployment = (example: Example): StackDeployment =>
      setUp(deployments.get(example), `${example.label} was never set up`);
    const roleArn = (example: Example) => `arn:aws:iam::${MOTO_ACCOUNT}:role/${example.roleName}`;

    beforeAll(async () => {
      await requireTerraformAndMirror();
      aws = await startLocalAws();
      await aws.createClusters('us-east-1', ['example']);
      await aws.createClusters('eu-west-1', ['blue', 'green']);
      for (const [bucket, objects] of Object.entries(BUCKETS)) {
        await aws.createBucket(bucket, objects);
      }
      baseline = await aws.inventory(['us-east-1', 'eu-west-1']);
      for (const example of EXAMPLES) {
        const file = example.file === undefined ? undefined : join(EXAMPLES_DIR, example.file);
        deployments.set(example, new StackDeployment(example.label, file, aws));
      }
      const results = inTurn([...deployments.values()], (d) => d.deploy(), initialized);
      EXAMPLES.forEach((example, index) => {
        deploys.set(example, results[index]);
        // The second plan starts as soon as its own deploy is done.
        plans.set(
          example,
          results[index].then(() => deployment(example).plan()),
        );
      });
      started.push(...deploys.values(), ...plans.values());
    }, 60_000);

    afterAll(async () => {
      try {
        await Promise.allSettled(started);
      } finally {
        for (const d of deployments.values()) d.remove();
        await aws?.stop();
      }
    }, 170_000);

    describe('cdktf deploy <aws stack> --auto-approve, through the provider mirror', () => {
      test.each(EXAMPLES)(
        '$label: deploys, keeping its state in the temporary folder, not the project',
        async (example) => {
          const result = await deploys.get(example);
          expectSuccess(result);
          const d = deployment(example);
          expect(existsSync(d.statePath)).toBe(true);
          expect(d.state().resources.length).toBeGreaterThan(0);
          expect(readdirSync(PROJECT_DIR).filter((f) => f.includes('.tfstate'))).toEqual([]);
        },
      );

      // A plugin cache shared between deploys, or with other jobs on the machine,
      // is reinstalled by every fresh init and so races (scripts/repro/plugin-cache-race.sh).
      test('each deploy linked its provider straight from the mirror, through no shared plugin cache', async () => {
        const mirror = resolve(String(process.env[MIRROR_VARIABLE]), 'registry.terraform.io');
        for (const example of EXAMPLES) {
          expectSuccess(await deploys.get(example));
          const providers = join(deployment(example).stackDir, '.terraform', 'providers');
          const aws = join(providers, 'registry.terraform.io', 'hashicorp', 'aws');
          const installed = readdirSync(aws).flatMap((version) =>
            readdirSync(join(aws, version)).map((platform) => join(version, platform)),
          );
          expect(installed).toHaveLength(1);
          expect(readlinkSync(join(aws, installed[0]))).toBe(
            join(mirror, 'hashicorp', 'aws', installed[0]),
          );
        }
      });
    });

    describe('what the deploy created, read back with the AWS SDK', () => {
      test.each(EXAMPLES)(
        '$label: the role trusts pods.eks.amazonaws.com with sts:AssumeRole and sts:TagSession, nothing more',
        async (example) => {
          const { Role } = await local().iam.send(
            new GetRoleCommand({ RoleName: example.roleName }),
          );
          expect(Role?.Arn).toBe(roleArn(example));
          expect(canonical(parsePolicyDocument(Role?.AssumeRolePolicyDocument))).toEqual(
            canonical(POD_IDENTITY_TRUST),
          );
        },
      );

      test.each(EXAMPLES)(
        "$label: the project's size computation (policyLength) matches the applied policies' minified length",
        async (example) => {
          const { iam } = local();
          const identity = deployment(example).config.identities[0];
          const context = {
            partition: 'aws' as const,
            region: example.region,
            accountId: ACCOUNT_ID_STAND_IN,
          };
          const { Role } = await iam.send(new GetRoleCommand({ RoleName: example.roleName }));
          expect(policyLength(trustStatements(identity, context))).toBe(
            minifiedLength(Role?.AssumeRolePolicyDocument),
          );
          const s3Read = s3ReadStatements(identity, context);
          if (s3Read.length > 0) {
            const document = await managedPolicyDocument(iam, s3ReadPolicyArn(example));
            expect(policyLength(s3Read)).toBe(minifiedLength(document));
          }
        },
      );

      test.each(EXAMPLES)(
        '$label: each association maps its cluster, namespace and service account to the role',
        async (example) => {
          const eks = local().eks(example.region);
          const outputs = deployment(example).state().outputs.pod_identity_associations
            .value as Record<string, { id: string }>;
          const found: Record<string, string> = {};
          for (const key of example.associations) {
            const [clusterName, namespace, serviceAccount] = key.split('/');
            const { associations = [] } = await eks.send(
              new ListPodIdentityAssociationsCommand({ clusterName, namespace, serviceAccount }),
            );
            expect(associations).toHaveLength(1);
            const { association } = await eks.send(
              new DescribePodIdentityAssociationCommand({
                clusterName,
                associationId: associations[0].associationId,
              }),
            );
            expect(association).toMatchObject({ clusterName, namespace, serviceAccount });
            found[key] = association?.roleArn ?? '';
            // The stack's output names the association EKS holds.
            expect(outputs[key]?.id).toBe(association?.associationId);
          }
          expect(found).toEqual(
            Object.fromEntries(example.associations.map((key) => [key, roleArn(example)])),
          );
          expect(Object.keys(outputs).sort()).toEqual([...example.associations].sort());
        },
      );

      test('the defaults: AmazonS3ReadOnlyAccess is attached, and no other policy', async () => {
        expect(await permissionPolicies(TUTORIAL)).toEqual({
          attached: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
          inline: [],
        });
      });

      test('one-role-two-clusters: a customer managed policy reads both buckets, whole; the default tags are on the role', async () => {
        expect(await permissionPolicies(TWO_CLUSTERS)).toEqual({
          attached: [s3ReadPolicyArn(TWO_CLUSTERS)],
          inline: [],
        });
        expect(await s3ReadDocument(TWO_CLUSTERS)).toEqual(
          canonical({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ListBuckets',
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: ['arn:aws:s3:::eks-automation', 'arn:aws:s3:::eks-automation-archive'],
              },
              {
                Sid: 'ReadObjects',
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: [
                  'arn:aws:s3:::eks-automation/*',
                  'arn:aws:s3:::eks-automation-archive/*',
                ],
              },
            ],
          }),
        );
        const { Tags = [] } = await local().iam.send(
          new ListRoleTagsCommand({ RoleName: TWO_CLUSTERS.roleName }),
        );
        expect(Object.fromEntries(Tags.map((t) => [t.Key, t.Value]))).toEqual({
          purpose: 'cross-cluster',
          team: 'platform',
          'managed-by': 'cdktf',
        });
      });

      test('bucket-scoped-read: the customer managed policy lists eks-automation under reports/ and reads only there', async () => {
        expect(await permissionPolicies(BUCKET_SCOPED)).toEqual({
          attached: [s3ReadPolicyArn(BUCKET_SCOPED)],
          inline: [],
        });
        expect(await s3ReadDocument(BUCKET_SCOPED)).toEqual(
          canonical({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ListBuckets',
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: 'arn:aws:s3:::eks-automation',
                Condition: { StringLike: { 's3:prefix': 'reports/*' } },
              },
              {
                Sid: 'ReadObjects',
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::eks-automation/reports/*',
              },
            ],
          }),
        );
      });

      test("abac-namespace-prefixes: IAM holds ${aws:PrincipalTag/kubernetes-namespace}, Terraform's &{...} escape undone", async () => {
        expect(await permissionPolicies(ABAC)).toEqual({
          attached: [s3ReadPolicyArn(ABAC)],
          inline: [],
        });
        const raw = decodeURIComponent(
          await managedPolicyDocument(local().iam, s3ReadPolicyArn(ABAC)),
        );
        expect(raw).toContain(NAMESPACE_VARIABLE);
        expect(raw).not.toContain('&{');
        expect(await s3ReadDocument(ABAC)).toEqual(
          canonical({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ListBuckets',
                Effect: 'Allow',
                Action: 's3:ListBucket',
                Resource: 'arn:aws:s3:::tenant-data',
                Condition: { StringLike: { 's3:prefix': `${NAMESPACE_VARIABLE}/*` } },
              },
              {
                Sid: 'ReadObjects',
                Effect: 'Allow',
                Action: 's3:GetObject',
                Resource: `arn:aws:s3:::tenant-data/${NAMESPACE_VARIABLE}/*`,
              },
              {
                Sid: 'DecryptObjects',
                Effect: 'Allow',
                Action: 'kms:Decrypt',
                Resource:
                  'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
                Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
              },
            ],
          }),
        );
      });
    });

    describe('a second plan right after the deploy', () => {
      test.each(EXAMPLES)(
        '$label: terraform plan -detailed-exitcode reports no changes (exit 0)',
        async (example) => {
          const result = await plans.get(example);
          expectSuccess(result);
          expect(result?.stdout).toContain('No changes.');
        },
      );
    });

    describe("the pod's access with the role's credentials, moto enforcing IAM", () => {
      const sessions = new Map<Example | 'team-a', S3Probe>();
      const SIMULATED_ROLE = 'abac-simulated-team-a';
      let simulatedRoleCreated = false;

      const probe = (key: Example | 'team-a'): S3Probe => setUp(sessions.get(key), 'no session');
      const podOf = (example: Example): PodSession => {
        const [cluster, namespace, serviceAccount] = example.associations[0].split('/');
        return { region: example.region, cluster, namespace, serviceAccount };
      };

      beforeAll(async () => {
        const aws = local();
        // Nothing else may talk to moto once it enforces auth.
        await Promise.allSettled(started);
        // Assumed while moto does not check auth: its trust check fails on service principals.
        for (const example of EXAMPLES) {
          const credentials = await aws.assumeRoleAsPod(roleArn(example), podOf(example));
          sessions.set(example, new S3Probe(aws.s3(credentials)));
        }
        sessions.set('team-a', new S3Probe(aws.s3(await simulatedTeamASession(aws))));
        await aws.enforceAuth();
      }, 60_000);

      /**
       * moto does not substitute policy variables. To see what IAM would allow a
       * team-a pod, a role gets the applied document with the variable replaced
       * by `team-a`, as IAM does for a session tagged kubernetes-namespace=team-a.
       */
      async function simulatedTeamASession(aws: LocalAws): Promise<Credentials> {
        const document = decodeURIComponent(
          await managedPolicyDocument(aws.iam, s3ReadPolicyArn(ABAC)),
        );
        await aws.iam.send(
          new CreateRoleCommand({
            RoleName: SIMULATED_ROLE,
            AssumeRolePolicyDocument: JSON.stringify(POD_IDENTITY_TRUST),
          }),
        );
        simulatedRoleCreated = true;
        await aws.iam.send(
          new PutRolePolicyCommand({
            RoleName: SIMULATED_ROLE,
            PolicyName: 'substituted',
            PolicyDocument: document.split(NAMESPACE_VARIABLE).join('team-a'),
          }),
        );
        return aws.assumeRoleAsPod(`arn:aws:iam::${MOTO_ACCOUNT}:role/${SIMULATED_ROLE}`, {
          ...podOf(ABAC),
          namespace: 'team-a',
        });
      }

      afterAll(async () => {
        // Whatever failed above, moto must answer the dummy keys again for destroy.
        await aws?.relaxAuth();
        if (simulatedRoleCreated) {
          const iam = local().iam;
          await iam.send(
            new DeleteRolePolicyCommand({ RoleName: SIMULATED_ROLE, PolicyName: 'substituted' }),
          );
          await iam.send(new DeleteRoleCommand({ RoleName: SIMULATED_ROLE }));
        }
      }, 30_000);

      test('moto enforces auth now: the dummy keys are refused', async () => {
        await expect(new S3Probe(local().s3()).list('eks-automation')).resolves.toBe(
          'InvalidAccessKeyId',
        );
      });

      test('the defaults (AmazonS3ReadOnlyAccess): lists and reads eks-automation, as every bucket; cannot write or delete', async () => {
        const s3 = probe(TUTORIAL);
        expect({
          list: await s3.list('eks-automation'),
          read: await s3.read(
            'eks-automation',
            'hello.txt',
            BUCKETS['eks-automation']['hello.txt'],
          ),
          readOtherBucket: await s3.read(
            'someone-elses-bucket',
            'secret.txt',
            BUCKETS['someone-elses-bucket']['secret.txt'],
          ),
          write: await s3.write('eks-automation', 'pod-was-here.txt'),
          delete: await s3.delete('eks-automation', 'hello.txt'),
        }).toEqual({
          list: 'allowed',
          read: 'allowed',
          readOtherBucket: 'allowed',
          write: 'AccessDenied',
          delete: 'AccessDenied',
        });
      });

      test('one-role-two-clusters: lists and reads both named buckets; another bucket, writes and deletes are denied', async () => {
        const s3 = probe(TWO_CLUSTERS);
        expect({
          list: await s3.list('eks-automation'),
          listArchive: await s3.list('eks-automation-archive'),
          read: await s3.read(
            'eks-automation',
            'hello.txt',
            BUCKETS['eks-automation']['hello.txt'],
          ),
          readArchive: await s3.read(
            'eks-automation-archive',
            '2023/archive.txt',
            BUCKETS['eks-automation-archive']['2023/archive.txt'],
          ),
          listOtherBucket: await s3.list('someone-elses-bucket'),
          readOtherBucket: await s3.read('someone-elses-bucket', 'secret.txt', ''),
          write: await s3.write('eks-automation', 'pod-was-here.txt'),
          delete: await s3.delete('eks-automation-archive', '2023/archive.txt'),
        }).toEqual({
          list: 'allowed',
          listArchive: 'allowed',
          read: 'allowed',
          readArchive: 'allowed',
          listOtherBucket: 'AccessDenied',
          readOtherBucket: 'AccessDenied',
          write: 'AccessDenied',
          delete: 'AccessDenied',
        });
      });

      test('bucket-scoped-read: reads under reports/ only; outside the prefix, another bucket, writes and deletes are denied', async () => {
        const s3 = probe(BUCKET_SCOPED);
        const objects = BUCKETS['eks-automation'];
        expect({
          listReports: await s3.list('eks-automation', 'reports'),
          readInPrefix: await s3.read(
            'eks-automation',
            'reports/2024-q1.csv',
            objects['reports/2024-q1.csv'],
          ),
          readOutsidePrefix: await s3.read('eks-automation', 'private/payroll.csv', ''),
          readAtRoot: await s3.read('eks-automation', 'hello.txt', ''),
          listOtherBucket: await s3.list('eks-automation-archive'),
          readOtherBucket: await s3.read('eks-automation-archive', '2023/archive.txt', ''),
          write: await s3.write('eks-automation', 'reports/pod-was-here.csv'),
          delete: await s3.delete('eks-automation', 'reports/2024-q1.csv'),
        }).toEqual({
          listReports: 'allowed',
          readInPrefix: 'allowed',
          readOutsidePrefix: 'AccessDenied',
          readAtRoot: 'AccessDenied',
          listOtherBucket: 'AccessDenied',
          readOtherBucket: 'AccessDenied',
          write: 'AccessDenied',
          delete: 'AccessDenied',
        });
        // Not evaluated by moto: conditions such as s3:prefix (it lets any listing of the
        // bucket through). What AWS would check is the applied condition, asserted in
        // "bucket-scoped-read: the customer managed policy lists eks-automation under reports/".
      });

      test('abac-namespace-prefixes: lists tenant-data only; another bucket, writes and deletes are denied', async () => {
        const s3 = probe(ABAC);
        expect({
          list: await s3.list('tenant-data', 'team-a'),
          listOtherBucket: await s3.list('eks-automation'),
          readOtherBucket: await s3.read('eks-automation', 'hello.txt', ''),
          write: await s3.write('tenant-data', 'team-a/pod-was-here.txt'),
          delete: await s3.delete('tenant-data', 'team-a/data.txt'),
        }).toEqual({
          list: 'allowed',
          listOtherBucket: 'AccessDenied',
          readOtherBucket: 'AccessDenied',
          write: 'AccessDenied',
          delete: 'AccessDenied',
        });
        // Not evaluated by moto: ${aws:PrincipalTag/kubernetes-namespace}, which it does not
        // substitute (so the pod's own session reads nothing there), and the s3:prefix condition.
        // Their structure is asserted in "abac-namespace-prefixes: IAM holds ...", and the
        // next test evaluates the document with the variable substituted.
      });

      test('abac-namespace-prefixes, variable substituted as IAM does for a team-a session (moto cannot): reads team-a/ only', async () => {
        const s3 = probe('team-a');
        const objects = BUCKETS['tenant-data'];
        expect({
          readOwnNamespace: await s3.read(
            'tenant-data',
            'team-a/data.txt',
            objects['team-a/data.txt'],
          ),
          readOtherNamespace: await s3.read('tenant-data', 'team-b/data.txt', ''),
          readAtRoot: await s3.read('tenant-data', 'readme.txt', ''),
          write: await s3.write('tenant-data', 'team-a/pod-was-here.txt'),
        }).toEqual({
          readOwnNamespace: 'allowed',
          readOtherNamespace: 'AccessDenied',
          readAtRoot: 'AccessDenied',
          write: 'AccessDenied',
        });
      });

      test('switching enforcement off again lets the dummy keys through (for destroy)', async () => {
        await local().relaxAuth();
        await expect(new S3Probe(local().s3()).list('eks-automation')).resolves.toBe('allowed');
      });
    });

    describe('cdktf destroy <aws stack> --auto-approve', () => {
      let destroys: Map<Example, Promise<CommandResult>> | undefined;
      const destroyOf = (example: Example) => {
        if (destroys === undefined) {
          const results = inTurn([...deployments.values()], (d) => d.destroy(), synthesized);
          destroys = new Map(EXAMPLES.map((e, index) => [e, results[index]]));
          started.push(...results);
        }
        return destroys.get(example);
      };

      test.each(EXAMPLES)('$label: destroys everything in its state', async (example) => {
        expectSuccess(await destroyOf(example));
        expect(deployment(example).state().resources).toEqual([]);
      });

      test('no role, policy, attachment or association is left: the account is as before the deploys', async () => {
        const aws = local();
        await Promise.allSettled(destroys?.values() ?? []);
        expect(await aws.inventory(['us-east-1', 'eu-west-1'])).toEqual(baseline);
        expect(aws.double.associations()).toEqual([]);
        for (const example of EXAMPLES) {
          // Attachments are gone with the role: IAM refuses to delete a role that has any.
          await expect(
            aws.iam.send(new GetRoleCommand({ RoleName: example.roleName })),
          ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
        }
      });
    });

    /** The role's attached policy ARNs and inline policy names. */
    async function permissionPolicies(example: Example) {
      const { iam } = local();
      const { AttachedPolicies = [] } = await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: example.roleName }),
      );
      const { PolicyNames = [] } = await iam.send(
        new ListRolePoliciesCommand({ RoleName: example.roleName }),
      );
      return { attached: AttachedPolicies.map((p) => p.PolicyArn).sort(), inline: PolicyNames };
    }

    async function s3ReadDocument(example: Example): Promise<unknown> {
      return canonical(
        parsePolicyDocument(await managedPolicyDocument(local().iam, s3ReadPolicyArn(example))),
      );
    }
  },
);

/** The bucket-scoped policy of a role named `<role>` is `<role>-s3-read`. */
function s3ReadPolicyArn(example: Example): string {
  return `arn:aws:iam::${MOTO_ACCOUNT}:policy/${example.roleName}-s3-read`;
}

/** Fails with the command's output, which says why, rather than with a bare exit code. */
function expectSuccess(result: CommandResult | undefined): void {
  const run = setUp(result, 'the command never started');
  if (run.code !== 0) {
    throw new Error(
      `exit ${run.code}${run.timedOut ? ' (timed out)' : ''}:\n${readable(run).slice(-4000)}`,
    );
  }
}
