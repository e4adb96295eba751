import { field, inFile } from '../core/origin';
import { Model } from '../model/model';
import { checkAssociations } from './associations';
import { checkRolePlan } from './iam-limits';
import { checkKubernetesObjects } from './kubernetes-objects';
import { checkPartitions } from './partitions';
import { checkPresets } from './presets';
import { Problems } from './problems';
import { checkTagCounts } from './tags';
import { checkWorkspaceNames } from './terraform-cloud';
import { checkUnique } from './unique';

export interface CheckOptions {
  /**
   * Whether the region was given validly: when it was refused, the model
   * carries the tutorial's, and ARNs are not checked against its partition.
   */
  readonly regionKnown: boolean;
}

/**
 * Checks that span entries, over the resolved model: unique names, one
 * association per service account, EKS's and IAM's quotas, ARNs in the
 * region's partition, Kubernetes objects shared between associations,
 * Terraform Cloud workspace names. They run on the valid part of a file,
 * after the schema's checks.
 */
export function checkModel(model: Model, problems: Problems, options: CheckOptions): void {
  checkUnique(
    model.clusters.map((c) => ({ origin: field(c.origin, 'name'), value: c.name })),
    'cluster name',
    problems,
  );
  checkUnique(
    model.identities.map((i) => ({ origin: field(i.origin, 'name'), value: i.name })),
    'identity name',
    problems,
  );
  // IAM role names are unique regardless of case.
  checkUnique(
    model.identities.flatMap((i) =>
      i.role.name === undefined ? [] : [{ origin: i.role.nameOrigin, value: i.role.name }],
    ),
    'role name',
    problems,
    (name) => name.toLowerCase(),
  );
  // An existing role serves one identity: two would each claim its associations' trust.
  checkUnique(
    model.identities.flatMap((i) =>
      i.role.arn === undefined ? [] : [{ origin: i.role.nameOrigin, value: i.role.arn }],
    ),
    'existing role',
    problems,
  );
  for (const identity of model.identities) {
    if (identity.s3.access !== 'none') {
      const buckets = field(identity.origin, 's3', 'buckets');
      checkUnique(
        identity.s3.buckets.map((value) => ({ origin: buckets, value })),
        'bucket',
        problems,
      );
    }
    if (options.regionKnown) {
      checkPartitions(identity.arns, model.region, model.partition, problems);
    }
    // A role is only planned (and its IAM limits measured) once its preset can build it.
    if (checkPresets(identity, problems)) checkRolePlan(identity, model, problems);
  }
  for (const cluster of model.clusters) {
    if (cluster.oidcProviderArn !== undefined && options.regionKnown) {
      checkPartitions(
        [{ arn: cluster.oidcProviderArn, origin: field(cluster.origin, 'oidcProviderArn') }],
        model.region,
        model.partition,
        problems,
      );
    }
    checkUnique(
      cluster.addons.map((addon) => ({ origin: field(addon.origin, 'name'), value: addon.name })),
      'add-on of a cluster',
      problems,
    );
  }
  checkAssociations(model.identities, problems);
  checkKubernetesObjects(model.identities, problems);
  checkTagCounts(model.identities, model.defaultTags, problems);
  checkWorkspaceNames(model, problems);
  if (model.backend.kind === 's3' && model.backend.kmsKeyId !== undefined && options.regionKnown) {
    checkPartitions(
      [{ arn: model.backend.kmsKeyId, origin: inFile('backend', 's3', 'kmsKeyId') }],
      model.region,
      model.partition,
      problems,
    );
  }
}
