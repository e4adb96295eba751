import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { Construct } from 'constructs';
import { ESSENTIAL_ADDONS, POD_IDENTITY_AGENT_ADDON } from '../config/schema/addons';
import { PodIdentityAgentConfig } from '../config/schema/types';

export interface PodIdentityAgentAddonProps {
  /** Name of the existing EKS cluster. */
  readonly clusterName: string;
  /** Version and conflict handling of the add-on. */
  readonly agent: PodIdentityAgentConfig;
}

/**
 * The EKS Pod Identity agent as a managed add-on (step 1 of the tutorial): the
 * DaemonSet that hands pods their credentials on 169.254.170.23. It takes
 * over an agent installed by hand (`OVERWRITE` on create), and is left on
 * the cluster when Terraform deletes the add-on (`preserve`).
 */
export class PodIdentityAgentAddon extends Construct {
  public readonly addon: EksAddon;

  constructor(scope: Construct, id: string, props: PodIdentityAgentAddonProps) {
    super(scope, id);
    this.addon = new EksAddon(this, 'addon', {
      clusterName: props.clusterName,
      addonName: POD_IDENTITY_AGENT_ADDON,
      ...(props.agent.version !== undefined && { addonVersion: props.agent.version }),
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: props.agent.resolveConflictsOnUpdate,
      // Removing the agent from the configuration must not stop every pod's credentials.
      preserve: ESSENTIAL_ADDONS.includes(POD_IDENTITY_AGENT_ADDON),
    });
  }
}
