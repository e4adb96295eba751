import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { EphemeralEksClusterAuth } from './ephemeral-eks-cluster-auth';

/** How the Kubernetes provider authenticates to the cluster. */
export type EksKubernetesAuth =
  | { readonly kind: 'ephemeral-token' }
  | { readonly kind: 'exec' }
  | {
      readonly kind: 'kubeconfig';
      /** The kubeconfig file. */
      readonly path: string;
      /** Its context; the current one when undefined. */
      readonly context?: string;
    };

export interface EksKubernetesProviderProps {
  /** Name of the existing EKS cluster. */
  readonly clusterName: string;
  /** Region of the cluster, for `aws eks get-token`. */
  readonly region: string;
  /**
   * How the provider authenticates.
   * @default - an ephemeral aws_eks_cluster_auth token
   */
  readonly auth?: EksKubernetesAuth;
}

/** The Kubernetes client API version `aws eks get-token` answers with. */
const EXEC_API_VERSION = 'client.authentication.k8s.io/v1beta1';

/**
 * The Kubernetes provider of an existing EKS cluster. By default its endpoint
 * and CA come from `data "aws_eks_cluster"` and its token from an
 * `ephemeral "aws_eks_cluster_auth"` block (Terraform 1.10+), which keeps the
 * token out of plan and state and needs no AWS CLI on the runner. `exec`
 * (`aws eks get-token`) and a kubeconfig file are the alternatives.
 */
export class EksKubernetesProvider extends Construct {
  constructor(scope: Construct, id: string, props: EksKubernetesProviderProps) {
    super(scope, id);
    const auth = props.auth ?? { kind: 'ephemeral-token' };
    if (auth.kind === 'kubeconfig') {
      new KubernetesProvider(this, 'kubernetes', {
        configPath: auth.path,
        ...(auth.context !== undefined && { configContext: auth.context }),
      });
      return;
    }
    const eks = new DataAwsEksCluster(this, 'cluster', { name: props.clusterName });
    const endpoint = {
      host: eks.endpoint,
      clusterCaCertificate: Fn.base64decode(eks.certificateAuthority.get(0).data),
    };
    if (auth.kind === 'exec') {
      new KubernetesProvider(this, 'kubernetes', {
        ...endpoint,
        exec: [
          {
            apiVersion: EXEC_API_VERSION,
            command: 'aws',
            args: [
              'eks',
              'get-token',
              '--cluster-name',
              props.clusterName,
              '--region',
              props.region,
              '--output',
              'json',
            ],
          },
        ],
      });
      return;
    }
    const token = new EphemeralEksClusterAuth(this, 'auth', props.clusterName).token;
    new KubernetesProvider(this, 'kubernetes', { ...endpoint, token });
  }
}
