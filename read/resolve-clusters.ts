import { Problems } from '../check/problems';
import { byDefault, fromEnvironment, inFile, Origin } from '../core/origin';
import * as rules from '../core/rules';
import { follows } from '../core/rules';
import { ESSENTIAL_ADDONS, POD_IDENTITY_AGENT_ADDON } from '../model/addons';
import { agentSettings, ClusterSettings } from '../model/clusters';
import { KubernetesAuth, PodIdentityAgent } from '../model/model';
import { TUTORIAL } from '../model/tutorial';
import { Lenient, present } from './lenient';

const ENV_CLUSTER = fromEnvironment('CLUSTER_NAME');

/** A cluster entry of the file that passed its checks, with its name as configured or renamed. */
export interface ListedCluster {
  readonly name: string;
  readonly origin: Origin;
  readonly settings: Lenient<ClusterSettings> | undefined;
}

/** The clusters, renamed by `CLUSTER_NAME`, and what the file says of them. */
export interface ResolvedClusters {
  /** Those that passed their checks (renamed by `CLUSTER_NAME`), or the tutorial's. */
  readonly clusters: readonly ListedCluster[];
  /** How many clusters the file lists, valid or not. */
  readonly declared: number;
  /** The configured name of the one cluster that `CLUSTER_NAME` renamed. */
  readonly renamed: string | undefined;
}

/** The file's clusters (the tutorial's when it lists none), renamed by `CLUSTER_NAME`. */
export function resolveClusters(
  listed: Lenient<readonly ClusterSettings[]> | undefined,
  clusterName: string | undefined,
  problems: Problems,
): ResolvedClusters {
  const clusters: ListedCluster[] =
    listed === undefined
      ? [{ name: TUTORIAL.cluster, origin: byDefault('clusters'), settings: undefined }]
      : present(listed).map(([settings, index]) => ({
          name: settings.name,
          origin: inFile('clusters', index),
          settings,
        }));
  // Counted as written, so that a cluster refused for its name does not also
  // make every association look as if it needed a `cluster`.
  const declared = listed === undefined ? 1 : listed.length;
  if (clusterName === undefined) return { clusters, declared, renamed: undefined };
  if (!follows(rules.eksClusterName, clusterName)) {
    problems.add(ENV_CLUSTER, clusterName, `is not ${rules.eksClusterName.description}`);
    return { clusters, declared, renamed: undefined };
  }
  if (clusters.length > 1) {
    problems.add(
      ENV_CLUSTER,
      clusterName,
      `cannot rename the cluster: the configuration names ${clusters.length} clusters (${clusters
        .map((c) => c.name)
        .join(', ')}); unset CLUSTER_NAME or configure one cluster`,
    );
    return { clusters, declared, renamed: undefined };
  }
  return {
    clusters: clusters.map((cluster) => ({ ...cluster, name: clusterName })),
    declared,
    renamed: clusters[0]?.name,
  };
}

/** How the workload stack's Kubernetes provider authenticates to `cluster`. */
export function kubernetesAuthOf(cluster: ListedCluster): KubernetesAuth {
  const access = cluster.settings?.kubernetes;
  if (access === undefined || access.auth === 'ephemeral-token') return { kind: 'ephemeral-token' };
  if (access.auth === 'exec') return { kind: 'exec' };
  return {
    kind: 'kubeconfig',
    path: access.kubeconfigPath ?? '~/.kube/config',
    context: access.kubeconfigContext,
  };
}

/** The agent add-on `podIdentityAgent` asks for: true takes its defaults. */
export function podIdentityAgentOf(cluster: ListedCluster): PodIdentityAgent | undefined {
  const agent = cluster.settings?.podIdentityAgent ?? false;
  if (agent === false) return undefined;
  const settings = agent === true ? agentSettings.parse({}) : agent;
  return agentOf(settings.version, settings.resolveConflictsOnUpdate);
}

/**
 * The agent add-on: it takes over an agent installed by hand (OVERWRITE on
 * create), and stays on the cluster when Terraform deletes it.
 */
export function agentOf(
  version: string | undefined,
  resolveConflictsOnUpdate: PodIdentityAgent['resolveConflictsOnUpdate'],
): PodIdentityAgent {
  return {
    version,
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate,
    preserve: ESSENTIAL_ADDONS.includes(POD_IDENTITY_AGENT_ADDON),
  };
}
