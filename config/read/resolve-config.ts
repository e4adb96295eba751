import { Paths } from '../check/unique';
import { addonPlacement, POD_IDENTITY_ADDONS, POD_IDENTITY_AGENT_ADDON } from '../schema/addons';
import { ConfigFile } from '../schema/config-file';
import { defaultRoleName, NEEDS_ASSOCIATIONS } from '../schema/identities';
import { show } from '../schema/json-value';
import { tutorialDeployment, tutorialObjects } from '../schema/kubernetes';
import { preset as presetSchema, PRESET_PLACEMENTS, PresetPlacement } from '../schema/presets';
import * as rules from '../schema/rules';
import { follows } from '../schema/rules';
import { TUTORIAL } from '../schema/tutorial';
import {
  AddonConfig,
  AddonPodIdentity,
  AssociationConfig,
  ClusterConfig,
  IdentityConfig,
  PodIdentityAgentConfig,
  PresetConfig,
  RoleConfig,
} from '../schema/types';
import { sourceIndex } from './lenient';
import { Problems } from './problems';

/**
 * What the schema cannot resolve on its own, because it depends on other
 * entries or on the environment: the clusters (renamed by `CLUSTER_NAME`),
 * each association's cluster and its preset's namespace and service
 * account, the add-ons' roles and associations, and the tutorial's defaults.
 * Runs on the valid part of the file, reporting what it finds wrong.
 */

type ParsedIdentity = NonNullable<ConfigFile['identities']>[number];
type ParsedAssociation = NonNullable<ParsedIdentity['associations']>[number];
type ParsedCluster = NonNullable<ConfigFile['clusters']>[number];

const ENV_CLUSTER = 'CLUSTER_NAME (environment)';

export interface Resolution {
  readonly problems: Problems;
  readonly paths: Paths;
  /** The file as written, to tell a value left out from one refused. */
  readonly file: object;
}

export interface ResolvedParts {
  readonly clusters: readonly ClusterConfig[];
  readonly identities: readonly IdentityConfig[];
}

export function resolveParts(
  parsed: ConfigFile,
  clusterName: string | undefined,
  resolution: Resolution,
): ResolvedParts {
  const { clusters, declared, renamed } = resolveClusters(parsed, clusterName, resolution);
  const context: IdentityContext = { ...resolution, clusters, declared, renamed };
  const hasAddons = (parsed.clusters ?? []).some((cluster) => cluster.addons.length > 0);
  const identities =
    parsed.identities === undefined
      ? hasAddons
        ? []
        : [tutorialIdentity(clusters[0]?.name ?? TUTORIAL.cluster, resolution.paths)]
      : parsed.identities.flatMap((identity, index) => {
          const at = sourceIndex(parsed.identities ?? [], index);
          return resolveIdentity(identity, `identities[${at}]`, context) ?? [];
        });
  const withAddons = resolveAddons(parsed.clusters ?? [], clusters, identities, context);
  return {
    clusters: withAddons.clusters,
    identities: withAddons.identities.map((identity) => associateEverywhere(identity, context)),
  };
}

/** Identities whose associations are given (by the file, or by add-ons): not associated everywhere. */
const LISTED = new WeakSet<IdentityConfig>();

/** The clusters, renamed by `CLUSTER_NAME`, and how many the file lists (valid or not). */
function resolveClusters(
  parsed: ConfigFile,
  clusterName: string | undefined,
  { file, paths, problems }: Resolution,
) {
  const listed: readonly ParsedCluster[] = parsed.clusters ?? [tutorialCluster()];
  const pathOf = (index: number) =>
    parsed.clusters === undefined
      ? 'clusters.name'
      : `clusters[${sourceIndex(parsed.clusters, index)}].name`;
  const raw = (file as { clusters?: unknown }).clusters;
  // Counted as written, so that a cluster refused for its name does not also
  // make every association look as if it needed a `cluster`.
  const declared = Array.isArray(raw) ? raw.length : 1;
  const clusters = renameCluster(listed, clusterName, problems);
  clusters.forEach((cluster, index) => paths.set(cluster, pathOf(index)));
  const renamed = clusterName !== undefined && clusters !== listed ? listed[0]?.name : undefined;
  return { clusters, declared, renamed };
}

function tutorialCluster(): ParsedCluster {
  return { name: TUTORIAL.cluster, kubernetesAuth: { kind: 'ephemeral-token' }, addons: [] };
}

/** Applies `CLUSTER_NAME`, which only makes sense when one cluster is configured. */
function renameCluster(
  clusters: readonly ParsedCluster[],
  clusterName: string | undefined,
  problems: Problems,
): readonly ParsedCluster[] {
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

interface IdentityContext extends Resolution {
  /** The clusters that passed their checks, renamed by `CLUSTER_NAME`. */
  readonly clusters: readonly ParsedCluster[];
  /** How many clusters the file lists, valid or not. */
  readonly declared: number;
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
  LISTED.add(identity);
  return identity;
}

function resolveIdentity(
  parsed: ParsedIdentity,
  path: string,
  context: IdentityContext,
): IdentityConfig | undefined {
  const role = resolveRoleName(parsed.name, parsed.role, path, context);
  if (role === undefined) return undefined;
  const placement = parsed.preset === undefined ? undefined : PRESET_PLACEMENTS[parsed.preset.name];
  // A preset refused for its own problem is reported already: what it would give is not required.
  const refusedPreset =
    placement === undefined && valueAt(context.file, path, 'preset') !== undefined;
  const listed = parsed.associations ?? [];
  if (
    parsed.associations === undefined &&
    placement === undefined &&
    !refusedPreset &&
    valueAt(context.file, path, 'associations') === undefined
  ) {
    context.problems.addField(`${path}.associations`, `is required: ${NEEDS_ASSOCIATIONS}`);
  }
  const associations = listed.flatMap((association, position) => {
    const at = `${path}.associations[${sourceIndex(listed, position)}]`;
    return resolveAssociation(association, at, placement, refusedPreset, context) ?? [];
  });
  const { associations: _, s3, ...rest } = parsed;
  const identity: IdentityConfig = {
    ...rest,
    role,
    s3:
      s3 ??
      (placement === undefined ? { access: 'managed-read-only', buckets: [] } : { access: 'none' }),
    associations,
  };
  context.paths.set(identity, path);
  if (parsed.associations !== undefined) LISTED.add(identity);
  return identity;
}

/** The role with its name: as set, or derived from the identity's name. */
function resolveRoleName(
  name: string,
  role: RoleConfig,
  path: string,
  context: Resolution,
): RoleConfig | undefined {
  if (role.name !== undefined) {
    context.paths.set(role, `${path}.role.name`);
    return role;
  }
  if (role.namePrefix !== undefined) return role;
  const derived = defaultRoleName(name);
  if (!follows(rules.iamRoleName, derived)) {
    context.problems.add(
      `${path}.name`,
      name,
      `gives the role name ${show(derived)} (${derived.length} characters), more than IAM's 64; set role.name or role.namePrefix`,
    );
    return undefined;
  }
  const named = { ...role, name: derived };
  context.paths.set(named, `${path}.name (derived role name)`);
  return named;
}

function resolveAssociation(
  association: ParsedAssociation,
  path: string,
  placement: PresetPlacement | undefined,
  refusedPreset: boolean,
  context: IdentityContext,
): AssociationConfig | undefined {
  const cluster = resolveAssociationCluster(association.cluster, path, context);
  const fromPreset = (key: 'namespace' | 'serviceAccount') => {
    const value = association[key] ?? placement?.[key];
    // Reported already when refused; required when left out without a preset.
    if (value === undefined && !refusedPreset && valueAt(context.file, path, key) === undefined) {
      context.problems.addField(`${path}.${key}`, 'is required');
    }
    return value;
  };
  const namespace = fromPreset('namespace');
  const serviceAccount = fromPreset('serviceAccount');
  if (cluster === undefined || namespace === undefined || serviceAccount === undefined) {
    return undefined;
  }
  const objects =
    association.kubernetes === undefined
      ? placement === undefined
        ? tutorialObjects()
        : undefined
      : association.kubernetes === false
        ? undefined
        : association.kubernetes;
  const resolved: AssociationConfig = {
    cluster,
    namespace,
    serviceAccount,
    tags: association.tags,
    ...(objects !== undefined && { kubernetes: objects }),
  };
  context.paths.set(resolved, path);
  return resolved;
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

/** An identity of the add-on's own: its role has the add-on's preset, nothing else. */
function addonIdentity(addonName: string, preset: PresetConfig, path: string, context: Resolution) {
  const name = `addon-${addonName}`;
  const role = { name: defaultRoleName(name), tags: {} };
  context.paths.set(role, `${path} (the add-on's role name)`);
  const identity: IdentityConfig = {
    name,
    role,
    preset,
    s3: { access: 'none' },
    managedPolicyArns: [],
    statements: [],
    trust: { sourceAccount: false, restrictToAssociations: false },
    associations: [],
  };
  context.paths.set(identity, path);
  LISTED.add(identity);
  return identity;
}

/**
 * Each cluster's add-ons, with their Pod Identity associations: to the
 * add-on's own role (one per add-on name, reused on every cluster, Pod
 * Identity's point) or to the identities `serviceAccounts` names. Each
 * association joins its identity's, so that the duplicate checks and
 * narrowed trust policies see it.
 */
function resolveAddons(
  parsedClusters: readonly ParsedCluster[],
  clusters: readonly ParsedCluster[],
  identities: readonly IdentityConfig[],
  context: IdentityContext,
): ResolvedParts {
  const byName = new Map(identities.map((identity) => [identity.name, identity]));
  const gathered = new Map<string, AssociationConfig[]>();
  const own = new Map<string, { identity: IdentityConfig; parameters: string; path: string }>();
  const { problems, paths } = context;

  const resolvedClusters = clusters.map((cluster, clusterIndex): ClusterConfig => {
    const clusterPath = (paths.get(cluster) ?? 'clusters.name').replace(/\.name$/, '');
    const source = parsedClusters[clusterIndex]?.addons ?? cluster.addons;
    let agent: PodIdentityAgentConfig | undefined = cluster.podIdentityAgent;
    const addons: AddonConfig[] = [];
    cluster.addons.forEach((addon, position) => {
      const path = `${clusterPath}.addons[${sourceIndex(source, position)}]`;
      if (addon.name === POD_IDENTITY_AGENT_ADDON) {
        if (cluster.podIdentityAgent !== undefined) {
          problems.add(
            `${path}.name`,
            addon.name,
            `is the add-on ${clusterPath}.podIdentityAgent manages already: EKS runs one per cluster, so keep one of the two`,
          );
        } else if (agent !== undefined) {
          problems.add(
            `${path}.name`,
            addon.name,
            'is listed more than once: each add-on of a cluster must be unique',
          );
        } else {
          agent = {
            resolveConflictsOnUpdate: addon.resolveConflictsOnUpdate,
            ...(addon.version !== undefined && { version: addon.version }),
          };
        }
        return;
      }
      const podIdentity: AddonPodIdentity[] = [];
      const associate = (serviceAccount: string, identity: string, at: string) => {
        podIdentity.push({ serviceAccount, identity });
        const association: AssociationConfig = {
          cluster: cluster.name,
          namespace: addon.namespace,
          serviceAccount,
          tags: {},
          addon: addon.name,
        };
        paths.set(association, at);
        gathered.set(identity, [...(gathered.get(identity) ?? []), association]);
      };
      const table = POD_IDENTITY_ADDONS[addon.name];
      const known = table === undefined ? undefined : addonPlacement(table).serviceAccounts;
      if (addon.serviceAccounts !== undefined) {
        for (const [serviceAccount, identityName] of Object.entries(addon.serviceAccounts)) {
          const at = `${path}.serviceAccounts.${serviceAccount}`;
          if (known !== undefined && !known.includes(serviceAccount)) {
            problems.addField(
              at,
              `is not a service account of add-on ${show(addon.name)} (its: ${known.join(', ')})`,
            );
          } else if (!byName.has(identityName)) {
            problems.add(
              at,
              identityName,
              `is not a configured identity (configured: ${[...byName.keys()].join(', ') || 'none'})`,
            );
          } else {
            associate(serviceAccount, identityName, at);
          }
        }
      } else if (table !== undefined && known !== undefined) {
        // Through the preset's own schema, so that its defaults apply (vpc-cni's ipFamily).
        const given = { name: table.preset, ...addon.parameters };
        const checked = presetSchema.safeParse(given);
        const preset = checked.success ? checked.data : (given as PresetConfig);
        const parameters = JSON.stringify(addon.parameters);
        const first = own.get(addon.name);
        if (first === undefined) {
          own.set(addon.name, {
            identity: addonIdentity(addon.name, preset, path, context),
            parameters,
            path,
          });
        } else if (first.parameters !== parameters) {
          problems.addField(
            path,
            `has other parameters than ${first.path} (${parameters} and ${first.parameters}): one role serves the add-on on every cluster, so give both the same, or map its service accounts to identities with serviceAccounts`,
          );
        }
        for (const serviceAccount of known) associate(serviceAccount, `addon-${addon.name}`, path);
      }
      const { serviceAccounts: _, parameters: __, ...rest } = addon;
      const resolved: AddonConfig = { ...rest, podIdentity };
      paths.set(resolved, path);
      addons.push(resolved);
    });
    const resolved: ClusterConfig = {
      name: cluster.name,
      kubernetesAuth: cluster.kubernetesAuth,
      ...(agent !== undefined && { podIdentityAgent: agent }),
      addons,
    };
    paths.set(resolved, paths.get(cluster) ?? 'clusters.name');
    return resolved;
  });

  const all = [...identities, ...[...own.values()].map((entry) => entry.identity)];
  return {
    clusters: resolvedClusters,
    identities: all.map((identity) => {
      const extra = gathered.get(identity.name);
      if (extra === undefined) return identity;
      const joined: IdentityConfig = {
        ...identity,
        associations: [...identity.associations, ...extra],
      };
      paths.set(joined, paths.get(identity) ?? '(unknown)');
      if (LISTED.has(identity) || extra.length > 0) LISTED.add(joined);
      return joined;
    }),
  };
}

/**
 * A preset identity whose associations the file leaves out, and that no
 * add-on uses: associated on every configured cluster with the preset's
 * namespace and service account, creating nothing in the cluster (the
 * controller's Helm chart creates its service account).
 */
function associateEverywhere(identity: IdentityConfig, context: IdentityContext): IdentityConfig {
  if (LISTED.has(identity) || identity.preset === undefined) return identity;
  const placement = PRESET_PLACEMENTS[identity.preset.name];
  const path = context.paths.get(identity) ?? '(unknown)';
  const associations = context.clusters.map((cluster) => {
    const association: AssociationConfig = {
      cluster: cluster.name,
      namespace: placement.namespace,
      serviceAccount: placement.serviceAccount,
      tags: {},
    };
    context.paths.set(association, `${path}.preset (on cluster ${cluster.name})`);
    return association;
  });
  const everywhere: IdentityConfig = { ...identity, associations };
  context.paths.set(everywhere, path);
  return everywhere;
}

/** The value the file holds at `path` (`identities[0].associations[1]`) and `key`. */
export function valueAt(file: object, path: string, key: string): unknown {
  let value: unknown = file;
  for (const part of [...path.split(/[.[\]]+/).filter((p) => p !== ''), key]) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
