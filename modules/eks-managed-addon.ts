import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { Construct } from 'constructs';
import { AddonConfig } from '../config/schema/types';
import { awsTags } from './aws-tags';
import { PodIdentityAgentAddon } from './pod-identity-agent-addon';
import { PodIdentityRole } from './pod-identity-role';

export interface EksManagedAddonProps {
  /** Name of the existing EKS cluster. */
  readonly clusterName: string;
  /** Name, version, conflict handling, configuration, tags. */
  readonly addon: AddonConfig;
  /**
   * The role each of the add-on's service accounts gets, by service account.
   * @default - none: an add-on that calls no AWS API
   */
  readonly roles?: ReadonlyMap<string, PodIdentityRole>;
  /**
   * The cluster's Pod Identity agent add-on, when this stack manages it: an
   * add-on that uses Pod Identity is created after it.
   * @default - the agent is managed elsewhere, or not needed
   */
  readonly agent?: PodIdentityAgentAddon;
}

/**
 * An EKS managed add-on (`aws_eks_addon`). Its Pod Identity associations are
 * the add-on's own `pod_identity_association` blocks: EKS creates them with
 * the add-on, in its namespace, owned by it.
 */
export class EksManagedAddon extends Construct {
  public readonly addon: EksAddon;

  constructor(scope: Construct, id: string, props: EksManagedAddonProps) {
    super(scope, id);
    const { addon } = props;
    const roles = [...(props.roles ?? new Map<string, PodIdentityRole>())];
    const tags = awsTags(addon.tags);
    this.addon = new EksAddon(this, 'addon', {
      clusterName: props.clusterName,
      addonName: addon.name,
      ...(addon.version !== undefined && { addonVersion: addon.version }),
      resolveConflictsOnCreate: addon.resolveConflictsOnCreate,
      resolveConflictsOnUpdate: addon.resolveConflictsOnUpdate,
      ...(addon.configurationValues !== undefined && {
        configurationValues: addon.configurationValues,
      }),
      preserve: addon.preserve,
      ...(tags !== undefined && { tags }),
      ...(roles.length > 0 && {
        podIdentityAssociation: roles.map(([serviceAccount, role]) => ({
          serviceAccount,
          roleArn: role.role.arn,
        })),
      }),
      // The agent hands the add-on's pods their credentials: it comes first.
      ...(props.agent !== undefined && roles.length > 0 && { dependsOn: [props.agent.addon] }),
    });
  }
}
