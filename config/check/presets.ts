import { IdentityConfig } from '../schema/types';
import { Problems } from '../read/problems';
import { presetPath } from './partitions';

/**
 * What a preset's policy needs from the rest of the configuration: Karpenter
 * scopes its policy to one cluster's tags and node role, so its cluster must
 * be known.
 */
export function checkPresets(identity: IdentityConfig, path: string, problems: Problems): void {
  const preset = identity.preset;
  if (preset?.name !== 'karpenter' || preset.clusterName !== undefined) return;
  const clusters = [...new Set(identity.associations.map((a) => a.cluster))];
  if (clusters.length === 1) return;
  problems.addField(
    `${presetPath(path)}.clusterName`,
    `is required when the identity is associated on ${clusters.length === 0 ? 'no cluster' : `more than one cluster (${clusters.join(', ')})`}: Karpenter's policy is scoped to one cluster's tags, node role and interruption queue`,
  );
}
