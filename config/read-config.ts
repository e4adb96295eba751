import { ConfigError } from './config-error';
import {
  ASSOCIATIONS_PER_CLUSTER,
  defaultRoleName,
  HARDENED_RESOURCES,
  IAM_QUOTAS,
  TUTORIAL,
  VERIFICATION_JOB,
} from './defaults';
import { JsonObject, Problems, show } from './json-reader';
import { partitionOf } from './partition';
import * as rules from './rules';
import {
  awsStackName,
  clustersWithWorkloads,
  WORKSPACE_NAME_MAX,
  workloadStackName,
} from './stack-names';
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
import {
  ACCOUNT_ID_STAND_IN,
  extraStatements,
  policyLength,
  s3ManagedPolicies,
  s3ReadStatements,
  trustStatements,
} from '../modules/policy-statements';

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

/**
 * Checks the whole configuration and resolves every default. Throws a
 * `ConfigError` listing every problem; nothing is built from a configuration
 * that has one.
 */
export function readConfig(inputs: ConfigInputs): PodIdentityConfig {
  const problems = new Problems();
  const top = JsonObject.from(inputs.file ?? {}, '', problems);
  if (top === undefined) throw new ConfigError(inputs.source, problems.list);

  const environment = top.string('environment', rules.environmentLabel) ?? TUTORIAL.environment;
  const region = readRegion(top, inputs.region);
  const partition = partitionOf(region ?? TUTORIAL.region);
  const defaultTags =
    top.stringMap('defaultTags', rules.awsTagKey, rules.awsTagValue, IAM_QUOTAS.tagsPerResource) ??
    {};
  const iamLimits = readIamLimits(top.object('iamLimits'));
  const workspacePrefix = readWorkspacePrefix(top.object('terraformCloud'));

  const declared = top.array('clusters', (value, path) => readCluster(value, path, problems), {
    minItems: 1,
  }) ?? [{ name: TUTORIAL.cluster, kubernetesAuth: { kind: 'ephemeral-token' as const } }];
  const clusters = renameCluster(declared, inputs.clusterName, problems);
  const renamed =
    inputs.clusterName !== undefined && declared.length === 1 ? declared[0].name : undefined;

  const context = { problems, partition, clusters, renamed };
  const identities = top.array('identities', (value, path) => readIdentity(value, path, context), {
    minItems: 1,
  }) ?? [tutorialIdentity(clusters[0]?.name ?? TUTORIAL.cluster)];
  top.done();

  checkUnique(
    clusters.map((c) => c.name),
    'clusters',
    'cluster name',
    problems,
  );
  checkUnique(
    identities.map((i) => i.name),
    'identities',
    'identity name',
    problems,
  );
  checkUnique(
    identities.flatMap((i) => (i.role.name === undefined ? [] : [i.role.name])),
    'identities',
    'role name',
    problems,
  );
  checkAssociations(identities, problems);
  checkKubernetesObjects(identities, problems);
  identities.forEach((identity, index) =>
    checkIamLimits(identity, `identities[${index}]`, iamLimits, partition, region, problems),
  );
  checkTagCounts(identities, defaultTags, problems);
  const backend = readBackend(
    inputs.terraformCloud,
    workspacePrefix,
    environment,
    clusters,
    identities,
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

function readRegion(top: JsonObject, fromEnvironment: string | undefined): string | undefined {
  const fromFile = top.string('region', rules.awsRegion);
  if (fromEnvironment === undefined)
    return fromFile ?? (top.has('region') ? undefined : TUTORIAL.region);
  if (!rules.awsRegion.test(fromEnvironment)) {
    top.problems.add(ENV_REGION, fromEnvironment, `is not ${rules.awsRegion.description}`);
    return undefined;
  }
  return fromEnvironment;
}

function readIamLimits(object: JsonObject | undefined): IamLimits {
  const quotas = IAM_QUOTAS;
  const limits: IamLimits = {
    managedPoliciesPerRole:
      object?.integer(
        'managedPoliciesPerRole',
        quotas.managedPoliciesPerRole.default,
        quotas.managedPoliciesPerRole.max,
      ) ?? quotas.managedPoliciesPerRole.default,
    trustPolicyCharacters:
      object?.integer(
        'trustPolicyCharacters',
        quotas.trustPolicyCharacters.default,
        quotas.trustPolicyCharacters.max,
      ) ?? quotas.trustPolicyCharacters.default,
    managedPolicyCharacters: quotas.managedPolicyCharacters,
    inlinePolicyCharacters: quotas.inlinePolicyCharacters,
  };
  object?.done();
  return limits;
}

function readWorkspacePrefix(object: JsonObject | undefined): string {
  const prefix = object?.string('workspacePrefix', rules.tfcWorkspacePrefix) ?? '';
  object?.done();
  return prefix;
}

function readCluster(value: unknown, path: string, problems: Problems): ClusterConfig | undefined {
  const object = JsonObject.from(value, path, problems);
  if (object === undefined) return undefined;
  const name = object.string('name', rules.eksClusterName);
  if (!object.has('name')) problems.addField(object.field('name'), 'is required');
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
  const nonEmpty: rules.Rule = { description: 'a non-empty string', test: (v) => v.length > 0 };
  const path = object.string('kubeconfigPath', nonEmpty);
  const context = object.string('kubeconfigContext', nonEmpty);
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
  clusters: ClusterConfig[],
  clusterName: string | undefined,
  problems: Problems,
): ClusterConfig[] {
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
  readonly partition: AwsPartition;
  readonly clusters: readonly ClusterConfig[];
  /** The configured name of the one cluster that `CLUSTER_NAME` renamed. */
  readonly renamed?: string;
}

function tutorialIdentity(cluster: string): IdentityConfig {
  return {
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
        kubernetes: {
          createNamespace: true,
          deployment: tutorialDeployment(),
        },
      },
    ],
  };
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
  const name = object.string('name', rules.identityName);
  if (!object.has('name')) problems.addField(object.field('name'), 'is required');
  const role = readRole(object.object('role'), name, context);
  const s3 = readS3(object.object('s3'), context);
  const managedPolicyArns =
    object.strings('managedPolicyArns', policyArnRule(context.partition)) ?? [];
  const statements =
    object.array('statements', (v, p) => readStatement(v, p, problems), { minItems: 1 }) ?? [];
  const trust = readTrust(object.object('trust'));
  const associations = object.array('associations', (v, p) => readAssociation(v, p, context)) ?? [];
  if (!object.has('associations') || associations.length === 0) {
    problems.add(
      object.field('associations'),
      object.raw('associations'),
      'has no association: a role is only used through its associations, so each identity needs at least one',
    );
  }
  object.done();
  if (name === undefined || role === undefined || s3 === undefined) return undefined;
  return { name, role, s3, managedPolicyArns, statements, trust, associations };
}

function policyArnRule(partition: AwsPartition): rules.Rule {
  return {
    description: `a managed policy ARN in partition "${partition}" (arn:${partition}:iam::<account or aws>:policy/<path><name>)`,
    test: (value) =>
      new RegExp(
        `^arn:${partition}:iam::(aws|\\d{12}):policy/([\\x21-\\x7e]+/)?[\\w+=,.@-]{1,128}$`,
      ).test(value),
  };
}

function readRole(
  object: JsonObject | undefined,
  identity: string | undefined,
  context: IdentityContext,
): RoleConfig | undefined {
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
  );
  const tags =
    object?.stringMap('tags', rules.awsTagKey, rules.awsTagValue, IAM_QUOTAS.tagsPerResource) ?? {};
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
  if (namePrefix !== undefined) return { namePrefix, ...optional };
  if (name !== undefined) return { name, ...optional };
  if (object?.has('name') || object?.has('namePrefix') || identity === undefined) return undefined;
  const derived = defaultRoleName(identity);
  if (!rules.iamRoleName.test(derived)) {
    context.problems.add(
      `${object?.path ?? 'identity'} role name derived from the identity name`,
      derived,
      `is not ${rules.iamRoleName.description}; set role.name or role.namePrefix`,
    );
    return undefined;
  }
  return { name: derived, ...optional };
}

function readS3(
  object: JsonObject | undefined,
  context: IdentityContext,
): S3AccessConfig | undefined {
  if (object === undefined) return { access: 'managed-read-only', buckets: [] };
  const access =
    object.choice('access', ['none', 'managed-read-only', 'bucket-scoped'] as const) ??
    (object.has('access') ? undefined : 'managed-read-only');
  const buckets = object.strings('buckets', rules.s3BucketName) ?? [];
  const prefix = object.string('prefix', rules.s3KeyPrefix);
  const namespacePrefixes = object.boolean('namespacePrefixes');
  const kmsKeyArns =
    object.strings('kmsKeyArns', {
      description: `a KMS key ARN in partition "${context.partition}" (arn:${context.partition}:kms:<region>:<account>:key/<id>)`,
      test: (value) =>
        new RegExp(`^arn:${context.partition}:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$`).test(
          value,
        ),
    }) ?? [];
  object.done();
  checkUnique(buckets, object.field('buckets'), 'bucket', context.problems);
  if (access === undefined) return undefined;
  if (access !== 'bucket-scoped') {
    for (const key of ['prefix', 'namespacePrefixes', 'kmsKeyArns']) {
      if (object.has(key)) {
        context.problems.addField(object.field(key), `only applies when access is "bucket-scoped"`);
      }
    }
  }
  if (access === 'none') {
    if (buckets.length > 0) {
      context.problems.addField(object.field('buckets'), `does not apply when access is "none"`);
    }
    return { access };
  }
  if (access === 'managed-read-only') return { access, buckets };
  const listed = object.raw('buckets');
  // Buckets that failed their rule are reported already; only an empty list is reported here.
  if (!Array.isArray(listed) || listed.length === 0) {
    context.problems.add(
      object.field('buckets'),
      object.raw('buckets'),
      'names no bucket: "bucket-scoped" access needs at least one bucket',
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
  const actions = object.strings('actions', rules.iamAction);
  const resources = object.strings('resources', rules.iamResource);
  const conditions = object.array('conditions', (v, p) => readCondition(v, p, problems)) ?? [];
  object.done();
  for (const [key, list] of [
    ['actions', actions],
    ['resources', resources],
  ] as const) {
    if (list === undefined || list.length === 0) {
      problems.add(object.field(key), object.raw(key), 'is required: list at least one');
    }
  }
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
  const test = object.string('test', rules.iamConditionOperator);
  const variable = object.string('variable', rules.iamConditionKey);
  const values = object.strings('values');
  object.done();
  for (const key of ['test', 'variable', 'values']) {
    if (!object.has(key)) problems.addField(object.field(key), 'is required');
  }
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
  const namespace = object.string('namespace', rules.dnsLabel);
  const serviceAccount = object.string('serviceAccount', rules.dnsSubdomain);
  for (const key of ['namespace', 'serviceAccount']) {
    if (!object.has(key)) problems.addField(object.field(key), 'is required');
  }
  const tags =
    object.stringMap('tags', rules.awsTagKey, rules.awsTagValue, IAM_QUOTAS.tagsPerResource) ?? {};
  const kubernetes = readKubernetesObjects(object, problems);
  object.done();
  if (cluster === undefined || namespace === undefined || serviceAccount === undefined) {
    return undefined;
  }
  return {
    cluster,
    namespace,
    serviceAccount,
    tags,
    ...(kubernetes !== undefined && { kubernetes }),
  };
}

function readAssociationCluster(object: JsonObject, context: IdentityContext): string | undefined {
  const { problems, clusters, renamed } = context;
  const named = object.string('cluster', rules.eksClusterName);
  if (!object.has('cluster')) {
    if (clusters.length === 1) return clusters[0].name;
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
  if (raw === undefined) return { createNamespace: true, deployment: tutorialDeployment() };
  const object = JsonObject.from(raw, association.field('kubernetes'), problems);
  if (object === undefined) return undefined;
  const createNamespace = object.boolean('createNamespace') ?? true;
  const deploymentRaw = object.raw('deployment');
  const deployment =
    deploymentRaw === false
      ? undefined
      : readDeployment(
          deploymentRaw === undefined
            ? undefined
            : JsonObject.from(deploymentRaw, object.field('deployment'), problems),
          problems,
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
  problems: Problems,
): DeploymentConfig | undefined {
  const tutorial = tutorialDeployment();
  if (object === undefined) return tutorial;
  const name = object.string('name', rules.dnsLabel) ?? tutorial.name;
  const image = object.string('image', rules.containerImage) ?? tutorial.image;
  const replicas = object.integer('replicas', 0, 1000) ?? tutorial.replicas;
  const command = object.strings('command');
  if (command !== undefined && command.length === 0) {
    problems.add(
      object.field('command'),
      command,
      "is empty: leave it out to run the image's entrypoint",
    );
  }
  const labels = object.stringMap('labels', rules.kubernetesLabelKey, rules.kubernetesLabelValue);
  if (labels !== undefined && Object.keys(labels).length === 0) {
    problems.add(object.field('labels'), labels, 'is empty: the selector needs at least one label');
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
  const requests: Readonly<Record<string, string>> =
    object.stringMap('requests', RESOURCE_NAME, rules.kubernetesQuantity) ??
    (hardened ? HARDENED_RESOURCES.requests : {});
  const limits: Readonly<Record<string, string>> =
    object.stringMap('limits', RESOURCE_NAME, rules.kubernetesQuantity) ??
    (hardened ? HARDENED_RESOURCES.limits : {});
  object.done();
  for (const [resource, request] of Object.entries(requests)) {
    const limit = limits[resource];
    if (limit !== undefined && parseQuantity(request) > parseQuantity(limit)) {
      problems.add(
        object.field(`requests.${resource}`),
        request,
        `is more than the limit ${show(limit)}: Kubernetes refuses a request above its limit`,
      );
    }
  }
  return { requests, limits };
}

const QUANTITY_SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a (valid) Kubernetes quantity, for comparisons. */
export function parseQuantity(quantity: string): number {
  const match = /^([0-9.]+)([A-Za-z]*)([0-9]*)$/.exec(quantity);
  if (match === null) return Number.NaN;
  const [, number, suffix, exponent] = match;
  if (suffix === 'e' || suffix === 'E') {
    if (exponent !== '') return Number(number) * 10 ** Number(exponent);
  }
  return Number(number) * (QUANTITY_SUFFIX[suffix] ?? Number.NaN);
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

function checkUnique(
  values: readonly string[],
  path: string,
  what: string,
  problems: Problems,
): void {
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const value of values) {
    if (seen.has(value) && !reported.has(value)) {
      problems.add(path, value, `is used as ${what} more than once: each ${what} must be unique`);
      reported.add(value);
    }
    seen.add(value);
  }
}

/** One association per service account and cluster, and EKS's quota per cluster. */
function checkAssociations(identities: readonly IdentityConfig[], problems: Problems): void {
  const owners = new Map<string, string>();
  const perCluster = new Map<string, number>();
  identities.forEach((identity, i) =>
    identity.associations.forEach((association, j) => {
      const path = `identities[${i}].associations[${j}]`;
      const key = `${association.cluster}\u0000${association.namespace}\u0000${association.serviceAccount}`;
      const owner = owners.get(key);
      if (owner !== undefined) {
        problems.addField(
          path,
          `namespace ${show(association.namespace)} and service account ${show(association.serviceAccount)} on cluster ${show(association.cluster)} are already associated by ${owner}: EKS allows one association per service account`,
        );
      } else {
        owners.set(key, path);
      }
      perCluster.set(association.cluster, (perCluster.get(association.cluster) ?? 0) + 1);
    }),
  );
  for (const [cluster, count] of perCluster) {
    if (count > ASSOCIATIONS_PER_CLUSTER) {
      problems.addField(
        'identities',
        `associate ${count} service accounts on cluster ${show(cluster)}, more than EKS's quota of ${ASSOCIATIONS_PER_CLUSTER} Pod Identity associations per cluster`,
      );
    }
  }
}

/** Kubernetes objects shared between associations must agree, and names must not clash. */
function checkKubernetesObjects(identities: readonly IdentityConfig[], problems: Problems): void {
  const namespaces = new Map<string, { create: boolean; path: string }>();
  const names = new Map<string, string>();
  const claim = (key: string, path: string, what: string) => {
    const owner = names.get(key);
    if (owner === undefined) {
      names.set(key, path);
      return;
    }
    problems.addField(path, `${what} is also created by ${owner}: give one of them another name`);
  };
  identities.forEach((identity, i) =>
    identity.associations.forEach((association, j) => {
      const objects = association.kubernetes;
      if (objects === undefined) return;
      const path = `identities[${i}].associations[${j}].kubernetes`;
      const namespaceKey = `${association.cluster}\u0000${association.namespace}`;
      const namespace = namespaces.get(namespaceKey);
      if (namespace === undefined) {
        namespaces.set(namespaceKey, { create: objects.createNamespace, path });
      } else if (namespace.create !== objects.createNamespace) {
        problems.add(
          `${path}.createNamespace`,
          objects.createNamespace,
          `disagrees with ${namespace.path}.createNamespace for namespace ${show(association.namespace)} on cluster ${show(association.cluster)}`,
        );
      }
      if (objects.deployment !== undefined) {
        claim(
          `deployment\u0000${namespaceKey}\u0000${objects.deployment.name}`,
          `${path}.deployment.name`,
          `deployment ${show(objects.deployment.name)} in namespace ${show(association.namespace)} on cluster ${show(association.cluster)}`,
        );
      }
      if (objects.verificationJob !== undefined) {
        claim(
          `job\u0000${namespaceKey}\u0000${objects.verificationJob.name}`,
          `${path}.verificationJob.name`,
          `job ${show(objects.verificationJob.name)} in namespace ${show(association.namespace)} on cluster ${show(association.cluster)}`,
        );
        if (identity.s3.access === 'none') {
          problems.addField(
            `${path}.verificationJob`,
            `has nothing to check: identities[${i}].s3.access is "none", so the role reads no bucket`,
          );
        }
      }
    }),
  );
}

/** IAM's quotas, checked here so that they fail at synth instead of at apply. */
function checkIamLimits(
  identity: IdentityConfig,
  path: string,
  limits: IamLimits,
  partition: AwsPartition,
  region: string | undefined,
  problems: Problems,
): void {
  const context = { partition, region: region ?? TUTORIAL.region, accountId: ACCOUNT_ID_STAND_IN };
  const managed =
    s3ManagedPolicies(identity).length +
    (identity.s3.access === 'bucket-scoped' ? 1 : 0) +
    identity.managedPolicyArns.length;
  if (managed > limits.managedPoliciesPerRole) {
    problems.addField(
      path,
      `attaches ${managed} managed policies to its role, more than the ${limits.managedPoliciesPerRole} IAM allows (iamLimits.managedPoliciesPerRole raises it to at most ${IAM_QUOTAS.managedPoliciesPerRole.max} once AWS has raised the quota)`,
    );
  }
  const sizes: readonly [string, number, number, string][] = [
    [
      'trust policy',
      policyLength(trustStatements(identity, context)),
      limits.trustPolicyCharacters,
      ` (iamLimits.trustPolicyCharacters raises it to at most ${IAM_QUOTAS.trustPolicyCharacters.max} once AWS has raised the quota)`,
    ],
    [
      'bucket-scoped S3 policy',
      policyLength(s3ReadStatements(identity, context)),
      limits.managedPolicyCharacters,
      '',
    ],
    [
      'inline policy (statements)',
      policyLength(extraStatements(identity)),
      limits.inlinePolicyCharacters,
      '',
    ],
  ];
  for (const [what, length, limit, hint] of sizes) {
    if (length > limit) {
      problems.addField(
        path,
        `has a ${what} of ${length} characters, more than the ${limit} IAM allows${hint}`,
      );
    }
  }
}

/** IAM and EKS take at most 50 tags per resource, the provider's default tags included. */
function checkTagCounts(
  identities: readonly IdentityConfig[],
  defaultTags: Readonly<Record<string, string>>,
  problems: Problems,
): void {
  const count = (tags: Readonly<Record<string, string>>) =>
    new Set([...Object.keys(defaultTags), ...Object.keys(tags)]).size;
  const max = IAM_QUOTAS.tagsPerResource;
  identities.forEach((identity, i) => {
    const roleTags = count(identity.role.tags);
    if (roleTags > max) {
      problems.addField(
        `identities[${i}].role.tags`,
        `give the role ${roleTags} tags with defaultTags, more than the ${max} AWS allows`,
      );
    }
    identity.associations.forEach((association, j) => {
      const associationTags = count(association.tags);
      if (associationTags > max) {
        problems.addField(
          `identities[${i}].associations[${j}].tags`,
          `give the association ${associationTags} tags with defaultTags, more than the ${max} AWS allows`,
        );
      }
    });
  });
}

function readBackend(
  terraformCloud: ConfigInputs['terraformCloud'],
  workspacePrefix: string,
  environment: string,
  clusters: readonly ClusterConfig[],
  identities: readonly IdentityConfig[],
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
    [
      'TF_CLOUD_PROJECT',
      project,
      { description: 'a project name (1 to 40 characters)', test: (v) => v.length <= 40 },
    ],
  ];
  for (const [name, value, rule] of checks) {
    if (value !== undefined && !rule.test(value)) {
      problems.add(`${name} (environment)`, value, `is not ${rule.description}`);
    }
  }
  const stacks = [
    awsStackName(environment),
    ...clustersWithWorkloads(clusters, identities).map((c) =>
      workloadStackName(environment, c.name),
    ),
  ];
  for (const stack of stacks) {
    const workspace = `${workspacePrefix}${stack}`;
    if (workspace.length > WORKSPACE_NAME_MAX) {
      problems.add(
        'terraformCloud.workspacePrefix',
        workspacePrefix,
        `makes the workspace name ${show(workspace)} ${workspace.length} characters long, more than Terraform Cloud's ${WORKSPACE_NAME_MAX}`,
      );
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
