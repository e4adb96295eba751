import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';

export interface WorkloadServiceAccountProps {
  /** The service account's name, which the Pod Identity association maps to a role. */
  readonly name: string;
  /** Its namespace (a reference to the namespace resource when it is created here). */
  readonly namespace: string;
}

/**
 * The service account pods run as, without the `eks.amazonaws.com/role-arn`
 * annotation IRSA needs: Pod Identity maps it to its role in EKS instead. It
 * extends the provider's resource instead of wrapping it, so that the
 * resource keeps the construct path, and the Terraform address, it has
 * always had.
 */
export class WorkloadServiceAccount extends ServiceAccountV1 {
  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id, { metadata: { name: props.name, namespace: props.namespace } });
  }

  /** A reference to the name: pods that run as it are created after it. */
  get serviceAccountName(): string {
    return this.metadata.name;
  }
}
