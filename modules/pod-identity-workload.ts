import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { KubernetesObjectsConfig } from '../config/schema/types';
import { VerificationJob } from './verification-job';
import { WorkloadDeployment } from './workload-deployment';

export interface PodIdentityWorkloadProps {
  /** Name of the namespace, as configured. */
  readonly namespaceName: string;
  /**
   * The namespace resource, when this stack creates it.
   * @default - the namespace exists already
   */
  readonly namespace?: NamespaceV1;
  /** Name of the service account the association maps to the role. */
  readonly serviceAccountName: string;
  /** The Deployment and verification Job to create next to the service account. */
  readonly objects: KubernetesObjectsConfig;
  /**
   * What the pods can list, e.g. `s3://eks-automation/`.
   * @default - the account's buckets (`aws s3 ls`)
   */
  readonly s3Url?: string;
}

/**
 * The Kubernetes side of one association: the service account (without the
 * `eks.amazonaws.com/role-arn` annotation IRSA needs: Pod Identity maps it
 * in EKS instead), and optionally the Deployment and the verification Job
 * that run as it.
 */
export class PodIdentityWorkload extends Construct {
  public readonly serviceAccount: ServiceAccountV1;
  public readonly deployment?: WorkloadDeployment;
  public readonly verificationJob?: VerificationJob;
  /** A command that shows the pod's access, as the tutorial checks it by hand. */
  public readonly checkCommand?: string;

  constructor(scope: Construct, id: string, props: PodIdentityWorkloadProps) {
    super(scope, id);
    // Referencing the namespace resource orders its creation first.
    const namespace = props.namespace?.metadata.name ?? props.namespaceName;
    this.serviceAccount = new ServiceAccountV1(this, 'service_account', {
      metadata: { name: props.serviceAccountName, namespace },
    });
    const serviceAccountName = this.serviceAccount.metadata.name;
    const list = ['aws', 's3', 'ls', ...(props.s3Url !== undefined ? [props.s3Url] : [])];
    const { deployment, verificationJob } = props.objects;
    if (deployment !== undefined) {
      this.deployment = new WorkloadDeployment(this, 'deployment', {
        namespace,
        serviceAccountName,
        deployment,
      });
      this.checkCommand = `kubectl exec -n ${props.namespaceName} deploy/${deployment.name} -- ${list.join(' ')}`;
    }
    if (verificationJob !== undefined) {
      this.verificationJob = new VerificationJob(this, 'verification_job', {
        namespace,
        serviceAccountName,
        job: verificationJob,
        command: list,
      });
      this.checkCommand ??= `kubectl logs -n ${props.namespaceName} job/${verificationJob.name}`;
    }
  }
}
