import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PodIdentityConfig } from '../config/schema/types';
import { awsTags } from '../modules/aws-tags';
import { EksManagedAddon } from '../modules/eks-managed-addon';
import { PodIdentityAgentAddon } from '../modules/pod-identity-agent-addon';
import { PodIdentityAssociation } from '../modules/pod-identity-association';
import { PodIdentityRole } from '../modules/pod-identity-role';
import { configureBackend } from '../modules/stack-backend';
import { planRole } from '../policy/role-plan';

export interface PodIdentityAwsStackProps {
  /** The checked configuration. */
  readonly config: PodIdentityConfig;
}

/**
 * Everything on the AWS side, with the hashicorp/aws provider only: a role per
 * identity, a Pod Identity association per (cluster, namespace, service
 * account), and the agent add-on where asked.
 */
export class PodIdentityAwsStack extends TerraformStack {
  /** The roles, by identity name. */
  public readonly roles: ReadonlyMap<string, PodIdentityRole>;
  /** The associations, by `cluster/namespace/serviceAccount`. */
  public readonly associations: ReadonlyMap<string, PodIdentityAssociation>;
  /** The EKS add-ons other than the agent, by `cluster/name`. */
  public readonly addons: ReadonlyMap<string, EksManagedAddon>;

  constructor(scope: Construct, id: string, props: PodIdentityAwsStackProps) {
    super(scope, id);
    const { config } = props;
    const defaultTags = awsTags(config.defaultTags);
    new AwsProvider(this, 'aws', {
      region: config.region,
      ...(defaultTags !== undefined && { defaultTags: [{ tags: defaultTags }] }),
    });
    configureBackend(this, config.backend);

    // The account ID appears in narrowed trust policies and in presets' ARNs; look it up only then.
    const needsAccount = config.identities.some(
      (i) => i.trust.sourceAccount || i.trust.restrictToAssociations || i.preset !== undefined,
    );
    const accountId = needsAccount ? new DataAwsCallerIdentity(this, 'current').accountId : '';
    const context = { partition: config.partition, region: config.region, accountId };

    const agents = new Map<string, PodIdentityAgentAddon>();
    for (const cluster of config.clusters) {
      if (cluster.podIdentityAgent !== undefined) {
        agents.set(
          cluster.name,
          new PodIdentityAgentAddon(this, `agent_${cluster.name}`, {
            clusterName: cluster.name,
            agent: cluster.podIdentityAgent,
          }),
        );
      }
    }

    const roles = new Map<string, PodIdentityRole>();
    const associations = new Map<string, PodIdentityAssociation>();
    for (const identity of config.identities) {
      const role = new PodIdentityRole(this, identity.name, {
        role: identity.role,
        plan: planRole(identity, context),
      });
      roles.set(identity.name, role);
      for (const association of identity.associations) {
        // An add-on's association is its own pod_identity_association block.
        if (association.addon !== undefined) continue;
        // Keyed by what EKS keys it by, so moving it to another identity updates it in place.
        // `_` separates unambiguously: namespaces and service accounts cannot contain it.
        const key = `${association.cluster}/${association.namespace}/${association.serviceAccount}`;
        associations.set(
          key,
          new PodIdentityAssociation(this, key.replace(/\//g, '_'), {
            role,
            clusterName: association.cluster,
            namespace: association.namespace,
            serviceAccount: association.serviceAccount,
            tags: association.tags,
          }),
        );
      }
    }
    this.roles = roles;
    this.associations = associations;

    const addons = new Map<string, EksManagedAddon>();
    for (const cluster of config.clusters) {
      for (const addon of cluster.addons) {
        const addonRoles = new Map(
          addon.podIdentity.map((p) => [p.serviceAccount, roleOf(roles, p.identity)] as const),
        );
        addons.set(
          `${cluster.name}/${addon.name}`,
          new EksManagedAddon(this, `addon_${cluster.name}_${addon.name}`, {
            clusterName: cluster.name,
            addon,
            roles: addonRoles,
            ...(agents.has(cluster.name) && { agent: agents.get(cluster.name) }),
          }),
        );
      }
    }
    this.addons = addons;

    new TerraformOutput(this, 'roles', {
      description: 'IAM roles by identity: name and ARN',
      value: Object.fromEntries(
        [...roles].map(([name, r]) => [name, { name: r.role.name, arn: r.role.arn }]),
      ),
    });
    if (addons.size > 0) {
      new TerraformOutput(this, 'addons', {
        description: 'EKS add-ons by cluster/name: ARN and version',
        value: Object.fromEntries(
          [...addons].map(([key, a]) => [key, { arn: a.addon.arn, version: a.addon.addonVersion }]),
        ),
      });
    }
    new TerraformOutput(this, 'pod_identity_associations', {
      description:
        'Pod Identity associations by cluster/namespace/service account: ID, ARN and role',
      value: Object.fromEntries(
        [...associations].map(([key, a]) => [
          key,
          {
            id: a.association.associationId,
            arn: a.association.associationArn,
            role_arn: a.association.roleArn,
          },
        ]),
      ),
    });
  }
}

function roleOf(roles: ReadonlyMap<string, PodIdentityRole>, identity: string): PodIdentityRole {
  const role = roles.get(identity);
  // The reader resolves every add-on's identity before a stack exists.
  if (role === undefined) throw new Error(`no role for identity "${identity}"`);
  return role;
}
