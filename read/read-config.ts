import { checkModel } from '../check/check-model';
import { Problems } from '../check/problems';
import { kindOf } from '../core/json-value';
import { derived, describe, field, fromEnvironment, inFile, pathOf } from '../core/origin';
import { partitionOf } from '../core/partition';
import { IAM_QUOTAS } from '../core/quotas';
import * as rules from '../core/rules';
import { follows } from '../core/rules';
import { Association, Identity, IrsaTrust, Model } from '../model/model';
import { TUTORIAL } from '../model/tutorial';
import { presetPlacement } from '../presets/catalogue';
import { ConfigError } from './config-error';
import { DuplicateKey } from './json-text';
import { parseFile } from './parse-file';
import { resolveAddons } from './resolve-addons';
import { resolveBackend, TerraformCloudVariables } from './resolve-backend';
import { ListedCluster, resolveClusters } from './resolve-clusters';
import { identitiesOf, ResolvedIdentity, tutorialIdentity } from './resolve-identities';

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
  readonly terraformCloud?: TerraformCloudVariables;
}

/**
 * Checks the whole configuration and resolves every default. Throws a
 * `ConfigError` listing every problem; nothing is built from a configuration
 * that has one.
 */
export function readConfig(inputs: ConfigInputs): Model {
  const { model, problems } = inspectConfig(inputs);
  if (model === undefined || problems.length > 0) {
    throw new ConfigError(inputs.source, problems);
  }
  return model;
}

export interface InspectedConfig {
  /** The valid part of the configuration, resolved; undefined when the file is not an object. */
  readonly model?: Model;
  /** Every problem, in the order found: the schema's, the environment's, the cross-field ones. */
  readonly problems: readonly string[];
}

/**
 * Reads the configuration without refusing it: its valid part, resolved,
 * and every problem. The schema reports what is wrong with each field; the
 * resolution and the cross-field checks then run on the valid part of the
 * file, so one run reports everything.
 */
export function inspectConfig(inputs: ConfigInputs): InspectedConfig {
  const problems = new Problems();
  for (const key of inputs.duplicateKeys ?? []) {
    problems.addField(
      inFile(...key.path),
      `is written ${key.lines.length} times in one object (lines ${key.lines.join(', ')}): JSON keeps only the last value, so write it once`,
    );
  }
  const written = inputs.file === undefined ? {} : inputs.file;
  if (typeof written !== 'object' || written === null || Array.isArray(written)) {
    problems.add(
      inFile(),
      written,
      `is ${kindOf(written)}, not an object: a configuration file holds one JSON object`,
    );
    return { problems: problems.list };
  }

  const { file, refused } = parseFile(written, problems);
  const region = resolveRegion(file.region, refused(['region']), inputs.region, problems);
  const clusters = resolveClusters(file.clusters, inputs.clusterName, problems);
  const hasAddons = (file.clusters ?? []).some((cluster) => (cluster?.addons.length ?? 0) > 0);
  const listed =
    file.identities === undefined
      ? hasAddons
        ? []
        : [tutorialIdentity(clusters.clusters[0]?.name ?? TUTORIAL.cluster, problems)]
      : identitiesOf(file.identities, {
          clusters,
          refused: (origin) => refused(pathOf(origin)),
          problems,
        });
  const withAddons = resolveAddons(clusters.clusters, listed, problems);
  const regionOrDefault = region ?? TUTORIAL.region;
  const model: Model = {
    environment: file.environment,
    region: regionOrDefault,
    partition: partitionOf(regionOrDefault),
    defaultTags: file.defaultTags,
    iamLimits: {
      managedPoliciesPerRole: file.iamLimits.managedPoliciesPerRole,
      trustPolicyCharacters: file.iamLimits.trustPolicyCharacters,
      managedPolicyCharacters: IAM_QUOTAS.managedPolicyCharacters,
      inlinePolicyCharacters: IAM_QUOTAS.inlinePolicyCharacters,
    },
    clusters: withAddons.clusters,
    identities: withAddons.identities.map((entry) =>
      withIrsaTrust(
        associatedEverywhere(entry, clusters.clusters),
        entry,
        clusters.clusters,
        problems,
      ),
    ),
    backend: resolveBackend(inputs.terraformCloud ?? {}, file, regionOrDefault, problems),
  };
  checkModel(model, problems, { regionKnown: region !== undefined });
  return { model, problems: problems.list };
}

const ENV_REGION = fromEnvironment('AWS_REGION');

/** The region: the environment's, the file's, or the tutorial's; undefined when refused. */
function resolveRegion(
  written: string,
  refused: boolean,
  given: string | undefined,
  problems: Problems,
): string | undefined {
  if (given === undefined) return refused ? undefined : written;
  if (!follows(rules.awsRegion, given)) {
    problems.add(ENV_REGION, given, `is not ${rules.awsRegion.description}`);
    return undefined;
  }
  return given;
}

/**
 * IRSA's trust of an identity that migrates from IRSA: on each cluster it is
 * associated on (but through add-ons, which IRSA never served), a statement
 * for that cluster's OIDC provider admitting exactly its service accounts.
 */
function withIrsaTrust(
  identity: Identity,
  entry: ResolvedIdentity,
  clusters: readonly ListedCluster[],
  problems: Problems,
): Identity {
  if (!entry.migratesFromIrsa) return identity;
  const irsa = clusters.flatMap((cluster): IrsaTrust[] => {
    const own = identity.associations.filter(
      (a) => a.cluster === cluster.name && a.addon === undefined,
    );
    if (own.length === 0) return [];
    const oidcProviderArn = cluster.settings?.oidcProviderArn;
    if (oidcProviderArn === undefined) {
      problems.addField(
        field(identity.origin, 'migrateFromIrsa'),
        `needs ${describe(field(cluster.origin, 'oidcProviderArn'))}: the IRSA trust names the OIDC provider of cluster ${JSON.stringify(cluster.name)}, which the configuration does not give (npm run import-irsa finds it from the cluster)`,
      );
      return [];
    }
    const subjects = [
      ...new Set(own.map((a) => `system:serviceaccount:${a.namespace}:${a.serviceAccount}`)),
    ];
    return [
      {
        cluster: cluster.name,
        oidcProviderArn,
        issuer: oidcProviderArn.slice(oidcProviderArn.indexOf(':oidc-provider/') + 15),
        subjects,
      },
    ];
  });
  return { ...identity, irsa };
}

/**
 * A preset identity whose associations the file leaves out, and that no
 * add-on uses: associated on every configured cluster with the preset's
 * namespace and service accounts, creating nothing in the cluster (the
 * controller's Helm chart creates them).
 */
function associatedEverywhere(entry: ResolvedIdentity, clusters: readonly ListedCluster[]) {
  const { identity } = entry;
  if (entry.associationsListed || identity.preset === undefined) return identity;
  const placement = presetPlacement(identity.preset.settings.name);
  const associations = clusters.flatMap((cluster) =>
    placement.serviceAccounts.map((serviceAccount): Association => ({
      cluster: cluster.name,
      namespace: placement.namespace,
      serviceAccount,
      origin: derived(field(identity.origin, 'preset'), `on cluster ${cluster.name}`),
      tags: {},
      kubernetes: undefined,
      addon: undefined,
    })),
  );
  return { ...identity, associations };
}
