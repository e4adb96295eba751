import { Construct } from 'constructs';
import { KubernetesNamespace } from './kubernetes-namespace';
import { VerificationJob } from './verification-job';
import { WorkloadDeployment, WorkloadDeploymentSettings } from './workload-deployment';
import { WorkloadServiceAccount } from './workload-service-account';

/** The verification Job's settings. */
export interface VerificationJobSettings {
  readonly name: string;
  readonly image: string;
  readonly timeoutSeconds: number;
}

export interface PodIdentityWorkloadProps {
  /** Name of the namespace, as configured. */
  readonly namespaceName: string;
  /**
   * The namespace resource, when this stack creates it.
   * @default - the namespace exists already
   */
  readonly namespace?: KubernetesNamespace;
  /** Name of the service account the association maps to the role. */
  readonly serviceAccountName: string;
  /**
   * Annotations of the service account: IRSA's role ARN while migrating.
   * @default - none
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>>;
  /**
   * The application that runs as the service account.
   * @default - none (GitOps: only the service account)
   */
  readonly deployment?: WorkloadDeploymentSettings;
  /**
   * A Job that checks the service account's access once.
   * @default - none
   */
  readonly verificationJob?: VerificationJobSettings;
  /**
   * What the pods can list, e.g. `s3://eks-automation/`.
   * @default - the account's buckets (`aws s3 ls`)
   */
  readonly s3Url?: string;
}

/**
 * The Kubernetes side of one association: the service account, and
 * optionally the Deployment and the verification Job that run as it.
 */
export class PodIdentityWorkload extends Construct {
  /** A command that shows the pod's access, as the tutorial checks it by hand. */
  public readonly checkCommand?: string;

  constructor(scope: Construct, id: string, props: PodIdentityWorkloadProps) {
    super(scope, id);
    // Referencing the namespace resource orders its creation first.
    const namespace = props.namespace?.namespaceName ?? props.namespaceName;
    const serviceAccount = new WorkloadServiceAccount(this, 'service_account', {
      name: props.serviceAccountName,
      namespace,
      annotations: props.serviceAccountAnnotations,
    });
    const serviceAccountName = serviceAccount.serviceAccountName;
    const list = ['aws', 's3', 'ls', ...(props.s3Url !== undefined ? [props.s3Url] : [])];
    if (props.deployment !== undefined) {
      new WorkloadDeployment(this, 'deployment', {
        ...props.deployment,
        namespace,
        serviceAccountName,
      });
      this.checkCommand = `kubectl exec -n ${props.namespaceName} deploy/${props.deployment.name} -- ${list.join(' ')}`;
    }
    if (props.verificationJob !== undefined) {
      new VerificationJob(this, 'verification_job', {
        ...props.verificationJob,
        namespace,
        serviceAccountName,
        command: list,
      });
      this.checkCommand ??= `kubectl logs -n ${props.namespaceName} job/${props.verificationJob.name}`;
    }
  }
}
