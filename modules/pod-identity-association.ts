import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { Construct } from 'constructs';
import { awsTags } from './aws-tags';
import { RoleReference } from './pod-identity-role';

export interface PodIdentityAssociationProps {
  /** The role the service account's pods receive credentials for; the association waits for its permissions. */
  readonly role: RoleReference;
  /** Name of the existing EKS cluster. */
  readonly clusterName: string;
  /** Kubernetes namespace of the service account. */
  readonly namespace: string;
  /** Kubernetes service account the pods run as. */
  readonly serviceAccount: string;
  /**
   * Tags of the association.
   * @default - none beyond the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Maps a Kubernetes service account on an EKS cluster to a role: pods that
 * run as it receive the role's credentials from the Pod Identity agent.
 */
export class PodIdentityAssociation extends Construct {
  public readonly associationId: string;
  public readonly associationArn: string;
  /** The role it maps to, as EKS stores it. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: PodIdentityAssociationProps) {
    super(scope, id);
    const tags = awsTags(props.tags ?? {});
    const association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: props.role.roleArn,
      ...(tags !== undefined && { tags }),
      // Named only once the role can do its work (see RoleReference.permissions).
      ...(props.role.permissions !== undefined &&
        props.role.permissions.length > 0 && { dependsOn: [...props.role.permissions] }),
    });
    this.associationId = association.associationId;
    this.associationArn = association.associationArn;
    this.roleArn = association.roleArn;
  }
}
