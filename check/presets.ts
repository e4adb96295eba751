import { field } from '../core/origin';
import { Identity } from '../model/model';
import { presetSchema } from '../presets/catalogue';
import { Problems } from './problems';

/**
 * What a preset's policy needs from the rest of the configuration: Karpenter
 * scopes its policy to one cluster's tags and node role, so its cluster must
 * be known, and its queue means nothing without interruption handling; the
 * Cluster Autoscaler's clusterNames must name every cluster it runs on.
 * Returns whether the identity's role can be planned: its preset's settings
 * are whole and its cluster is known.
 */
export function checkPresets(identity: Identity, problems: Problems): boolean {
  if (identity.preset === undefined) return true;
  const { settings, origin } = identity.preset;
  // Settings the schema refused (Velero's empty bucketArns, say) were left out of
  // what is checked here, and reported where the schema read them: the policy
  // cannot be built without them.
  if (!presetSchema.safeParse(settings).success) return false;
  if (settings.name === 'cluster-autoscaler' && settings.clusterNames !== undefined) {
    const named = settings.clusterNames;
    const unnamed = [...new Set(identity.associations.map((a) => a.cluster))].filter(
      (cluster) => !named.includes(cluster),
    );
    if (unnamed.length > 0) {
      problems.addField(
        field(origin, 'clusterNames'),
        `does not name ${unnamed.map((c) => JSON.stringify(c)).join(', ')}, where the identity is associated: the autoscaler there could not scale its cluster's groups; add it, or associate the identity only on the clusters named`,
      );
    }
    return true;
  }
  if (settings.name !== 'karpenter') return true;
  if (!settings.interruption && settings.interruptionQueueArn !== undefined) {
    problems.add(
      field(origin, 'interruptionQueueArn'),
      settings.interruptionQueueArn,
      'is set while interruption is false: without interruption handling Karpenter reads no queue; remove one of them',
    );
  }
  if (settings.clusterName !== undefined) return true;
  const clusters = [...new Set(identity.associations.map((a) => a.cluster))];
  if (clusters.length === 1) return true;
  problems.addField(
    field(origin, 'clusterName'),
    `is required when the identity is associated on ${clusters.length === 0 ? 'no configured cluster' : `more than one cluster (${clusters.join(', ')})`}: Karpenter's policy is scoped to one cluster's tags, node role and interruption queue`,
  );
  return false;
}
