import * as z from 'zod';
import { backend, terraformCloud } from './backend';
import { cluster } from './clusters';
import { about, integer, list, named, settings, stringMap, text } from '../core/fields';
import { identity } from './identities';
import { IAM_QUOTAS } from '../core/quotas';
import * as rules from '../core/rules';
import { TUTORIAL } from './tutorial';

/**
 * The configuration file: one environment (an AWS account and region), its
 * clusters and its identities. The single definition from which the reader,
 * the types, `pod-identity.schema.json` and `docs/configuration.md` come.
 */

const quota = (what: string, name: keyof typeof RAISABLE) => {
  const { default: standard, max } = RAISABLE[name];
  return about(
    integer(
      standard,
      max,
      ` (from AWS's default quota ${standard} to the most it can be raised to, ${max})`,
    ),
    `${what}: raise it once AWS has raised your account's quota (AWS default ${standard}, at most ${max}).`,
  ).default(standard);
};

const RAISABLE = {
  managedPoliciesPerRole: IAM_QUOTAS.managedPoliciesPerRole,
  trustPolicyCharacters: IAM_QUOTAS.trustPolicyCharacters,
} as const;

const iamLimits = about(
  settings({
    managedPoliciesPerRole: quota('Managed policies one role may have', 'managedPoliciesPerRole'),
    trustPolicyCharacters: quota("Characters of a role's trust policy", 'trustPolicyCharacters'),
  }),
  'IAM quotas the roles are checked against at synth, where AWS lets an account raise them.',
).prefault({});

export const configFile = settings({
  $schema: about(
    text().optional(),
    'The JSON Schema of this file, for editors: ../pod-identity.schema.json from examples/.',
  ),
  environment: named(
    rules.environmentLabel,
    'Label of this environment (one account and region): part of every stack name, pod-identity-<environment>-aws and pod-identity-<environment>-workload-<cluster>, and so of state file and workspace names.',
  ).default(TUTORIAL.environment),
  region: named(
    rules.awsRegion,
    'AWS region of the clusters, in any partition; ARNs use its partition. AWS_REGION overrides it.',
  ).default(TUTORIAL.region),
  defaultTags: about(
    stringMap(rules.awsTagKey, rules.awsTagValue, {
      max: IAM_QUOTAS.tagsPerResource,
      what: 'tags',
    }),
    "The AWS provider default_tags: on every role, policy and association. Counted with each resource's own tags against AWS's limit of 50.",
  ).prefault({}),
  iamLimits,
  terraformCloud,
  backend,
  clusters: about(
    list(cluster, "list at least one cluster, or leave clusters out for the tutorial's").optional(),
    'The existing EKS clusters of this region. Default: the tutorial cluster "example". CLUSTER_NAME renames the only one.',
  ),
  identities: about(
    list(
      identity,
      "list at least one identity, or leave identities out for the tutorial's",
    ).optional(),
    'The roles and their associations. Default: the tutorial identity (role eks-pod-identity-example with AmazonS3ReadOnlyAccess, example/exampleserviceaccount, the dvawscli Deployment).',
  ),
});

export type ConfigFileInput = z.input<typeof configFile>;
export type ConfigFile = z.output<typeof configFile>;
