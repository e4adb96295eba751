import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';

export interface KubernetesNamespaceProps {
  /** The namespace's name, a DNS-1123 label. */
  readonly name: string;
}

/**
 * A Kubernetes namespace. It extends the provider's resource instead of
 * wrapping it, so that the resource keeps the construct path, and the
 * Terraform address, it has always had.
 */
export class KubernetesNamespace extends NamespaceV1 {
  constructor(scope: Construct, id: string, props: KubernetesNamespaceProps) {
    super(scope, id, { metadata: { name: props.name } });
  }

  /** A reference to the name: what uses it is created after the namespace. */
  get namespaceName(): string {
    return this.metadata.name;
  }
}
