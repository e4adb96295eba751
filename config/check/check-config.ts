import { PodIdentityConfig } from '../schema/types';
import { Problems } from '../read/problems';
import { checkAssociations } from './associations';
import { checkRolePlan } from './iam-limits';
import { checkKubernetesObjects } from './kubernetes-objects';
import { checkPartitions, checkStateKey } from './partitions';
import { checkPresets } from './presets';
import { checkTagCounts } from './tags';
import { checkWorkspaceNames } from './terraform-cloud';
import { checkUnique, Paths } from './unique';

export type { Paths } from './unique';

/** The configuration the cross-checks look at: the region only when it is valid. */
export type CheckedParts = Omit<PodIdentityConfig, 'region'> & { readonly region?: string };

/**
 * Checks that span entries: unique names, one association per service
 * account, EKS's and IAM's quotas, ARNs in the region's partition,
 * Kubernetes objects shared between associations, Terraform Cloud workspace
 * names. They run on the valid part of a file, after the schema's checks.
 */
export function checkConfig(parts: CheckedParts, paths: Paths, problems: Problems): void {
  const pathOf = (entry: object) => paths.get(entry) ?? '(unknown)';
  checkUnique(
    parts.clusters.map((c) => ({ path: pathOf(c), value: c.name })),
    'cluster name',
    problems,
  );
  checkUnique(
    parts.identities.map((i) => ({ path: `${pathOf(i)}.name`, value: i.name })),
    'identity name',
    problems,
  );
  // IAM role names are unique regardless of case.
  checkUnique(
    parts.identities.flatMap((i) =>
      i.role.name === undefined ? [] : [{ path: pathOf(i.role), value: i.role.name }],
    ),
    'role name',
    problems,
    (name) => name.toLowerCase(),
  );
  for (const identity of parts.identities) {
    const path = pathOf(identity);
    if (identity.s3.access !== 'none') {
      checkUnique(
        identity.s3.buckets.map((value) => ({ path: `${path}.s3.buckets`, value })),
        'bucket',
        problems,
      );
    }
    if (parts.region !== undefined) {
      checkPartitions(identity, path, parts.region, parts.partition, problems);
    }
    // A role is only planned (and its IAM limits measured) once its preset can build it.
    if (checkPresets(identity, path, problems)) checkRolePlan(identity, path, parts, problems);
  }
  for (const cluster of parts.clusters) {
    checkUnique(
      cluster.addons.map((addon) => ({ path: `${pathOf(addon)}.name`, value: addon.name })),
      'add-on of a cluster',
      problems,
    );
  }
  checkAssociations(parts.identities, pathOf, problems);
  checkKubernetesObjects(parts.identities, pathOf, problems);
  checkTagCounts(parts.identities, parts.defaultTags, pathOf, problems);
  checkWorkspaceNames(parts, problems);
  if (parts.backend.kind === 's3' && parts.region !== undefined) {
    checkStateKey(parts.backend.kmsKeyId, parts.region, parts.partition, problems);
  }
}
