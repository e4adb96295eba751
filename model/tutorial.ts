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
