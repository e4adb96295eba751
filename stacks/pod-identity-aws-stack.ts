import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PodIdentityConfig } from '../config/schema/types';
import { awsTags } from '../modules/aws-tags';
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

  constructor(scope: Construct, id: string, props: PodIdentityAwsStackProps) {
    super(scope, id);
    const { config } = props;
    const defaultTags = awsTags(config.defaultTags);
    new AwsProvider(this, 'aws', {
      region: config.region,
      ...(defaultTags !== undefined && { defaultTags: [{ tags: defaultTags }] }),
    });
    configureBackend(this, config.backend);

    // The account ID only appears in narrowed trust policies; look it up only then.
    const narrowed = config.identities.some(
      (i) => i.trust.sourceAccount || i.trust.restrictToAssociations,
    );
    const accountId = narrowed ? new DataAwsCallerIdentity(this, 'current').accountId : '';
    const context = { partition: config.partition, region: config.region, accountId };

    for (const cluster of config.clusters) {
      if (cluster.podIdentityAgent !== undefined) {
        new PodIdentityAgentAddon(this, `agent_${cluster.name}`, {
          clusterName: cluster.name,
          agent: cluster.podIdentityAgent,
        });
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

    new TerraformOutput(this, 'roles', {
      description: 'IAM roles by identity: name and ARN',
      value: Object.fromEntries(
        [...roles].map(([name, r]) => [name, { name: r.role.name, arn: r.role.arn }]),
      ),
    });
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
