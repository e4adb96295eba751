import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PolicyContext } from '../core/iam';
import { AWS_STACK_IDS } from '../core/stack-ids';
import { POD_IDENTITY_AGENT_ADDON } from '../model/addons';
import { Cluster, Identity, Model } from '../model/model';
import { awsTags } from '../modules/aws-tags';
import { EksManagedAddon } from '../modules/eks-managed-addon';
import { PodIdentityAssociation } from '../modules/pod-identity-association';
import { PodIdentityRole, RoleReference } from '../modules/pod-identity-role';
import { configureBackend } from '../modules/stack-backend';
import { HelmValuesFile, helmValuesFiles } from '../policy/helm-values';
import { planRole } from '../policy/role-plan';

export interface PodIdentityAwsStackProps {
  /** The checked configuration. */
  readonly model: Model;
}

/**
 * Everything on the AWS side, with the hashicorp/aws provider only: a role per
 * identity, a Pod Identity association per (cluster, namespace, service
 * account), and each cluster's add-ons, the agent first.
 *
 * Construct IDs are Terraform addresses: a role is its identity's name, an
 * association `<cluster>_<namespace>_<service account>` (what EKS keys it by,
 * so moving it to another identity updates it in place), an add-on
 * `addon_<cluster>_<name>` and the agent `agent_<cluster>`.
 */
export class PodIdentityAwsStack extends TerraformStack {
  /** The roles, by identity name: created, adopted or existing. */
  public readonly roles: ReadonlyMap<string, RoleReference>;
  /** The associations, by `cluster/namespace/serviceAccount`. */
  public readonly associations: ReadonlyMap<string, PodIdentityAssociation>;
  /** The EKS add-ons other than the agent, by `cluster/name`. */
  public readonly addons: ReadonlyMap<string, EksManagedAddon>;
  /** The Helm values of each identity with a preset, on each cluster; `main` writes them. */
  public readonly helmValues: readonly HelmValuesFile[];

  constructor(scope: Construct, id: string, props: PodIdentityAwsStackProps) {
    super(scope, id);
    const { model } = props;
    const defaultTags = awsTags(model.defaultTags);
    new AwsProvider(this, AWS_STACK_IDS.provider, {
      region: model.region,
      ...(defaultTags !== undefined && { defaultTags: [{ tags: defaultTags }] }),
    });
    configureBackend(this, model.backend);

    const context = this.policyContext(model);
    this.roles = new Map(
      model.identities.map((identity) => [identity.name, this.role(identity, context)]),
    );
    this.associations = new Map(
      model.identities.flatMap((identity) => this.identityAssociations(identity)),
    );
    this.addons = new Map(model.clusters.flatMap((cluster) => this.clusterAddons(cluster)));
    this.helmValues = helmValuesFiles(model);
    this.outputs(model.clusters);
  }

  /** Where policies are evaluated; the account is looked up only when a policy names it. */
  private policyContext(model: Model): PolicyContext {
    const needsAccount = model.identities.some(
      (i) => i.trust.sourceAccount || i.trust.restrictToAssociations || i.preset !== undefined,
    );
    const accountId = needsAccount
      ? new DataAwsCallerIdentity(this, AWS_STACK_IDS.callerIdentity).accountId
      : '';
    return { partition: model.partition, region: model.region, accountId };
  }

  private role(identity: Identity, context: PolicyContext): RoleReference {
    const { role } = identity;
    // An existing role is used as it is: no resource names it.
    if (role.arn !== undefined) return PodIdentityRole.fromRoleArn(role.arn);
    return new PodIdentityRole(this, identity.name, {
      name: role.name,
      namePrefix: role.namePrefix,
      path: role.path,
      description: role.description,
      permissionsBoundary: role.permissionsBoundary,
      maxSessionDuration: role.maxSessionDuration,
      tags: role.tags,
      plan: planRole(identity, context),
      adopt: role.adoption,
    });
  }

  /** The identity's own associations; an add-on's are its `pod_identity_association` blocks. */
  private identityAssociations(identity: Identity): [string, PodIdentityAssociation][] {
    const role = this.roleOf(identity.name);
    return identity.associations
      .filter((association) => association.addon === undefined)
      .map((association) => {
        const key = `${association.cluster}/${association.namespace}/${association.serviceAccount}`;
        // `_` separates unambiguously: namespaces and service accounts cannot contain it.
        const created = new PodIdentityAssociation(this, key.replace(/\//g, '_'), {
          role,
          clusterName: association.cluster,
          namespace: association.namespace,
          serviceAccount: association.serviceAccount,
          tags: association.tags,
        });
        return [key, created];
      });
  }

  /** The cluster's add-ons, after its agent when this stack manages it. */
  private clusterAddons(cluster: Cluster): [string, EksManagedAddon][] {
    const agent =
      cluster.podIdentityAgent === undefined
        ? undefined
        : new EksManagedAddon(this, `agent_${cluster.name}`, {
            clusterName: cluster.name,
            addonName: POD_IDENTITY_AGENT_ADDON,
            ...cluster.podIdentityAgent,
          });
    return cluster.addons.map((addon) => {
      const created = new EksManagedAddon(this, `addon_${cluster.name}_${addon.name}`, {
        clusterName: cluster.name,
        addonName: addon.name,
        version: addon.version,
        resolveConflictsOnCreate: addon.resolveConflictsOnCreate,
        resolveConflictsOnUpdate: addon.resolveConflictsOnUpdate,
        configurationValues: addon.configurationValues,
        preserve: addon.preserve,
        tags: addon.tags,
        podIdentityAssociations: addon.podIdentity.map((p) => ({
          serviceAccount: p.serviceAccount,
          role: this.roleOf(p.identity),
        })),
        // The agent hands the add-on's pods their credentials: it comes first.
        ...(agent !== undefined && addon.podIdentity.length > 0 && { after: agent }),
      });
      return [`${cluster.name}/${addon.name}`, created];
    });
  }

  private roleOf(identity: string): RoleReference {
    const role = this.roles.get(identity);
    // The reader resolves every association's identity before a stack exists.
    if (role === undefined) throw new Error(`no role for identity "${identity}"`);
    return role;
  }

  private outputs(clusters: readonly Cluster[]): void {
    new TerraformOutput(this, AWS_STACK_IDS.rolesOutput, {
      description: 'IAM roles by identity: name and ARN',
      value: Object.fromEntries(
        [...this.roles].map(([name, r]) => [name, { name: r.roleName, arn: r.roleArn }]),
      ),
    });
    if (this.addons.size > 0) {
      new TerraformOutput(this, AWS_STACK_IDS.addonsOutput, {
        description: 'EKS add-ons by cluster/name: ARN and version',
        value: Object.fromEntries(
          [...this.addons].map(([key, a]) => [key, { arn: a.addonArn, version: a.addonVersion }]),
        ),
      });
    }
    new TerraformOutput(this, 'pod_identity_associations', {
      description:
        'Pod Identity associations by cluster/namespace/service account: ID, ARN and role',
      value: Object.fromEntries(
        [...this.associations].map(([key, a]) => [
          key,
          { id: a.associationId, arn: a.associationArn, role_arn: a.roleArn },
        ]),
      ),
    });
    for (const cluster of clusters) {
      const files = this.helmValues.filter((file) => file.cluster === cluster.name);
      if (files.length === 0) continue;
      new TerraformOutput(this, `helm_values_${cluster.name}`, {
        description: `Helm values of the controllers on cluster ${cluster.name}, by identity: the chart, its version, release and namespace, and the values (YAML) that make it agree with its role`,
        value: Object.fromEntries(
          files.map((file) => [
            file.identity,
            {
              chart: file.chart.name,
              repository: file.chart.repository,
              version: file.chart.version,
              release: file.chart.releaseName,
              namespace: file.namespace,
              values: literal(file.yaml),
            },
          ]),
        ),
      });
    }
  }
}

/** Text Terraform takes as it is: `${` and `%{` would start an expression or a directive. */
function literal(text: string): string {
  return text.replace(/([$%])\{/g, '$1$1{');
}
