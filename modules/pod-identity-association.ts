import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import { Construct } from 'constructs';
import { awsTags } from './aws-tags';
import { PodIdentityRole } from './pod-identity-role';

export interface PodIdentityAssociationProps {
  /** The role the service account's pods receive credentials for. */
  readonly role: PodIdentityRole;
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
  public readonly association: EksPodIdentityAssociation;

  constructor(scope: Construct, id: string, props: PodIdentityAssociationProps) {
    super(scope, id);
    const tags = awsTags(props.tags ?? {});
    this.association = new EksPodIdentityAssociation(this, 'association', {
      clusterName: props.clusterName,
      namespace: props.namespace,
      serviceAccount: props.serviceAccount,
      roleArn: props.role.role.arn,
      ...(tags !== undefined && { tags }),
    });
  }
}
