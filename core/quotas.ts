/**
 * AWS's and Terraform Cloud's own limits, which the configuration is checked
 * against at synth so that a deploy does not fail half-way.
 */

/** IAM quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const IAM_QUOTAS = {
  managedPoliciesPerRole: { default: 10, max: 20 },
  trustPolicyCharacters: { default: 2048, max: 4096 },
  managedPolicyCharacters: 6144,
  inlinePolicyCharacters: 10240,
  maxSessionDuration: { min: 3600, max: 43200 },
  tagsPerResource: 50,
} as const;

/** EKS's quota of Pod Identity associations per cluster. */
export const ASSOCIATIONS_PER_CLUSTER = 5000;

/** Terraform Cloud's limit on workspace names. */
export const WORKSPACE_NAME_MAX = 90;
