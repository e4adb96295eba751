import { Association, Cluster } from './model';

/**
 * Stack names, which are also the folders under `cdktf.out/stacks/` and,
 * behind a prefix, the Terraform Cloud workspace names. The environment label
 * keeps two environments apart in one organization or one state folder.
 */
export function awsStackName(environment: string): string {
  return `pod-identity-${environment}-aws`;
}

export function workloadStackName(environment: string, cluster: string): string {
  return `pod-identity-${environment}-workload-${cluster}`;
}

/** Clusters that get a workload stack: those where some association creates Kubernetes objects. */
export function clustersWithWorkloads<C extends Pick<Cluster, 'name'>>(
  clusters: readonly C[],
  identities: readonly {
    readonly associations: readonly Pick<Association, 'cluster' | 'kubernetes'>[];
  }[],
): C[] {
  const used = new Set(
    identities.flatMap((identity) =>
      identity.associations.filter((a) => a.kubernetes !== undefined).map((a) => a.cluster),
    ),
  );
  return clusters.filter((cluster) => used.has(cluster.name));
}
