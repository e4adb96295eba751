import { show } from '../core/json-value';
import { describe, inFile } from '../core/origin';
import { ASSOCIATIONS_PER_CLUSTER } from '../core/quotas';
import { Identity } from '../model/model';
import { Problems } from './problems';

/** One association per service account and cluster (EKS's rule), and EKS's quota per cluster. */
export function checkAssociations(identities: readonly Identity[], problems: Problems): void {
  const owners = new Map<string, string>();
  const perCluster = new Map<string, number>();
  for (const identity of identities) {
    for (const association of identity.associations) {
      const key = `${association.cluster}\u0000${association.namespace}\u0000${association.serviceAccount}`;
      const owner = owners.get(key);
      if (owner !== undefined) {
        problems.addField(
          association.origin,
          `namespace ${show(association.namespace)} and service account ${show(association.serviceAccount)} on cluster ${show(association.cluster)} are already associated by ${owner}: EKS allows one association per service account`,
        );
      } else {
        owners.set(key, describe(association.origin));
      }
      perCluster.set(association.cluster, (perCluster.get(association.cluster) ?? 0) + 1);
    }
  }
  for (const [cluster, count] of perCluster) {
    if (count > ASSOCIATIONS_PER_CLUSTER) {
      problems.addField(
        inFile('identities'),
        `${count} associations on cluster ${show(cluster)}, more than EKS's quota of ${ASSOCIATIONS_PER_CLUSTER} Pod Identity associations per cluster`,
      );
    }
  }
}
