/**
 * The values of the EKS Pod Identity tutorial (`../shared/seed/`): with no
 * configuration at all, the stacks reproduce it exactly.
 */
export const TUTORIAL = {
  environment: 'default',
  region: 'us-east-1',
  cluster: 'example',
  identity: 'example',
  roleName: 'eks-pod-identity-example',
  bucket: 'eks-automation',
  namespace: 'example',
  serviceAccount: 'exampleserviceaccount',
  deployment: 'dvawscli',
  image: 'dennysv/dvawscli',
  replicas: 1,
  labels: { app: 'dvawscli' },
} as const;

/** Default role name of an identity that sets neither `name` nor `namePrefix`. */
export function defaultRoleName(identity: string): string {
  return `eks-pod-identity-${identity}`;
}

/**
 * Requests and limits of a hardened container: enough for the AWS CLI, low
 * enough that a mistake cannot starve a node.
 */
export const HARDENED_RESOURCES = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
} as const;

/** AWS's own IAM quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
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

/** Image of the verification Job: the tutorial's, which carries the AWS CLI. */
export const VERIFICATION_JOB = {
  name: 'pod-identity-check',
  timeoutSeconds: 300,
} as const;
