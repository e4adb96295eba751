import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';

export interface WorkloadServiceAccountProps {
  /** The service account's name, which the Pod Identity association maps to a role. */
  readonly name: string;
  /** Its namespace (a reference to the namespace resource when it is created here). */
  readonly namespace: string;
  /**
   * Annotations: IRSA's role ARN while a workload migrates to Pod Identity.
   * @default - none: Pod Identity maps the service account in EKS
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * The service account pods run as, without the `eks.amazonaws.com/role-arn`
 * annotation IRSA needs (but while a workload migrates): Pod Identity maps
 * it to its role in EKS instead. It
 * extends the provider's resource instead of wrapping it, so that the
 * resource keeps the construct path, and the Terraform address, it has
 * always had.
 */
export class WorkloadServiceAccount extends ServiceAccountV1 {
  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id, {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        ...(props.annotations !== undefined && { annotations: { ...props.annotations } }),
      },
    });
  }

  /** A reference to the name: pods that run as it are created after it. */
  get serviceAccountName(): string {
    return this.metadata.name;
  }
}
