import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { awsTags } from './aws-tags';
import { RoleReference } from './pod-identity-role';

export interface EksManagedAddonProps {
  /** Name of the existing EKS cluster. */
  readonly clusterName: string;
  /** As `aws eks describe-addon-versions` lists it. */
  readonly addonName: string;
  /**
   * @default - EKS's default for the cluster's Kubernetes version
   */
  readonly version?: string;
  /**
   * What EKS does with a self-managed installation when it creates the add-on.
   * @default - EKS's, NONE
   */
  readonly resolveConflictsOnCreate?: 'OVERWRITE' | 'NONE';
  /**
   * What EKS does with fields changed outside the add-on when it updates it.
   * @default - EKS's, NONE
   */
  readonly resolveConflictsOnUpdate?: 'OVERWRITE' | 'PRESERVE' | 'NONE';
  /**
   * The add-on's configuration, as JSON text.
   * @default - the add-on's defaults
   */
  readonly configurationValues?: string;
  /**
   * Keep the add-on's resources on the cluster when Terraform deletes it.
   * @default false
   */
  readonly preserve?: boolean;
  /**
   * @default - none beyond the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The role each of the add-on's service accounts gets: its
   * `pod_identity_association` blocks, which EKS creates with the add-on.
   * @default - none: an add-on that calls no AWS API
   */
  readonly podIdentityAssociations?: readonly AddonPodIdentityAssociation[];
  /**
   * An add-on created before this one: the Pod Identity agent, which hands
   * the add-on's pods their credentials.
   * @default - no order
   */
  readonly after?: EksManagedAddon;
}

/** One of an add-on's service accounts and the role it gets. */
export interface AddonPodIdentityAssociation {
  readonly serviceAccount: string;
  readonly role: RoleReference;
}

/**
 * An EKS managed add-on (`aws_eks_addon`): the Pod Identity agent, a plain
 * add-on, or one whose service accounts get roles through its own
 * `pod_identity_association` blocks, owned by the add-on in its namespace.
 */
export class EksManagedAddon extends Construct implements ITerraformDependable {
  public readonly addonArn: string;
  /** The version EKS runs, the default one when none is given. */
  public readonly addonVersion: string;
  /** For `depends_on`: the add-on resource. */
  public readonly fqn: string;

  constructor(scope: Construct, id: string, props: EksManagedAddonProps) {
    super(scope, id);
    const associations = props.podIdentityAssociations ?? [];
    const tags = awsTags(props.tags ?? {});
    // The agent first, and the roles' permissions (see RoleReference.permissions).
    const dependsOn: ITerraformDependable[] = [
      ...(props.after !== undefined ? [props.after] : []),
      ...associations.flatMap((association) => association.role.permissions ?? []),
    ];
    const addon = new EksAddon(this, 'addon', {
      clusterName: props.clusterName,
      addonName: props.addonName,
      ...(props.version !== undefined && { addonVersion: props.version }),
      ...(props.resolveConflictsOnCreate !== undefined && {
        resolveConflictsOnCreate: props.resolveConflictsOnCreate,
      }),
      ...(props.resolveConflictsOnUpdate !== undefined && {
        resolveConflictsOnUpdate: props.resolveConflictsOnUpdate,
      }),
      ...(props.configurationValues !== undefined && {
        configurationValues: props.configurationValues,
      }),
      preserve: props.preserve ?? false,
      ...(tags !== undefined && { tags }),
      ...(associations.length > 0 && {
        podIdentityAssociation: associations.map((association) => ({
          serviceAccount: association.serviceAccount,
          roleArn: association.role.roleArn,
        })),
      }),
      ...(dependsOn.length > 0 && { dependsOn }),
    });
    this.addonArn = addon.arn;
    this.addonVersion = addon.addonVersion;
    this.fqn = addon.fqn;
  }
}
