import { ASSOCIATIONS_PER_CLUSTER, IAM_QUOTAS, TUTORIAL } from './defaults';
import { Problems, show } from './json-reader';
import {
  awsStackName,
  clustersWithWorkloads,
  WORKSPACE_NAME_MAX,
  workloadStackName,
} from './stack-names';
import { AwsPartition, BackendConfig, ClusterConfig, IamLimits, IdentityConfig } from './types';
import {
  ACCOUNT_ID_STAND_IN,
  extraStatements,
  managedPolicyArn,
  policyLength,
  s3ManagedPolicies,
  s3ReadStatements,
  trustStatements,
} from '../modules/policy-statements';

/** Where each resolved cluster, identity and association was written, for messages. */
export type Paths = WeakMap<object, string>;

/** The parts of the configuration that the cross-checks look at. */
export interface CheckedParts {
  readonly environment: string;
  /** The region, when valid; cluster ARNs in narrowed trust policies contain it. */
  readonly region?: string;
  readonly clusters: readonly ClusterConfig[];
  readonly identities: readonly IdentityConfig[];
  readonly iamLimits: IamLimits;
  readonly partition: AwsPartition;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly backend: BackendConfig;
}

/**
 * Checks that span entries: unique names, one association per service
 * account, EKS's and IAM's quotas, Kubernetes objects shared between
 * associations, Terraform Cloud workspace names.
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
    checkManagedPolicies(identity, path, parts.partition, problems);
    checkIamLimits(identity, path, parts, problems);
  }
  checkAssociations(parts.identities, pathOf, problems);
  checkKubernetesObjects(parts.identities, pathOf, problems);
  checkTagCounts(parts.identities, parts.defaultTags, pathOf, problems);
  checkWorkspaceNames(parts, problems);
}

interface Entry {
  readonly path: string;
  readonly value: string;
}

function checkUnique(
  entries: readonly Entry[],
  what: string,
  problems: Problems,
  key: (value: string) => string = (value) => value,
): void {
  const first = new Map<string, Entry>();
  for (const entry of entries) {
    const earlier = first.get(key(entry.value));
    if (earlier === undefined) {
      first.set(key(entry.value), entry);
    } else if (earlier.path === entry.path) {
      problems.add(
        entry.path,
        entry.value,
        `is listed more than once: each ${what} must be unique`,
      );
    } else {
      problems.add(
        entry.path,
        entry.value,
        `is also the ${what} of ${earlier.path}${earlier.value === entry.value ? '' : ` (${show(earlier.value)})`}: each ${what} must be unique`,
      );
    }
  }
}

/** The same policy twice would count twice against the quota and attach twice. */
function checkManagedPolicies(
  identity: IdentityConfig,
  path: string,
  partition: AwsPartition,
  problems: Problems,
): void {
  checkUnique(
    identity.managedPolicyArns.map((value) => ({ path: `${path}.managedPolicyArns`, value })),
    'managed policy',
    problems,
  );
  for (const name of s3ManagedPolicies(identity)) {
    const arn = managedPolicyArn(partition, name);
    if (identity.managedPolicyArns.includes(arn)) {
      problems.add(
        `${path}.managedPolicyArns`,
        arn,
        `is attached already by s3.access "managed-read-only": leave it out`,
      );
    }
  }
}

/** One association per service account and cluster, and EKS's quota per cluster. */
function checkAssociations(
  identities: readonly IdentityConfig[],
  pathOf: (entry: object) => string,
  problems: Problems,
): void {
  const owners = new Map<string, string>();
  const perCluster = new Map<string, number>();
  for (const identity of identities) {
    for (const association of identity.associations) {
      const path = pathOf(association);
      const key = `${association.cluster}\u0000${association.namespace}\u0000${association.serviceAccount}`;
      const owner = owners.get(key);
      if (owner !== undefined) {
        problems.addField(
          path,
          `namespace ${show(association.namespace)} and service account ${show(association.serviceAccount)} on cluster ${show(association.cluster)} are already associated by ${owner}: EKS allows one association per service account`,
        );
      } else {
        owners.set(key, path);
      }
      perCluster.set(association.cluster, (perCluster.get(association.cluster) ?? 0) + 1);
    }
  }
  for (const [cluster, count] of perCluster) {
    if (count > ASSOCIATIONS_PER_CLUSTER) {
      problems.addField(
        'identities',
        `${count} associations on cluster ${show(cluster)}, more than EKS's quota of ${ASSOCIATIONS_PER_CLUSTER} Pod Identity associations per cluster`,
      );
    }
  }
}

/** Kubernetes objects shared between associations must agree, and names must not clash. */
function checkKubernetesObjects(
  identities: readonly IdentityConfig[],
  pathOf: (entry: object) => string,
  problems: Problems,
): void {
  const namespaces = new Map<string, { create: boolean; path: string }>();
  const names = new Map<string, string>();
  const claim = (key: string, path: string, what: string) => {
    const owner = names.get(key);
    if (owner === undefined) names.set(key, path);
    else
      problems.addField(path, `${what} is also created by ${owner}: give one of them another name`);
  };
  for (const identity of identities) {
    for (const association of identity.associations) {
      const objects = association.kubernetes;
      if (objects === undefined) continue;
      const path = `${pathOf(association)}.kubernetes`;
      const where = `in namespace ${show(association.namespace)} on cluster ${show(association.cluster)}`;
      const namespaceKey = `${association.cluster}\u0000${association.namespace}`;
      const namespace = namespaces.get(namespaceKey);
      if (namespace === undefined) {
        namespaces.set(namespaceKey, { create: objects.createNamespace, path });
      } else if (namespace.create !== objects.createNamespace) {
        problems.add(
          `${path}.createNamespace`,
          objects.createNamespace,
          `disagrees with ${namespace.path}.createNamespace for namespace ${show(association.namespace)} on cluster ${show(association.cluster)}`,
        );
      }
      if (objects.deployment !== undefined) {
        claim(
          `deployment\u0000${namespaceKey}\u0000${objects.deployment.name}`,
          `${path}.deployment.name`,
          `deployment ${show(objects.deployment.name)} ${where}`,
        );
      }
      if (objects.verificationJob !== undefined) {
        claim(
          `job\u0000${namespaceKey}\u0000${objects.verificationJob.name}`,
          `${path}.verificationJob.name`,
          `job ${show(objects.verificationJob.name)} ${where}`,
        );
        if (identity.s3.access === 'none') {
          problems.addField(
            `${path}.verificationJob`,
            `has nothing to check: ${pathOf(identity)}.s3.access is "none", so the role reads no bucket`,
          );
        }
      }
    }
  }
}

/** IAM's quotas, checked here so that they fail at synth instead of at apply. */
function checkIamLimits(
  identity: IdentityConfig,
  path: string,
  parts: CheckedParts,
  problems: Problems,
): void {
  const limits = parts.iamLimits;
  const context = {
    partition: parts.partition,
    region: parts.region ?? TUTORIAL.region,
    accountId: ACCOUNT_ID_STAND_IN,
  };
  const managed =
    s3ManagedPolicies(identity).length +
    (identity.s3.access === 'bucket-scoped' ? 1 : 0) +
    identity.managedPolicyArns.length;
  if (managed > limits.managedPoliciesPerRole) {
    problems.addField(
      path,
      `attaches ${managed} managed policies to its role, more than the ${limits.managedPoliciesPerRole} IAM allows (iamLimits.managedPoliciesPerRole raises it to at most ${IAM_QUOTAS.managedPoliciesPerRole.max} once AWS has raised the quota)`,
    );
  }
  const sizes: readonly [string, number, number, string][] = [
    [
      'a trust policy',
      policyLength(trustStatements(identity, context)),
      limits.trustPolicyCharacters,
      ` (iamLimits.trustPolicyCharacters raises it to at most ${IAM_QUOTAS.trustPolicyCharacters.max} once AWS has raised the quota)`,
    ],
    [
      'a bucket-scoped S3 policy',
      policyLength(s3ReadStatements(identity, context)),
      limits.managedPolicyCharacters,
      '',
    ],
    [
      'an inline policy (statements)',
      policyLength(extraStatements(identity)),
      limits.inlinePolicyCharacters,
      '',
    ],
  ];
  for (const [what, length, limit, hint] of sizes) {
    if (length > limit) {
      problems.addField(
        path,
        `has ${what} of ${length} characters, more than the ${limit} IAM allows${hint}`,
      );
    }
  }
}

/**
 * IAM and EKS take at most 50 tags per resource, the provider's default tags
 * included. A map over 50 on its own is reported where it is read.
 */
function checkTagCounts(
  identities: readonly IdentityConfig[],
  defaultTags: Readonly<Record<string, string>>,
  pathOf: (entry: object) => string,
  problems: Problems,
): void {
  const max = IAM_QUOTAS.tagsPerResource;
  if (Object.keys(defaultTags).length > max) return;
  const check = (tags: Readonly<Record<string, string>>, path: string, what: string) => {
    if (Object.keys(tags).length > max) return;
    const count = new Set([...Object.keys(defaultTags), ...Object.keys(tags)]).size;
    if (count > max) {
      problems.addField(
        path,
        `with defaultTags ${what} has ${count} tags, more than the ${max} AWS allows`,
      );
    }
  };
  for (const identity of identities) {
    check(identity.role.tags, `${pathOf(identity)}.role.tags`, 'the role');
    for (const association of identity.associations) {
      check(association.tags, `${pathOf(association)}.tags`, 'the association');
    }
  }
}

function checkWorkspaceNames(parts: CheckedParts, problems: Problems): void {
  if (parts.backend.kind !== 'cloud') return;
  const prefix = parts.backend.workspacePrefix;
  const stacks = [
    awsStackName(parts.environment),
    ...clustersWithWorkloads(parts.clusters, parts.identities).map((c) =>
      workloadStackName(parts.environment, c.name),
    ),
  ];
  for (const stack of stacks) {
    const workspace = `${prefix}${stack}`;
    if (workspace.length > WORKSPACE_NAME_MAX) {
      problems.addField(
        'terraformCloud',
        `the workspace name ${JSON.stringify(workspace)} (prefix ${JSON.stringify(prefix)} + stack ${JSON.stringify(stack)}) is ${workspace.length} characters, more than the ${WORKSPACE_NAME_MAX} Terraform Cloud allows; shorten terraformCloud.workspacePrefix, the environment or the cluster name`,
      );
    }
  }
}
