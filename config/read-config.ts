import { checkConfig, Paths } from './check-config';
import { ConfigError } from './config-error';
import {
  defaultRoleName,
  HARDENED_RESOURCES,
  IAM_QUOTAS,
  TUTORIAL,
  VERIFICATION_JOB,
} from './defaults';
import { JsonObject, Problems, show } from './json-reader';
import { partitionOf } from './partition';
import { parseQuantity } from './quantity';
import * as rules from './rules';
import {
  AssociationConfig,
  AwsPartition,
  BackendConfig,
  ClusterConfig,
  ContainerResourcesConfig,
  DeploymentConfig,
  IamLimits,
  IdentityConfig,
  KubernetesAuthConfig,
  KubernetesObjectsConfig,
  PodIdentityConfig,
  PolicyConditionConfig,
  PolicyStatementConfig,
  RoleConfig,
  S3AccessConfig,
  VerificationJobConfig,
} from './types';

/** What the configuration is made of: the JSON file and the environment's overrides. */
export interface ConfigInputs {
  /** Where the file came from, for messages (`defaults` without a file). */
  readonly source: string;
  /** The parsed JSON file; undefined without one. */
  readonly file?: unknown;
  /** `CLUSTER_NAME`: renames the only configured cluster. */
  readonly clusterName?: string;
  /** `AWS_REGION`: replaces the configured region. */
  readonly region?: string;
  /** `TF_CLOUD_*`: Terraform Cloud instead of local state. */
  readonly terraformCloud?: {
    readonly organization?: string;
    readonly hostname?: string;
    readonly project?: string;
  };
}

const ENV_CLUSTER = 'CLUSTER_NAME (environment)';
const ENV_REGION = 'AWS_REGION (environment)';
const TAG_LIMIT = { max: IAM_QUOTAS.tagsPerResource, what: 'tags' } as const;

/**
 * Checks the whole configuration and resolves every default. Throws a
 * `ConfigError` listing every problem; nothing is built from a configuration
 * that has one.
 */
export function readConfig(inputs: ConfigInputs): PodIdentityConfig {
  const problems = new Problems();
  const paths: Paths = new WeakMap();
  const top = readFile(inputs.file, problems);
  if (top === undefined) throw new ConfigError(inputs.source, problems.list);

  const environment = top.string('environment', rules.environmentLabel) ?? TUTORIAL.environment;
  const region = readRegion(top, inputs.region);
  const partition = partitionOf(region ?? TUTORIAL.region);
  const defaultTags =
    top.stringMap('defaultTags', rules.awsTagKey, rules.awsTagValue, TAG_LIMIT) ?? {};
  const iamLimits = readIamLimits(top.object('iamLimits'));
  const workspacePrefix = readWorkspacePrefix(top.object('terraformCloud'));

  const rawClusters = top.raw('clusters');
  const declared = top.arrayWithPaths(
    'clusters',
    (value, path) => readCluster(value, path, problems),
    {
      nonEmpty: "list at least one cluster, or leave clusters out for the tutorial's",
    },
  ) ?? [{ value: tutorialCluster(), path: 'clusters' }];
  const clusters = renameCluster(declared, inputs.clusterName, problems);
  clusters.forEach((cluster, index) => paths.set(cluster, `${declared[index].path}.name`));

  const context: IdentityContext = {
    problems,
    paths,
    partition,
    clusters,
    // Counted as written, so that a cluster refused for its name does not also
    // make every association look as if it needed a `cluster`.
    declaredClusters: Array.isArray(rawClusters) ? rawClusters.length : 1,
    ...(inputs.clusterName !== undefined &&
      declared.length === 1 && { renamed: declared[0].value.name }),
  };
  const identities = top.array('identities', (value, path) => readIdentity(value, path, context), {
    nonEmpty: "list at least one identity, or leave identities out for the tutorial's",
  }) ?? [tutorialIdentity(clusters[0]?.name ?? TUTORIAL.cluster, paths)];
  top.done();

  const backend = readBackend(inputs.terraformCloud, workspacePrefix, problems);
  checkConfig(
    { environment, region, clusters, identities, iamLimits, partition, defaultTags, backend },
    paths,
    problems,
  );

  if (problems.list.length > 0 || region === undefined) {
    throw new ConfigError(inputs.source, problems.list);
  }
  return {
    environment,
    region,
    partition,
    defaultTags,
    iamLimits,
    clusters,
    identities,
    backend,
  };
}

function readFile(file: unknown, problems: Problems): JsonObject | undefined {
  if (file === undefined) return JsonObject.from({}, '', problems);
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    problems.add(
      '(file)',
      file,
      `is ${file === null ? 'null' : Array.isArray(file) ? 'an array' : `a ${typeof file}`}, not an object: a configuration file holds one JSON object`,
    );
    return undefined;
  }
  return JsonObject.from(file, '', problems);
}

function readRegion(top: JsonObject, fromEnvironment: string | undefined): string | undefined {
  const fromFile = top.string('region', rules.awsRegion);
  if (fromEnvironment === undefined) {
    return fromFile ?? (top.has('region') ? undefined : TUTORIAL.region);
  }
  if (!rules.awsRegion.test(fromEnvironment)) {
    top.problems.add(ENV_REGION, fromEnvironment, `is not ${rules.awsRegion.description}`);
    return undefined;
  }
  return fromEnvironment;
}

function readIamLimits(object: JsonObject | undefined): IamLimits {
  const { managedPoliciesPerRole: managed, trustPolicyCharacters: trust } = IAM_QUOTAS;
  const why = (quota: { default: number; max: number }) =>
    ` (from AWS's default quota ${quota.default} to the most it can be raised to, ${quota.max})`;
  const limits: IamLimits = {
    managedPoliciesPerRole:
      object?.integer('managedPoliciesPerRole', managed.default, managed.max, why(managed)) ??
      managed.default,
    trustPolicyCharacters:
      object?.integer('trustPolicyCharacters', trust.default, trust.max, why(trust)) ??
      trust.default,
    managedPolicyCharacters: IAM_QUOTAS.managedPolicyCharacters,
    inlinePolicyCharacters: IAM_QUOTAS.inlinePolicyCharacters,
  };
  object?.done();
  return limits;
}

function readWorkspacePrefix(object: JsonObject | undefined): string {
  const prefix = object?.string('workspacePrefix', rules.tfcWorkspacePrefix) ?? '';
  object?.done();
  return prefix;
}

function tutorialCluster(): ClusterConfig {
  return { name: TUTORIAL.cluster, kubernetesAuth: { kind: 'ephemeral-token' } };
}

function readCluster(value: unknown, path: string, problems: Problems): ClusterConfig | undefined {
  const object = JsonObject.from(value, path, problems);
  if (object === undefined) return undefined;
  object.require('name');
  const name = object.string('name', rules.eksClusterName);
  const podIdentityAgent = readAgent(object);
  const kubernetesAuth = readKubernetesAuth(object.object('kubernetes'));
  object.done();
  if (name === undefined) return undefined;
  return { name, kubernetesAuth, ...(podIdentityAgent && { podIdentityAgent }) };
}

function readAgent(cluster: JsonObject): ClusterConfig['podIdentityAgent'] {
  const raw = cluster.raw('podIdentityAgent');
  if (raw === undefined || raw === false) return undefined;
  if (raw === true) return { resolveConflictsOnUpdate: 'OVERWRITE' };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    cluster.problems.add(
      cluster.field('podIdentityAgent'),
      raw,
      'is not a boolean or an object (true, false, or { "version", "resolveConflictsOnUpdate" })',
    );
    return undefined;
  }
  const object = JsonObject.from(raw, cluster.field('podIdentityAgent'), cluster.problems);
  if (object === undefined) return undefined;
  const version = object.string('version', {
    description: "an add-on version (such as 'v1.3.4-eksbuild.1')",
    test: (v) => /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(v),
  });
  const resolveConflictsOnUpdate =
    object.choice('resolveConflictsOnUpdate', ['OVERWRITE', 'PRESERVE', 'NONE'] as const) ??
    'OVERWRITE';
  object.done();
  return { resolveConflictsOnUpdate, ...(version !== undefined && { version }) };
}

function readKubernetesAuth(object: JsonObject | undefined): KubernetesAuthConfig {
  if (object === undefined) return { kind: 'ephemeral-token' };
  const kind =
    object.choice('auth', ['ephemeral-token', 'exec', 'kubeconfig'] as const) ?? 'ephemeral-token';
  const notEmpty = (instead: string): rules.Rule => ({
    description: `empty: leave it out for ${instead}`,
    test: (v) => v.length > 0,
  });
  const path = object.string('kubeconfigPath', notEmpty('~/.kube/config'));
  const context = object.string('kubeconfigContext', notEmpty("the kubeconfig's current context"));
  object.done();
  if (kind !== 'kubeconfig') {
    for (const key of ['kubeconfigPath', 'kubeconfigContext']) {
      if (object.has(key)) {
        object.problems.addField(object.field(key), `only applies when auth is "kubeconfig"`);
      }
    }
    return { kind };
  }
  return {
    kind,
    path: path ?? '~/.kube/config',
    ...(context !== undefined && { context }),
  };
}

/** Applies `CLUSTER_NAME`, which only makes sense when one cluster is configured. */
function renameCluster(
  declared: readonly { readonly value: ClusterConfig }[],
  clusterName: string | undefined,
  problems: Problems,
): ClusterConfig[] {
  const clusters = declared.map((entry) => entry.value);
  if (clusterName === undefined) return clusters;
  if (!rules.eksClusterName.test(clusterName)) {
    problems.add(ENV_CLUSTER, clusterName, `is not ${rules.eksClusterName.description}`);
    return clusters;
  }
  if (clusters.length > 1) {
    problems.add(
      ENV_CLUSTER,
      clusterName,
      `cannot rename the cluster: the configuration names ${clusters.length} clusters (${clusters
        .map((c) => c.name)
        .join(', ')}); unset CLUSTER_NAME or configure one cluster`,
    );
    return clusters;
  }
  return clusters.map((cluster) => ({ ...cluster, name: clusterName }));
}

interface IdentityContext {
  readonly problems: Problems;
  readonly paths: Paths;
  readonly partition: AwsPartition;
  /** The clusters that passed their checks, renamed by `CLUSTER_NAME`. */
  readonly clusters: readonly ClusterConfig[];
  /** How many clusters the file lists, valid or not. */
  readonly declaredClusters: number;
  /** The configured name of the one cluster that `CLUSTER_NAME` renamed. */
  readonly renamed?: string;
}

function tutorialIdentity(cluster: string, paths: Paths): IdentityConfig {
  const identity: IdentityConfig = {
    name: TUTORIAL.identity,
    role: { name: TUTORIAL.roleName, tags: {} },
    s3: { access: 'managed-read-only', buckets: [TUTORIAL.bucket] },
    managedPolicyArns: [],
    statements: [],
    trust: { sourceAccount: false, restrictToAssociations: false },
    associations: [
      {
        cluster,
        namespace: TUTORIAL.namespace,
        serviceAccount: TUTORIAL.serviceAccount,
        tags: {},
        kubernetes: { createNamespace: true, deployment: tutorialDeployment() },
      },
    ],
  };
  paths.set(identity, 'identities');
  paths.set(identity.associations[0], 'identities');
  return identity;
}

function tutorialDeployment(): DeploymentConfig {
  return {
    name: TUTORIAL.deployment,
    image: TUTORIAL.image,
    replicas: TUTORIAL.replicas,
    labels: { ...TUTORIAL.labels },
    resources: HARDENED_RESOURCES,
    waitForRollout: true,
    hardened: true,
    runAsNonRoot: false,
  };
}

function readIdentity(
  value: unknown,
  path: string,
  context: IdentityContext,
): IdentityConfig | undefined {
  const { problems } = context;
  const object = JsonObject.from(value, path, problems);
  if (object === undefined) return undefined;
  object.require('name');
  const name = object.string('name', rules.identityName);
  const role = readRole(object, name, context);
  const s3 = readS3(object.object('s3'), context);
  const managedPolicyArns =
    object.strings('managedPolicyArns', [policyArnRule(context.partition)]) ?? [];
  const statements =
    object.array('statements', (v, p) => readStatement(v, p, problems), {
      nonEmpty: 'list at least one statement, or leave statements out',
    }) ?? [];
  const trust = readTrust(object.object('trust'));
  const whatFor =
    'each identity needs at least one association: its role is only used through them';
  object.require('associations', `: ${whatFor}`);
  const associations =
    object.array('associations', (v, p) => readAssociation(v, p, context), {
      nonEmpty: whatFor,
    }) ?? [];
  object.done();
  if (name === undefined || role === undefined || s3 === undefined) return undefined;
  const identity = { name, role, s3, managedPolicyArns, statements, trust, associations };
  context.paths.set(identity, path);
  return identity;
}

function policyArnRule(partition: AwsPartition): rules.Rule {
  const arn = new RegExp(
    `^arn:${partition}:iam::(aws|\\d{12}):policy/([\\x21-\\x7e]+/)?[\\w+=,.@-]{1,128}$`,
  );
  return {
    description: `a managed policy ARN in partition "${partition}" (arn:${partition}:iam::<account or aws>:policy/<path><name>)`,
    test: (value) => arn.test(value),
  };
}

function readRole(
  identity: JsonObject,
  identityName: string | undefined,
  context: IdentityContext,
): RoleConfig | undefined {
  const object = identity.object('role');
  const name = object?.string('name', rules.iamRoleName);
  const namePrefix = object?.string('namePrefix', rules.iamRoleNamePrefix);
  const path = object?.string('path', rules.iamPath);
  const description = object?.string('description', rules.iamDescription);
  const permissionsBoundary = object?.string(
    'permissionsBoundary',
    policyArnRule(context.partition),
  );
  const maxSessionDuration = object?.integer(
    'maxSessionDuration',
    IAM_QUOTAS.maxSessionDuration.min,
    IAM_QUOTAS.maxSessionDuration.max,
    ' seconds (IAM allows 1 to 12 hours)',
  );
  const tags = object?.stringMap('tags', rules.awsTagKey, rules.awsTagValue, TAG_LIMIT) ?? {};
  object?.done();
  if (object?.has('name') && object.has('namePrefix')) {
    context.problems.addField(
      object.field('namePrefix'),
      'cannot be set together with name: a role has either a fixed name or a generated one',
    );
  }
  const optional = {
    ...(path !== undefined && { path }),
    ...(description !== undefined && { description }),
    ...(permissionsBoundary !== undefined && { permissionsBoundary }),
    ...(maxSessionDuration !== undefined && { maxSessionDuration }),
    tags,
  };
  const located = (role: RoleConfig, path: string) => {
    context.paths.set(role, path);
    return role;
  };
  if (namePrefix !== undefined) return { namePrefix, ...optional };
  if (name !== undefined) return located({ name, ...optional }, identity.field('role.name'));
  if (object?.has('name') || object?.has('namePrefix') || identityName === undefined) {
    return undefined;
  }
  const derived = defaultRoleName(identityName);
  if (!rules.iamRoleName.test(derived)) {
    context.problems.add(
      identity.field('name'),
      identityName,
      `gives the role name ${show(derived)} (${derived.length} characters), more than IAM's 64; set role.name or role.namePrefix`,
    );
    return undefined;
  }
  return located({ name: derived, ...optional }, `${identity.field('name')} (derived role name)`);
}

function readS3(
  object: JsonObject | undefined,
  context: IdentityContext,
): S3AccessConfig | undefined {
  if (object === undefined) return { access: 'managed-read-only', buckets: [] };
  const access =
    object.choice('access', ['none', 'managed-read-only', 'bucket-scoped'] as const) ??
    (object.has('access') ? undefined : 'managed-read-only');
  const buckets = object.strings('buckets', [rules.s3BucketName]) ?? [];
  const prefix = object.string('prefix', rules.s3KeyPrefix);
  const namespacePrefixes = object.boolean('namespacePrefixes');
  const kmsKey = new RegExp(`^arn:${context.partition}:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$`);
  const kmsKeyArns =
    object.strings('kmsKeyArns', [
      {
        description: `a KMS key ARN in partition "${context.partition}" (arn:${context.partition}:kms:<region>:<account>:key/<id>)`,
        test: (value) => kmsKey.test(value),
      },
    ]) ?? [];
  object.done();
  if (access === undefined) return undefined;
  if (access !== 'bucket-scoped') {
    for (const key of ['prefix', 'namespacePrefixes', 'kmsKeyArns']) {
      if (object.has(key)) {
        context.problems.addField(object.field(key), `only applies when access is "bucket-scoped"`);
      }
    }
  }
  if (access === 'none') {
    if (object.has('buckets')) {
      context.problems.addField(object.field('buckets'), `does not apply when access is "none"`);
    }
    return { access };
  }
  if (access === 'managed-read-only') return { access, buckets };
  const listed = object.raw('buckets');
  if (listed === undefined) {
    object.require('buckets', ' when access is "bucket-scoped"');
  } else if (Array.isArray(listed) && listed.length === 0) {
    context.problems.add(
      object.field('buckets'),
      listed,
      'is empty: "bucket-scoped" access needs at least one bucket',
    );
  }
  return {
    access,
    buckets,
    prefix: prefix ?? '',
    namespacePrefixes: namespacePrefixes ?? false,
    kmsKeyArns,
  };
}

function readStatement(
  value: unknown,
  path: string,
  problems: Problems,
): PolicyStatementConfig | undefined {
  const object = JsonObject.from(value, path, problems);
  if (object === undefined) return undefined;
  const sid = object.string('sid', rules.iamStatementSid);
  const effect = object.choice('effect', ['Allow', 'Deny'] as const) ?? 'Allow';
  object.require('actions', ': list at least one action');
  object.require('resources', ": list at least one resource ARN, or '*'");
  const actions = object.strings('actions', [rules.iamAction], 'list at least one action');
  const resources = object.strings(
    'resources',
    [rules.iamResource],
    "list at least one resource ARN, or '*'",
  );
  const conditions = object.array('conditions', (v, p) => readCondition(v, p, problems)) ?? [];
  object.done();
  if (actions === undefined || resources === undefined) return undefined;
  return { ...(sid !== undefined && { sid }), effect, actions, resources, conditions };
}

function readCondition(
  value: unknown,
  path: string,
  problems: Problems,
): PolicyConditionConfig | undefined {
  const object = JsonObject.from(value, path, problems);
  if (object === undefined) return undefined;
  for (const key of ['test', 'variable', 'values']) object.require(key);
  const test = object.string('test', rules.iamConditionOperator);
  const variable = object.string('variable', rules.iamConditionKey);
  const values = object.strings('values', [], 'list at least one value');
  object.done();
  if (test === undefined || variable === undefined || values === undefined) return undefined;
  return { test, variable, values };
}

function readTrust(object: JsonObject | undefined): IdentityConfig['trust'] {
  const trust = {
    sourceAccount: object?.boolean('sourceAccount') ?? false,
    restrictToAssociations: object?.boolean('restrictToAssociations') ?? false,
  };
  object?.done();
  return trust;
}

function readAssociation(
  value: unknown,
  path: string,
  context: IdentityContext,
): AssociationConfig | undefined {
  const { problems } = context;
  const object = JsonObject.from(value, path, problems);
  if (object === undefined) return undefined;
  const cluster = readAssociationCluster(object, context);
  object.require('namespace');
  object.require('serviceAccount');
  const namespace = object.string('namespace', rules.dnsLabel);
  const serviceAccount = object.string('serviceAccount', rules.dnsSubdomain);
  const tags = object.stringMap('tags', rules.awsTagKey, rules.awsTagValue, TAG_LIMIT) ?? {};
  const kubernetes = readKubernetesObjects(object, problems);
  object.done();
  if (cluster === undefined || namespace === undefined || serviceAccount === undefined) {
    return undefined;
  }
  const association = {
    cluster,
    namespace,
    serviceAccount,
    tags,
    ...(kubernetes !== undefined && { kubernetes }),
  };
  context.paths.set(association, path);
  return association;
}

function readAssociationCluster(object: JsonObject, context: IdentityContext): string | undefined {
  const { problems, clusters, renamed, declaredClusters } = context;
  // Read first so that `cluster` is listed among the known keys of an unknown-key message.
  const named = object.string('cluster', rules.eksClusterName);
  if (!object.has('cluster')) {
    // With one cluster listed it is implied (undefined here if that one was refused).
    if (declaredClusters === 1) return clusters[0]?.name;
    problems.addField(
      object.field('cluster'),
      `is required when more than one cluster is configured (${clusters.map((c) => c.name).join(', ')})`,
    );
    return undefined;
  }
  if (named === undefined) return undefined;
  // CLUSTER_NAME renames the one configured cluster, and with it every reference.
  const cluster = renamed !== undefined && named === renamed ? clusters[0].name : named;
  if (!clusters.some((c) => c.name === cluster)) {
    // A cluster listed but refused for its own problem is not reported again here.
    if (clusters.length < declaredClusters) return undefined;
    problems.add(
      object.field('cluster'),
      named,
      `is not a configured cluster (configured: ${clusters.map((c) => c.name).join(', ')})`,
    );
    return undefined;
  }
  return cluster;
}

function readKubernetesObjects(
  association: JsonObject,
  problems: Problems,
): KubernetesObjectsConfig | undefined {
  const raw = association.raw('kubernetes');
  if (raw === false) return undefined;
  if (raw === undefined || raw === true) {
    return { createNamespace: true, deployment: tutorialDeployment() };
  }
  const object = JsonObject.from(raw, association.field('kubernetes'), problems);
  if (object === undefined) return undefined;
  const createNamespace = object.boolean('createNamespace') ?? true;
  const deploymentRaw = object.raw('deployment');
  const deployment =
    deploymentRaw === false
      ? undefined
      : readDeployment(
          deploymentRaw === undefined || deploymentRaw === true
            ? undefined
            : JsonObject.from(deploymentRaw, object.field('deployment'), problems),
          deploymentRaw,
        );
  const jobRaw = object.raw('verificationJob');
  const verificationJob =
    jobRaw === undefined || jobRaw === false
      ? undefined
      : readVerificationJob(
          jobRaw === true
            ? undefined
            : JsonObject.from(jobRaw, object.field('verificationJob'), problems),
        );
  object.done();
  return {
    createNamespace,
    ...(deployment !== undefined && { deployment }),
    ...(verificationJob !== undefined && { verificationJob }),
  };
}

function readDeployment(
  object: JsonObject | undefined,
  raw: unknown,
): DeploymentConfig | undefined {
  const tutorial = tutorialDeployment();
  if (object === undefined) return raw === undefined || raw === true ? tutorial : undefined;
  const { problems } = object;
  const name = object.string('name', rules.dnsLabel) ?? tutorial.name;
  const image = object.string('image', rules.containerImage) ?? tutorial.image;
  const replicas = object.integer('replicas', 0, 1000) ?? tutorial.replicas;
  const command = object.strings('command', [], "leave it out to run the image's entrypoint");
  const labels = object.stringMap('labels', rules.kubernetesLabelKey, rules.kubernetesLabelValue);
  const rawLabels = object.raw('labels');
  if (typeof rawLabels === 'object' && rawLabels !== null && Object.keys(rawLabels).length === 0) {
    problems.add(
      object.field('labels'),
      rawLabels,
      'is empty: the selector needs at least one label',
    );
  }
  const waitForRollout = object.boolean('waitForRollout') ?? true;
  const hardened = object.boolean('hardened') ?? true;
  const runAsNonRoot = object.boolean('runAsNonRoot') ?? false;
  const resources = readResources(object.object('resources'), hardened, problems);
  object.done();
  return {
    name,
    image,
    replicas,
    ...(command !== undefined && command.length > 0 && { command }),
    labels: labels !== undefined && Object.keys(labels).length > 0 ? labels : { app: name },
    ...(resources !== undefined && { resources }),
    waitForRollout,
    hardened,
    runAsNonRoot,
  };
}

const RESOURCE_NAME: rules.Rule = {
  description: "a container resource name ('cpu', 'memory' or 'ephemeral-storage')",
  test: (value) => ['cpu', 'memory', 'ephemeral-storage'].includes(value),
};

function readResources(
  object: JsonObject | undefined,
  hardened: boolean,
  problems: Problems,
): ContainerResourcesConfig | undefined {
  if (object === undefined) return hardened ? HARDENED_RESOURCES : undefined;
  const defaults = hardened ? HARDENED_RESOURCES : { requests: {}, limits: {} };
  const requests: Readonly<Record<string, string>> =
    object.stringMap('requests', RESOURCE_NAME, rules.kubernetesQuantity) ?? defaults.requests;
  const limits: Readonly<Record<string, string>> =
    object.stringMap('limits', RESOURCE_NAME, rules.kubernetesQuantity) ?? defaults.limits;
  const limitsGiven = object.has('limits');
  object.done();
  for (const [resource, request] of Object.entries(requests)) {
    const limit = limits[resource];
    if (limit !== undefined && parseQuantity(request) > parseQuantity(limit)) {
      const hint = limitsGiven
        ? ''
        : ` (the hardened default; set resources.limits.${resource}, or hardened: false)`;
      problems.add(
        object.field(`requests.${resource}`),
        request,
        `is more than the limit ${show(limit)}${hint}: Kubernetes refuses a request above its limit`,
      );
    }
  }
  return { requests, limits };
}

function readVerificationJob(object: JsonObject | undefined): VerificationJobConfig {
  const job = {
    name: object?.string('name', rules.dnsLabel) ?? VERIFICATION_JOB.name,
    image: object?.string('image', rules.containerImage) ?? TUTORIAL.image,
    timeoutSeconds: object?.integer('timeoutSeconds', 10, 3600) ?? VERIFICATION_JOB.timeoutSeconds,
  };
  object?.done();
  return job;
}

function readBackend(
  terraformCloud: ConfigInputs['terraformCloud'],
  workspacePrefix: string,
  problems: Problems,
): BackendConfig {
  const { organization, hostname, project } = terraformCloud ?? {};
  if (organization === undefined) {
    for (const [name, value] of [
      ['TF_CLOUD_HOSTNAME', hostname],
      ['TF_CLOUD_PROJECT', project],
    ] as const) {
      if (value !== undefined) {
        problems.add(
          `${name} (environment)`,
          value,
          'is set but TF_CLOUD_ORGANIZATION is not: set the organization to use Terraform Cloud, or unset it',
        );
      }
    }
    return { kind: 'local' };
  }
  const checks: readonly [string, string | undefined, rules.Rule][] = [
    ['TF_CLOUD_ORGANIZATION', organization, rules.tfcName],
    ['TF_CLOUD_HOSTNAME', hostname, rules.hostname],
    ['TF_CLOUD_PROJECT', project, rules.tfcProject],
  ];
  for (const [name, value, rule] of checks) {
    if (value !== undefined && !rule.test(value)) {
      problems.add(`${name} (environment)`, value, `is not ${rule.description}`);
    }
  }
  return {
    kind: 'cloud',
    organization,
    workspacePrefix,
    ...(hostname !== undefined && { hostname }),
    ...(project !== undefined && { project }),
  };
}
