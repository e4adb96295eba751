import { checkConfig, Paths } from '../check/check-config';
import { ConfigFile, configFile } from '../schema/config-file';
import { defaultRoleName } from '../schema/identities';
import { kindOf, show } from '../schema/json-value';
import { tutorialDeployment } from '../schema/kubernetes';
import { partitionOf } from '../schema/partition';
import * as rules from '../schema/rules';
import { follows } from '../schema/rules';
import { TUTORIAL } from '../schema/tutorial';
import {
  AssociationConfig,
  BackendConfig,
  ClusterConfig,
  IdentityConfig,
  PodIdentityConfig,
} from '../schema/types';
import { ConfigError } from './config-error';
import { DuplicateKey } from './json-text';
import { lenient, sourceIndex } from './lenient';
import { Problems, wording } from './problems';

/** What the configuration is made of: the JSON file and the environment's overrides. */
export interface ConfigInputs {
  /** Where the file came from, for messages (`defaults` without a file). */
  readonly source: string;
  /** The parsed JSON file; undefined without one. */
  readonly file?: unknown;
  /** Keys the file writes more than once in one object. */
  readonly duplicateKeys?: readonly DuplicateKey[];
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

let lenientConfigFile: typeof configFile | undefined;

/**
 * Checks the whole configuration and resolves every default. Throws a
 * `ConfigError` listing every problem; nothing is built from a configuration
 * that has one.
 */
export function readConfig(inputs: ConfigInputs): PodIdentityConfig {
  const { config, problems } = inspectConfig(inputs);
  if (config === undefined || problems.length > 0) {
    throw new ConfigError(inputs.source, problems);
  }
  return config;
}

export interface InspectedConfig {
  /** The valid part of the configuration, resolved; undefined when the file is not an object. */
  readonly config?: PodIdentityConfig;
  /** Every problem, in the order found: the schema's, the environment's, the cross-field ones. */
  readonly problems: readonly string[];
}

/**
 * Reads the configuration without refusing it: its valid part, resolved,
 * and every problem. The schema reports what is wrong with each field; the
 * cross-field checks then run on the valid part of the file, so one run
 * reports everything.
 */
export function inspectConfig(inputs: ConfigInputs): InspectedConfig {
  const problems = new Problems();
  for (const key of inputs.duplicateKeys ?? []) {
    problems.addField(
      key.path,
      `is written ${key.lines.length} times in one object (lines ${key.lines.join(', ')}): JSON keeps only the last value, so write it once`,
    );
  }
  const file = inputs.file === undefined ? {} : inputs.file;
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    problems.add(
      '(file)',
      file,
      `is ${kindOf(file)}, not an object: a configuration file holds one JSON object`,
    );
    return { problems: problems.list };
  }

  const strict = configFile.safeParse(file, { reportInput: true, error: wording });
  let parsed: ConfigFile;
  if (strict.success) {
    parsed = strict.data;
  } else {
    problems.addIssues(strict.error.issues);
    lenientConfigFile ??= lenient(configFile);
    parsed = lenientConfigFile.parse(file);
  }
  const refused = new Set(strict.success ? [] : strict.error.issues.map((i) => i.path[0]));

  const paths: Paths = new WeakMap();
  const region = resolveRegion(parsed, inputs.region, refused, problems);
  const partition = partitionOf(region ?? TUTORIAL.region);
  const { clusters, declared, renamed } = resolveClusters(parsed, file, inputs, paths, problems);
  const context: IdentityContext = { problems, paths, clusters, declared, renamed, file };
  const identities =
    parsed.identities === undefined
      ? [tutorialIdentity(clusters[0]?.name ?? TUTORIAL.cluster, paths)]
      : parsed.identities.flatMap((identity, index) => {
          const at = sourceIndex(parsed.identities ?? [], index);
          return resolveIdentity(identity, at, context) ?? [];
        });
  const backend = readBackend(
    inputs.terraformCloud,
    parsed.terraformCloud.workspacePrefix,
    problems,
  );
  const config: PodIdentityConfig = {
    environment: parsed.environment,
    region: region ?? TUTORIAL.region,
    partition,
    defaultTags: parsed.defaultTags,
    iamLimits: parsed.iamLimits,
    clusters,
    identities,
    backend,
  };
  checkConfig({ ...config, region }, paths, problems);
  return { config, problems: problems.list };
}

/** The region: the environment's, the file's, or the tutorial's; undefined when refused. */
function resolveRegion(
  parsed: ConfigFile,
  fromEnvironment: string | undefined,
  refused: ReadonlySet<PropertyKey>,
  problems: Problems,
): string | undefined {
  if (fromEnvironment === undefined) return refused.has('region') ? undefined : parsed.region;
  if (!follows(rules.awsRegion, fromEnvironment)) {
    problems.add(ENV_REGION, fromEnvironment, `is not ${rules.awsRegion.description}`);
    return undefined;
  }
  return fromEnvironment;
}

function tutorialCluster(): ClusterConfig {
  return { name: TUTORIAL.cluster, kubernetesAuth: { kind: 'ephemeral-token' } };
}

/** The clusters, renamed by `CLUSTER_NAME`, and how many the file lists (valid or not). */
function resolveClusters(
  parsed: ConfigFile,
  file: object,
  inputs: ConfigInputs,
  paths: Paths,
  problems: Problems,
) {
  const listed = parsed.clusters ?? [tutorialCluster()];
  const pathOf = (index: number) =>
    parsed.clusters === undefined
      ? 'clusters.name'
      : `clusters[${sourceIndex(parsed.clusters, index)}].name`;
  const raw = (file as { clusters?: unknown }).clusters;
  // Counted as written, so that a cluster refused for its name does not also
  // make every association look as if it needed a `cluster`.
  const declared = Array.isArray(raw) ? raw.length : 1;
  const clusters = renameCluster(listed, inputs.clusterName, problems);
  clusters.forEach((cluster, index) => paths.set(cluster, pathOf(index)));
  const renamed =
    inputs.clusterName !== undefined && clusters !== listed ? listed[0]?.name : undefined;
  return { clusters, declared, renamed };
}

/** Applies `CLUSTER_NAME`, which only makes sense when one cluster is configured. */
function renameCluster(
  clusters: readonly ClusterConfig[],
  clusterName: string | undefined,
  problems: Problems,
): readonly ClusterConfig[] {
  if (clusterName === undefined) return clusters;
  if (!follows(rules.eksClusterName, clusterName)) {
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
  /** The clusters that passed their checks, renamed by `CLUSTER_NAME`. */
  readonly clusters: readonly ClusterConfig[];
  /** How many clusters the file lists, valid or not. */
  readonly declared: number;
  /** The configured name of the one cluster that `CLUSTER_NAME` renamed. */
  readonly renamed?: string;
  /** The file as written, to tell a value left out from one refused. */
  readonly file: object;
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

type ParsedIdentity = NonNullable<ConfigFile['identities']>[number];

function resolveIdentity(
  parsed: ParsedIdentity,
  index: number,
  context: IdentityContext,
): IdentityConfig | undefined {
  const path = `identities[${index}]`;
  const role = resolveRoleName(parsed, path, context);
  if (role === undefined) return undefined;
  const associations = parsed.associations.flatMap((association, position) => {
    const at = `${path}.associations[${sourceIndex(parsed.associations, position)}]`;
    const cluster = resolveAssociationCluster(association.cluster, at, context);
    if (cluster === undefined) return [];
    const resolved: AssociationConfig = { ...association, cluster };
    context.paths.set(resolved, at);
    return [resolved];
  });
  const identity: IdentityConfig = { ...parsed, role, associations };
  context.paths.set(identity, path);
  return identity;
}

/** The role with its name: as set, or derived from the identity's name. */
function resolveRoleName(parsed: ParsedIdentity, path: string, context: IdentityContext) {
  const { role } = parsed;
  if (role.name !== undefined) {
    context.paths.set(role, `${path}.role.name`);
    return role;
  }
  if (role.namePrefix !== undefined) return role;
  const derived = defaultRoleName(parsed.name);
  if (!follows(rules.iamRoleName, derived)) {
    context.problems.add(
      `${path}.name`,
      parsed.name,
      `gives the role name ${show(derived)} (${derived.length} characters), more than IAM's 64; set role.name or role.namePrefix`,
    );
    return undefined;
  }
  const named = { ...role, name: derived };
  context.paths.set(named, `${path}.name (derived role name)`);
  return named;
}

function resolveAssociationCluster(
  named: string | undefined,
  path: string,
  context: IdentityContext,
): string | undefined {
  const { problems, clusters, renamed, declared } = context;
  if (named === undefined) {
    // Left out, or refused for its own problem (reported already).
    if (valueAt(context.file, path, 'cluster') !== undefined) return undefined;
    // With one cluster listed it is implied (undefined here if that one was refused).
    if (declared === 1) return clusters[0]?.name;
    problems.addField(
      `${path}.cluster`,
      `is required when more than one cluster is configured (${clusters.map((c) => c.name).join(', ')})`,
    );
    return undefined;
  }
  // CLUSTER_NAME renames the one configured cluster, and with it every reference.
  const cluster = renamed !== undefined && named === renamed ? clusters[0].name : named;
  if (!clusters.some((c) => c.name === cluster)) {
    // A cluster listed but refused for its own problem is not reported again here.
    if (clusters.length < declared) return undefined;
    problems.add(
      `${path}.cluster`,
      named,
      `is not a configured cluster (configured: ${clusters.map((c) => c.name).join(', ')})`,
    );
    return undefined;
  }
  return cluster;
}

/** The value the file holds at `path` (`identities[0].associations[1]`) and `key`. */
function valueAt(file: object, path: string, key: string): unknown {
  let value: unknown = file;
  for (const part of [...path.split(/[.[\]]+/).filter((p) => p !== ''), key]) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
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
    if (value !== undefined && !follows(rule, value)) {
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
