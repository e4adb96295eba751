import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeClusterCommand } from '@aws-sdk/client-eks';
import {
  AttachRolePolicyCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  Role,
} from '@aws-sdk/client-iam';
import { PROJECT_DIR, temporaryDir } from '../support/cdktf-cli';
import { setUp } from '../support/before-all';
import {
  canonical,
  LocalAws,
  MOTO_ACCOUNT,
  parsePolicyDocument,
  startLocalAws,
} from '../support/local-aws';
import { CommandResult, runCommand } from '../support/run-command';
import {
  describeWithTerraform,
  readable,
  requireTerraformAndMirror,
  StackDeployment,
} from '../support/stack-deployment';

/**
 * From IRSA to Pod Identity against moto and the EKS double, as a team would
 * do it: an account with IRSA roles (a cluster's OIDC provider, roles trusted
 * by it for some service accounts, with managed and inline policies), then
 * `npm run import-irsa`, then `cdktf deploy` of what it wrote, the finishing
 * change, and the destroys. One moto, one deployment, each step after the
 * one before: the tests run in order and each builds on the last.
 */

jest.setTimeout(170_000);

const REGION = 'us-east-1';
const CLUSTER = 'legacy';
const TSX = join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
const POD_IDENTITY = {
  Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
  Effect: 'Allow',
  Principal: { Service: 'pods.eks.amazonaws.com' },
  Action: ['sts:AssumeRole', 'sts:TagSession'],
};
const ADOPTED = ['irsa-web', 'irsa-worker'] as const;
/** A role of the platform team, used as it is (role.arn): it trusts Pod Identity already. */
const EXISTING = 'shared-reader';

/** What IAM says of a role: the role, its attachments, its inline policies with their documents. */
interface RoleRecord {
  readonly role: Omit<Role, 'RoleLastUsed'>;
  readonly trust: { Version: string; Statement: { Sid?: string }[] };
  readonly attached: unknown;
  readonly inline: Record<string, unknown>;
}

describeWithTerraform(
  'from IRSA to Pod Identity: generated, deployed, finished and released',
  () => {
    let aws: LocalAws | undefined;
    let dir: string | undefined;
    let deployment: StackDeployment | undefined;
    let provider = '';
    let issuer = '';
    /** Each adopted role and the existing one, as IAM had them before anything ran. */
    const before = new Map<string, RoleRecord>();
    /** The existing role's answers, raw, byte for byte. */
    let existingBefore = '';
    /** The adopted roles after the first deploy. */
    const migrating = new Map<string, RoleRecord>();
    const started: Promise<unknown>[] = [];

    const local = (): LocalAws => setUp(aws, 'the local AWS did not start');
    const deployed = (): StackDeployment => setUp(deployment, 'the configuration was not deployed');
    const configFile = () => join(setUp(dir, 'no temporary folder'), 'irsa.json');
    const run = <T>(promise: Promise<T>): Promise<T> => {
      started.push(promise);
      return promise;
    };

    beforeAll(async () => {
      await requireTerraformAndMirror();
      aws = await startLocalAws();
      dir = temporaryDir('irsa-migration');
      await aws.createClusters(REGION, [CLUSTER]);
      ({ provider, issuer } = await irsaWorld(aws));
      for (const name of [...ADOPTED, EXISTING]) before.set(name, await roleRecord(aws.iam, name));
      existingBefore = await rawRole(aws.iam, EXISTING);
    }, 60_000);

    afterAll(async () => {
      try {
        await Promise.allSettled(started);
      } finally {
        deployment?.remove();
        if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
        await aws?.stop();
      }
    }, 170_000);

    /** `npm run import-irsa` with the suite's credentials and endpoints (moto, the double). */
    function importIrsa(output: string): Promise<CommandResult> {
      const scratch = setUp(dir, 'no temporary folder');
      return run(
        runCommand(
          TSX,
          [
            'scripts/import-irsa.ts',
            '--region',
            REGION,
            '--cluster',
            CLUSTER,
            '--environment',
            'irsa',
            '--output',
            output,
          ],
          {
            cwd: PROJECT_DIR,
            env: local().awsEnvironment(process.env, REGION, scratch),
            timeoutMs: 60_000,
          },
        ),
      );
    }

    test('the generator translates the two IRSA roles and refuses the wildcard one and the one EC2 trusts too; twice the same bytes', async () => {
      const first = join(setUp(dir, 'no temporary folder'), 'generated.json');
      const second = join(setUp(dir, 'no temporary folder'), 'generated-again.json');
      const runs = [await importIrsa(first), await importIrsa(second)];

      for (const result of runs) expect(result.code).toBe(0);
      expect(reportOf(runs[0])).toEqual([
        `import-irsa: account ${MOTO_ACCOUNT}, region ${REGION}, clusters ${CLUSTER}`,
        'translated role irsa-web as identity irsa-web: legacy/web/api, legacy/web/frontend',
        'translated role irsa-worker as identity irsa-worker: legacy/jobs/worker',
        'refused role irsa-batch-wildcard: statement 1 matches :sub "system:serviceaccount:batch:*" with StringLike: the service accounts a wildcard admits cannot be listed as associations',
        `refused role irsa-ec2-too: statement 2 trusts Service "ec2.amazonaws.com", not only the clusters' OIDC providers: the adopted role's trust policy would lose it`,
        '2 roles translated, 2 refused, 0 clusters left out',
        `written to ${first}: review its plan before deploying (an import and in-place updates per role, the associations added, nothing replaced)`,
      ]);
      expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'));

      const generated = JSON.parse(readFileSync(first, 'utf8')) as GeneratedConfig;
      const { $schema: _schema, ...rest } = generated;
      expect(rest).toEqual({
        environment: 'irsa',
        region: REGION,
        clusters: [{ name: CLUSTER, oidcProviderArn: provider }],
        identities: [
          {
            name: 'irsa-web',
            role: {
              name: 'irsa-web',
              adopt: true,
              path: '/irsa/',
              description: 'Pods of the web namespace',
              maxSessionDuration: 7200,
              permissionsBoundary: `arn:aws:iam::${MOTO_ACCOUNT}:policy/irsa-boundary`,
              tags: { team: 'web' },
            },
            migrateFromIrsa: true,
            s3: { access: 'none' },
            associations: [
              { cluster: CLUSTER, namespace: 'web', serviceAccount: 'api', kubernetes: false },
              { cluster: CLUSTER, namespace: 'web', serviceAccount: 'frontend', kubernetes: false },
            ],
          },
          {
            name: 'irsa-worker',
            role: { name: 'irsa-worker', adopt: true, path: '/', maxSessionDuration: 3600 },
            migrateFromIrsa: true,
            s3: { access: 'none' },
            associations: [
              { cluster: CLUSTER, namespace: 'jobs', serviceAccount: 'worker', kubernetes: false },
            ],
          },
        ],
      });

      // The team adds the platform's existing role, used as it is, beside what was generated.
      generated.identities.push({
        name: 'shared',
        role: { arn: `arn:aws:iam::${MOTO_ACCOUNT}:role/platform/${EXISTING}` },
        associations: [
          { cluster: CLUSTER, namespace: 'batch', serviceAccount: 'archiver', kubernetes: false },
        ],
      });
      writeFileSync(configFile(), `${JSON.stringify(generated, null, 2)}\n`);
    });

    test('the first deploy imports the roles and changes them in place: same RoleId and CreateDate, attachments and inline policies intact, both trusts', async () => {
      deployment = new StackDeployment('irsa-migration', configFile(), local());
      const result = await run(deployed().deploy());

      expectSuccess(result);
      expect(readable(result)).toContain('2 to import, 4 to add, 2 to change, 0 to destroy');
      for (const name of ADOPTED) {
        const now = await roleRecord(local().iam, name);
        const then = setUp(before.get(name), `${name} was not recorded`);
        expect(sameRole(now)).toEqual(sameRole(then));
        expect(now.attached).toEqual(then.attached);
        expect(now.inline).toEqual(then.inline);
        migrating.set(name, now);
      }
      expect(canonical(migrating.get('irsa-web')?.trust)).toEqual(
        canonical({
          Version: '2012-10-17',
          Statement: [POD_IDENTITY, irsaStatement(provider, issuer, ['web:api', 'web:frontend'])],
        }),
      );
      expect(canonical(migrating.get('irsa-worker')?.trust)).toEqual(
        canonical({
          Version: '2012-10-17',
          Statement: [POD_IDENTITY, irsaStatement(provider, issuer, ['jobs:worker'])],
        }),
      );
    });

    test('the associations exist in EKS, each with its role; the existing role is left byte for byte as it was', async () => {
      const { associations } = await local().inventory([REGION]);
      expect(associations).toEqual([
        `${REGION}/${CLUSTER}/batch/archiver`,
        `${REGION}/${CLUSTER}/jobs/worker`,
        `${REGION}/${CLUSTER}/web/api`,
        `${REGION}/${CLUSTER}/web/frontend`,
      ]);
      expect(await rawRole(local().iam, EXISTING)).toBe(existingBefore);
    });

    test('a second plan has nothing to do', async () => {
      const plan = await run(deployed().plan());
      expect(`${plan.code} ${readable(plan)}`).toMatch(/^0 .*No changes\./);
    });

    test("the finishing change (migrateFromIrsa removed) removes IRSA's statements and nothing else", async () => {
      writeConfig(configFile(), (identity) => {
        delete identity.migrateFromIrsa;
      });
      const result = await run(deployed().deploy());

      expectSuccess(result);
      expect(readable(result)).toContain('0 to add, 2 to change, 0 to destroy');
      for (const name of ADOPTED) {
        const now = await roleRecord(local().iam, name);
        const during = setUp(migrating.get(name), `${name} was not deployed`);
        expect(now.trust).toEqual({
          ...during.trust,
          Statement: during.trust.Statement.filter((s) => !s.Sid?.startsWith('AllowIrsa')),
        });
        expect(canonical(now.trust)).toEqual(
          canonical({ Version: '2012-10-17', Statement: [POD_IDENTITY] }),
        );
        expect(sameRole(now)).toEqual(sameRole(during));
        expect(now.attached).toEqual(during.attached);
        expect(now.inline).toEqual(during.inline);
      }
    });

    test('destroy stops at the protected roles with "Instance cannot be destroyed" and changes nothing', async () => {
      const inventory = await local().inventory([REGION]);
      const roles = await Promise.all(ADOPTED.map((name) => roleRecord(local().iam, name)));
      const result = await run(deployed().destroy());

      expect(result.code).not.toBe(0);
      expect(readable(result)).toContain(
        'Terraform planned the following actions, but then encountered a problem',
      );
      // Terraform's reason, in full from a plan of the destroy (cdktf may drop the end of its output).
      const reason = await run(deployed().planDestroy());
      expect(reason.code).not.toBe(0);
      expect(readable(reason)).toContain('Error: Instance cannot be destroyed');
      expect(readable(reason)).toContain(
        'has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed',
      );
      expect(await local().inventory([REGION])).toEqual(inventory);
      expect(await Promise.all(ADOPTED.map((name) => roleRecord(local().iam, name)))).toEqual(
        roles,
      );
    });

    test('released (release: true), the roles leave the state; then destroy removes the associations and keeps the roles with their policies', async () => {
      writeConfig(configFile(), (identity) => {
        if (identity.role.adopt === true) identity.role.release = true;
      });
      const released = await run(deployed().deploy());
      expectSuccess(released);
      // Looked up by name now (a data source), no longer managed.
      const { resources } = deployed().state();
      expect(
        resources.filter((r) => r.type === 'aws_iam_role').map((r) => `${r.mode} ${r.type}`),
      ).toEqual(['data aws_iam_role', 'data aws_iam_role']);

      const roles = await Promise.all(ADOPTED.map((name) => roleRecord(local().iam, name)));
      const destroyed = await run(deployed().destroy());

      expectSuccess(destroyed);
      expect((await local().inventory([REGION])).associations).toEqual([]);
      for (const [index, name] of ADOPTED.entries()) {
        const now = await roleRecord(local().iam, name);
        const then = setUp(before.get(name), `${name} was not recorded`);
        expect(now).toEqual(roles[index]);
        expect(sameRole(now)).toEqual(sameRole(then));
        expect(now.attached).toEqual(then.attached);
        expect(now.inline).toEqual(then.inline);
      }
      expect(await rawRole(local().iam, EXISTING)).toBe(existingBefore);
    });
  },
);

interface GeneratedIdentity {
  name: string;
  role: { adopt?: boolean; release?: boolean; arn?: string } & Record<string, unknown>;
  migrateFromIrsa?: boolean;
  associations: unknown[];
}

interface GeneratedConfig {
  $schema: string;
  identities: GeneratedIdentity[];
}

/** Rewrites the configuration file, each identity changed by `change`. */
function writeConfig(file: string, change: (identity: GeneratedIdentity) => void): void {
  const config = JSON.parse(readFileSync(file, 'utf8')) as GeneratedConfig;
  config.identities.forEach(change);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * The account before the migration: the cluster's OIDC provider, two IRSA
 * roles with managed and inline policies, one whose trust has a wildcard,
 * one that EC2 trusts too, and the platform's role that Pod Identity can
 * use already.
 */
async function irsaWorld(aws: LocalAws): Promise<{ provider: string; issuer: string }> {
  const { cluster } = await aws.eks(REGION).send(new DescribeClusterCommand({ name: CLUSTER }));
  const url = cluster?.identity?.oidc?.issuer ?? '';
  const { OpenIDConnectProviderArn: provider = '' } = await aws.iam.send(
    new CreateOpenIDConnectProviderCommand({
      Url: url,
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
    }),
  );
  const issuer = url.replace(/^https:\/\//, '');
  const policy = async (name: string) => {
    const { Policy } = await aws.iam.send(
      new CreatePolicyCommand({
        PolicyName: name,
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        }),
      }),
    );
    return Policy?.Arn ?? '';
  };
  const boundary = await policy('irsa-boundary');
  const webRead = await policy('web-s3-read');
  const trust = (...statements: object[]) =>
    JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const web = (sub: string | string[], operator = 'StringEquals') => ({
    Effect: 'Allow',
    Principal: { Federated: provider },
    Action: 'sts:AssumeRoleWithWebIdentity',
    // As AWS documents it: StringLike only for a wildcard in sub.
    Condition:
      operator === 'StringEquals'
        ? { StringEquals: { [`${issuer}:sub`]: sub, [`${issuer}:aud`]: 'sts.amazonaws.com' } }
        : {
            StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' },
            [operator]: { [`${issuer}:sub`]: sub },
          },
  });
  const sa = (name: string) => `system:serviceaccount:${name}`;
  const role = async (
    name: string,
    assumeRolePolicy: string,
    extra: { path?: string; inline?: string; attach?: string[] } & Record<string, unknown> = {},
  ) => {
    const { path, inline, attach = [], ...options } = extra;
    await aws.iam.send(
      new CreateRoleCommand({
        RoleName: name,
        Path: path,
        AssumeRolePolicyDocument: assumeRolePolicy,
        ...options,
      }),
    );
    for (const policyArn of attach) {
      await aws.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
    }
    if (inline !== undefined) {
      await aws.iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: inline,
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }],
          }),
        }),
      );
    }
  };

  await role('irsa-web', trust(web([sa('web:api'), sa('web:frontend')])), {
    path: '/irsa/',
    Description: 'Pods of the web namespace',
    MaxSessionDuration: 7200,
    PermissionsBoundary: boundary,
    Tags: [{ Key: 'team', Value: 'web' }],
    attach: [webRead],
    inline: 'send-orders',
  });
  await role('irsa-worker', trust(web(sa('jobs:worker'))), {
    attach: ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess', webRead],
    inline: 'send-results',
  });
  await role('irsa-batch-wildcard', trust(web(sa('batch:*'), 'StringLike')));
  await role(
    'irsa-ec2-too',
    trust(web(sa('ops:agent')), {
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }),
  );
  await role(EXISTING, trust(POD_IDENTITY), {
    path: '/platform/',
    attach: [webRead],
    inline: 'read-config',
  });
  return { provider, issuer };
}

function irsaStatement(provider: string, issuer: string, accounts: string[]) {
  const subjects = accounts.map((account) => `system:serviceaccount:${account}`);
  return {
    Sid: 'AllowIrsaWebIdentity1',
    Effect: 'Allow',
    Principal: { Federated: provider },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        [`${issuer}:aud`]: 'sts.amazonaws.com',
        [`${issuer}:sub`]: subjects.length === 1 ? subjects[0] : subjects,
      },
    },
  };
}

async function roleRecord(iam: IAMClient, name: string): Promise<RoleRecord> {
  const { Role: role } = await iam.send(new GetRoleCommand({ RoleName: name }));
  if (role === undefined) throw new Error(`IAM has no role ${name}`);
  const { RoleLastUsed: _lastUsed, ...rest } = role;
  const { AttachedPolicies = [] } = await iam.send(
    new ListAttachedRolePoliciesCommand({ RoleName: name }),
  );
  const { PolicyNames = [] } = await iam.send(new ListRolePoliciesCommand({ RoleName: name }));
  const inline: Record<string, unknown> = {};
  for (const policyName of PolicyNames) {
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }),
    );
    inline[policyName] = parsePolicyDocument(PolicyDocument);
  }
  return {
    role: rest,
    trust: parsePolicyDocument(role.AssumeRolePolicyDocument) as RoleRecord['trust'],
    attached: [...AttachedPolicies].sort((a, b) =>
      (a.PolicyArn ?? '').localeCompare(b.PolicyArn ?? ''),
    ),
    inline,
  };
}

/** The role as it was created, not its trust: the same role, not a new one, and nothing reset. */
function sameRole(record: RoleRecord) {
  const { AssumeRolePolicyDocument: _trust, ...role } = record.role;
  return role;
}

/** GetRole, ListAttachedRolePolicies and ListRolePolicies as IAM answers them, without request IDs. */
async function rawRole(iam: IAMClient, name: string): Promise<string> {
  const answers = await Promise.all([
    iam.send(new GetRoleCommand({ RoleName: name })),
    iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name })),
    iam.send(new ListRolePoliciesCommand({ RoleName: name })),
  ]);
  return JSON.stringify(answers.map(({ $metadata: _metadata, ...answer }) => answer));
}

/** The generator's report on stderr, without Node's or the SDK's warnings. */
function reportOf(result: CommandResult): string[] {
  return result.stderr
    .split('\n')
    .filter((line) =>
      /^(import-irsa:|translated |refused |left out |note: |\d+ roles? translated|written to )/.test(
        line,
      ),
    );
}

function expectSuccess(result: CommandResult): void {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${readable(result)}`);
}
