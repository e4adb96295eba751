import { join } from 'node:path';
import {
  CreateClusterCommand,
  EKSClient,
  ListClustersCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListPoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CONFIG_VARIABLES } from '../../read/load-config';
import { FaultOptions } from './eks-double/faults';
import { EksPodIdentityDouble, startEksPodIdentityDouble } from './eks-double/routing';
import { MotoServer, startMoto } from './moto-server';

/**
 * A local AWS for the integration suite: moto, with the test-only EKS Pod
 * Identity endpoint in front of it, SDK clients for both, and what a user's
 * account would already hold before the tutorial (clusters, buckets).
 *
 * Start it in `beforeAll` and stop it in a guarded `afterAll`:
 *
 * ```ts
 * let aws: LocalAws | undefined;
 * beforeAll(async () => {
 *   aws = await startLocalAws();
 * });
 * afterAll(async () => {
 *   await aws?.stop();
 * });
 * ```
 */

/** moto's dummy keys: the only credentials the suite uses (moto answers for account 123456789012). */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
export const MOTO_ACCOUNT = '123456789012';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What a request came to: allowed, refused for want of permission, or another error (by name). */
export type Outcome = 'allowed' | 'AccessDenied' | string;

export interface LocalAwsOptions {
  /**
   * Every AWS request through the EKS double, not only EKS's: the provider's
   * `AWS_ENDPOINT_URL` and the SDK clients here point at the double, which
   * passes what is not EKS's to moto unchanged and so sees IAM's role
   * changes (for its credential timeline and IAM propagation faults).
   * @default false - only EKS through the double, the rest straight to moto
   */
  readonly allThroughDouble?: boolean;
  /** The double's faults to start with. @default - none */
  readonly faults?: FaultOptions;
}

export interface LocalAws {
  readonly moto: MotoServer;
  readonly double: EksPodIdentityDouble;
  /** Where the provider and the SDK clients here send what is not EKS's: moto, or the double. */
  readonly awsEndpoint: string;
  /** IAM in moto (through the double with `allThroughDouble`), with the dummy keys. */
  readonly iam: IAMClient;
  /** EKS of `region` through the double (Pod Identity there, the rest passed to moto). */
  eks(region: string): EKSClient;
  /** S3 in moto, path-style, with the dummy keys or the given ones (e.g. an assumed role's). */
  s3(credentials?: Credentials): S3Client;
  /**
   * The variables the AWS provider reads: the dummy keys, the region, and the
   * endpoints of moto and the double. Everything else named `AWS_*` in `base`
   * (a profile, real keys) and the project's configuration variables are
   * removed, so no real account and no developer setting can leak in.
   */
  awsEnvironment(base: NodeJS.ProcessEnv, region: string, scratchDir: string): NodeJS.ProcessEnv;
  /**
   * Existing EKS clusters, as the tutorial assumes (moto needs a cluster role
   * and a VPC config), of Kubernetes `version` (moto's own default, 1.19,
   * without one: too old for any add-on of the double's catalogue).
   */
  createClusters(region: string, names: readonly string[], version?: string): Promise<void>;
  /** An existing bucket holding `objects` (key → text). */
  createBucket(name: string, objects: Readonly<Record<string, string>>): Promise<void>;
  /**
   * Assumes `roleArn` as EKS Pod Identity does for a pod, with its session tags.
   * Call it while moto does not enforce auth: moto's trust policy check fails
   * on service principals (a TypeError in `_check_principal`), so it cannot
   * stand in for the Pod Identity agent's own assume anyway.
   */
  assumeRoleAsPod(roleArn: string, pod: PodSession): Promise<Credentials>;
  /** From the next request on, moto checks signatures and IAM policies (the dummy keys stop working). */
  enforceAuth(): Promise<void>;
  /** moto stops checking again: the dummy keys work for everything (checked by a request). */
  relaxAuth(): Promise<void>;
  /** IAM roles and local policies and every Pod Identity association, by name, sorted. */
  inventory(regions: readonly string[]): Promise<Inventory>;
  /**
   * moto and the double as new (no roles, clusters, buckets, associations,
   * add-ons, recording; the double's faults as started), so that one file
   * can run many independent cases against one moto. Not while requests are
   * under way.
   */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface PodSession {
  readonly region: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

export interface Inventory {
  readonly roles: readonly string[];
  readonly localPolicies: readonly string[];
  /** `region/cluster/namespace/serviceAccount → role ARN`, as EKS lists and describes them. */
  readonly associations: readonly string[];
}

/** Enough requests that moto never starts enforcing auth again (its counter is a float). */
const NEVER = Number.MAX_SAFE_INTEGER;

export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const moto = await startMoto();
  let double: EksPodIdentityDouble;
  try {
    double = await startEksPodIdentityDouble({
      motoEndpoint: moto.endpoint,
      faults: options.faults,
    });
  } catch (error) {
    await moto.stop();
    throw error;
  }
  const awsEndpoint = options.allThroughDouble === true ? double.endpoint : moto.endpoint;
  const clientConfig = (region: string, credentials: Credentials = MOTO_CREDENTIALS) => ({
    region,
    credentials,
    // A refusal must come back as it was sent, not after retries.
    maxAttempts: 1,
  });
  const iam = new IAMClient({ ...clientConfig('us-east-1'), endpoint: awsEndpoint });
  const sts = new STSClient({ ...clientConfig('us-east-1'), endpoint: awsEndpoint });
  const clients: { destroy(): void }[] = [iam, sts];
  const eksClients = new Map<string, EKSClient>();
  const eks = (region: string): EKSClient => {
    let client = eksClients.get(region);
    if (client === undefined) {
      client = new EKSClient({ ...clientConfig(region), endpoint: double.endpoint });
      eksClients.set(region, client);
      clients.push(client);
    }
    return client;
  };
  const s3 = (credentials: Credentials = MOTO_CREDENTIALS): S3Client => {
    const client = new S3Client({
      ...clientConfig('us-east-1', credentials),
      endpoint: awsEndpoint,
      forcePathStyle: true,
    });
    clients.push(client);
    return client;
  };
  const adminS3 = s3();

  let clusterRoleArn: string | undefined;
  const clusterRole = async (): Promise<string> => {
    if (clusterRoleArn !== undefined) return clusterRoleArn;
    const { Role } = await iam.send(
      new CreateRoleCommand({
        RoleName: 'eks-cluster-role',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'eks.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    clusterRoleArn = Role?.Arn ?? '';
    return clusterRoleArn;
  };

  let stopping: Promise<void> | undefined;
  return {
    moto,
    double,
    awsEndpoint,
    iam,
    eks,
    s3,

    awsEnvironment(base, region, scratchDir) {
      const skipped = new Set<string>(CONFIG_VARIABLES);
      const kept = Object.entries(base).filter(
        ([name]) => !name.startsWith('AWS_') && !skipped.has(name),
      );
      return {
        ...Object.fromEntries(kept),
        AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        AWS_REGION: region,
        AWS_ENDPOINT_URL: awsEndpoint,
        AWS_ENDPOINT_URL_EKS: double.endpoint,
        // No shared config or credentials file of the machine's, no instance metadata.
        AWS_CONFIG_FILE: join(scratchDir, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(scratchDir, 'no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      };
    },

    async createClusters(region, names, version) {
      const roleArn = await clusterRole();
      for (const name of names) {
        await eks(region).send(
          new CreateClusterCommand({
            name,
            roleArn,
            resourcesVpcConfig: { subnetIds: [] },
            ...(version !== undefined && { version }),
          }),
        );
      }
      const { clusters } = await eks(region).send(new ListClustersCommand({}));
      const missing = names.filter((name) => !clusters?.includes(name));
      if (missing.length > 0) throw new Error(`moto did not create clusters ${missing.join(', ')}`);
    },

    async createBucket(name, objects) {
      await adminS3.send(new CreateBucketCommand({ Bucket: name }));
      for (const [key, body] of Object.entries(objects)) {
        await adminS3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: body }));
      }
    },

    async assumeRoleAsPod(roleArn, pod) {
      const clusterArn = `arn:aws:eks:${pod.region}:${MOTO_ACCOUNT}:cluster/${pod.cluster}`;
      // The session tags EKS Pod Identity sets (moto stores them but evaluates none).
      const tags = {
        'eks-cluster-arn': clusterArn,
        'eks-cluster-name': pod.cluster,
        'kubernetes-namespace': pod.namespace,
        'kubernetes-service-account': pod.serviceAccount,
        'kubernetes-pod-name': `${pod.serviceAccount}-7d4b9c8f6-x2x9q`,
        'kubernetes-pod-uid': '0f6bd5e4-2f5c-4b4e-9d53-7f3b8a1c2e10',
      };
      const { Credentials: assumed } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: `eks-${pod.cluster}-${pod.serviceAccount}`.slice(0, 64),
          Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
        }),
      );
      if (assumed?.AccessKeyId === undefined || assumed.SecretAccessKey === undefined) {
        throw new Error(`moto returned no credentials for ${roleArn}`);
      }
      return {
        accessKeyId: assumed.AccessKeyId,
        secretAccessKey: assumed.SecretAccessKey,
        ...(assumed.SessionToken !== undefined && { sessionToken: assumed.SessionToken }),
      };
    },

    enforceAuth: () => moto.resetAuth(0),

    async relaxAuth() {
      await moto.resetAuth(NEVER);
      // Proof that it took: this request fails while moto still enforces auth.
      await iam.send(new ListRolesCommand({}));
    },

    async inventory(regions) {
      const roles = await listAll(async (Marker) => {
        const page = await iam.send(new ListRolesCommand({ Marker }));
        return { items: page.Roles?.map((r) => r.RoleName ?? '') ?? [], next: page.Marker };
      });
      const localPolicies = await listAll(async (Marker) => {
        const page = await iam.send(new ListPoliciesCommand({ Scope: 'Local', Marker }));
        return { items: page.Policies?.map((p) => p.PolicyName ?? '') ?? [], next: page.Marker };
      });
      const associations: string[] = [];
      for (const region of regions) {
        const { clusters = [] } = await eks(region).send(new ListClustersCommand({}));
        for (const cluster of clusters) {
          const found = await listAll(async (nextToken) => {
            const page = await eks(region).send(
              new ListPodIdentityAssociationsCommand({ clusterName: cluster, nextToken }),
            );
            return {
              items: (page.associations ?? []).map(
                (a) => `${region}/${a.clusterName}/${a.namespace}/${a.serviceAccount}`,
              ),
              next: page.nextToken,
            };
          });
          associations.push(...found);
        }
      }
      return {
        roles: roles.sort(),
        localPolicies: localPolicies.sort(),
        associations: associations.sort(),
      };
    },

    async reset() {
      await moto.reset();
      double.reset();
      // moto's reset took the cluster role with it.
      clusterRoleArn = undefined;
    },

    // Safe to call twice; stops moto even when the double fails to stop.
    stop: () =>
      (stopping ??= (async () => {
        for (const client of clients) client.destroy();
        try {
          await double.stop();
        } finally {
          await moto.stop();
        }
      })()),
  };
}

async function listAll(
  page: (token: string | undefined) => Promise<{ items: string[]; next?: string }>,
): Promise<string[]> {
  const items: string[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const result = await page(token);
    items.push(...result.items);
    token = result.next;
    if (token === undefined) return items;
  }
  throw new Error('more than 100 pages: a pagination token that never ends');
}

/** An IAM policy document as IAM returns it (URL-encoded JSON), parsed. */
/**
 * A policy with its lists of strings sorted: IAM keeps them in any order, and
 * Terraform's aws_iam_policy_document writes its sets (actions, resources,
 * values) in an order of its own.
 */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.every((item) => typeof item === 'string') ? [...items].sort() : items;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

export function parsePolicyDocument(document: string | undefined): unknown {
  if (document === undefined) throw new Error('IAM returned no policy document');
  return JSON.parse(decodeURIComponent(document)) as unknown;
}

/** The characters IAM counts: the document minified. */
export function minifiedLength(document: string | undefined): number {
  return JSON.stringify(parsePolicyDocument(document)).length;
}

/** The default version's document of a managed policy, as IAM stores it (URL-encoded). */
export async function managedPolicyDocument(iam: IAMClient, policyArn: string): Promise<string> {
  const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }));
  const { PolicyVersion } = await iam.send(
    new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: Policy?.DefaultVersionId }),
  );
  if (PolicyVersion?.Document === undefined) throw new Error(`${policyArn} has no document`);
  return PolicyVersion.Document;
}

/** What S3 lets these credentials do; any error other than AccessDenied is reported by name. */
export class S3Probe {
  constructor(private readonly s3: S3Client) {}

  /** `prefix` without "/": moto's S3 signature check fails on an encoded "/" in the query. */
  list(bucket: string, prefix?: string): Promise<Outcome> {
    return outcome(this.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix })));
  }

  /** Allowed only if the object's content also came back. */
  read(bucket: string, key: string, expected: string): Promise<Outcome> {
    return outcome(
      this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then(async (answer) => {
        const body = await answer.Body?.transformToString();
        if (body !== expected) throw new Error(`read ${JSON.stringify(body)} from ${key}`);
      }),
    );
  }

  write(bucket: string, key: string): Promise<Outcome> {
    return outcome(
      this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'written by a pod' })),
    );
  }

  delete(bucket: string, key: string): Promise<Outcome> {
    return outcome(this.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
  }
}

async function outcome(request: Promise<unknown>): Promise<Outcome> {
  try {
    await request;
    return 'allowed';
  } catch (error) {
    if (error instanceof S3ServiceException) return error.name;
    return `${error}`;
  }
}
