/**
 * `npm run import-irsa -- --region <region> --cluster <name> [--cluster <name> ...]
 * [--environment <label>] [--output <file>]`: a configuration generated from
 * the account, adopting each IRSA role of the clusters with `migrateFromIrsa`.
 *
 * It reads with the caller's credentials (the SDK's default chain; endpoints
 * from `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` when set) and
 * changes nothing: DescribeCluster, ListOpenIDConnectProviders,
 * GetOpenIDConnectProvider, ListRoles, GetRole, GetCallerIdentity. The
 * translation is `migrate/irsa-config.ts`; the report goes to stderr, the
 * file to `--output` (or stdout). Exit 0 when written, 1 when refused, 2 on
 * bad arguments.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  paginateListRoles,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ClusterFacts, IrsaAccount, RoleFacts } from '../migrate/account';
import { migrateFromIrsa, Migration, reportLines } from '../migrate/irsa-config';
import { namesProvider } from '../migrate/irsa-trust';

const SCHEMA = join(__dirname, '..', 'pod-identity.schema.json');

const USAGE =
  'usage: npm run import-irsa -- --region <region> --cluster <name> [--cluster <name> ...] [--environment <label>] [--output <file>]';

export interface ImportIrsaArguments {
  readonly region: string;
  readonly clusters: readonly string[];
  readonly environment: string | undefined;
  /** Where the file goes; undefined for stdout. */
  readonly output: string | undefined;
}

/** A command line that cannot be run: said with the usage. */
export class UsageError extends Error {}

export function parseArguments(argv: readonly string[]): ImportIrsaArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        region: { type: 'string' },
        cluster: { type: 'string', multiple: true },
        environment: { type: 'string' },
        output: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.region === undefined) throw new UsageError('--region is required');
  if (values.cluster === undefined)
    throw new UsageError('--cluster is required (once per cluster)');
  return {
    region: values.region,
    clusters: [...new Set(values.cluster)],
    environment: values.environment,
    output: values.output,
  };
}

export interface AwsClients {
  readonly eks: EKSClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
}

/** What the account holds for the translation: the clusters' providers and the roles naming them. */
export async function readAccount(
  clients: AwsClients,
  args: ImportIrsaArguments,
  schema: string,
): Promise<IrsaAccount & { readonly accountId: string }> {
  const { Account: accountId = '' } = await clients.sts.send(new GetCallerIdentityCommand({}));
  const { OpenIDConnectProviderList: listed = [] } = await clients.iam.send(
    new ListOpenIDConnectProvidersCommand({}),
  );
  const clusters: ClusterFacts[] = [];
  for (const name of args.clusters) {
    const { cluster } = await clients.eks.send(new DescribeClusterCommand({ name }));
    const issuer = cluster?.identity?.oidc?.issuer;
    clusters.push({
      name,
      issuer,
      oidcProviderArn:
        issuer === undefined ? undefined : await providerOf(clients.iam, issuer, listed),
    });
  }
  const providers = clusters.flatMap((c) => c.oidcProviderArn ?? []);
  const roles: RoleFacts[] = [];
  for await (const page of paginateListRoles({ client: clients.iam }, {})) {
    for (const listedRole of page.Roles ?? []) {
      const trust = listedRole.AssumeRolePolicyDocument ?? '';
      if (!namesProvider(trust, providers)) continue;
      const { Role: role } = await clients.iam.send(
        new GetRoleCommand({ RoleName: listedRole.RoleName }),
      );
      if (role?.RoleName === undefined) continue;
      roles.push({
        name: role.RoleName,
        path: role.Path ?? '/',
        description: role.Description,
        maxSessionDuration: role.MaxSessionDuration ?? 3600,
        permissionsBoundary: role.PermissionsBoundary?.PermissionsBoundaryArn,
        tags: Object.fromEntries((role.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
        trustPolicy: role.AssumeRolePolicyDocument ?? trust,
      });
    }
  }
  return {
    accountId,
    region: args.region,
    environment: args.environment,
    schema,
    clusters,
    roles,
  };
}

/**
 * The IAM OIDC provider whose URL is the issuer: its ARN ends with the
 * issuer's host and path, and GetOpenIDConnectProvider confirms the URL
 * (returned without its scheme).
 */
async function providerOf(
  iam: IAMClient,
  issuer: string,
  listed: readonly { Arn?: string }[],
): Promise<string | undefined> {
  const hostAndPath = withoutScheme(issuer);
  for (const { Arn: arn } of listed) {
    if (arn === undefined || !arn.endsWith(`:oidc-provider/${hostAndPath}`)) continue;
    const { Url } = await iam.send(
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }),
    );
    if (Url !== undefined && withoutScheme(Url) === hostAndPath) return arn;
  }
  return undefined;
}

function withoutScheme(url: string): string {
  return url.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

/** The `$schema` the file names: the project's schema, relative to where the file is written. */
export function schemaFor(output: string | undefined, cwd: string): string {
  const from = output === undefined ? cwd : dirname(resolve(cwd, output));
  const path = relative(from, SCHEMA).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** Everything a run says on stderr: the account read, the report, and what was written or why not. */
export function summary(
  args: ImportIrsaArguments,
  accountId: string,
  migration: Migration,
): string[] {
  const head = `import-irsa: account ${accountId}, region ${args.region}, clusters ${args.clusters.join(', ')}`;
  const lines = [head, ...reportLines(migration.report)];
  if (migration.text === undefined) {
    return [...lines, ...migration.problems.map((problem) => `not written: ${problem}`)];
  }
  const target = args.output ?? 'stdout';
  return [
    ...lines,
    `written to ${target}: review its plan before deploying (an import and in-place updates per role, the associations added, nothing replaced)`,
  ];
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ImportIrsaArguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`import-irsa: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  // The SDK's default credential chain, and its endpoints (AWS_ENDPOINT_URL[_<SERVICE>]).
  const clients = {
    eks: new EKSClient({ region: args.region }),
    iam: new IAMClient({ region: args.region }),
    sts: new STSClient({ region: args.region }),
  };
  try {
    const account = await readAccount(clients, args, schemaFor(args.output, process.cwd()));
    const migration = migrateFromIrsa(account);
    if (migration.text !== undefined) {
      if (args.output === undefined) process.stdout.write(migration.text);
      else writeFileSync(args.output, migration.text);
    }
    process.stderr.write(`${summary(args, account.accountId, migration).join('\n')}\n`);
    return migration.text === undefined ? 1 : 0;
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`import-irsa: ${message}\n`);
    return 1;
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
