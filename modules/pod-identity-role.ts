import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { RoleConfig } from '../config/schema/types';
import { RolePlan } from '../policy/role-plan';
import { awsTags } from './aws-tags';
import { policyDocument } from './policy-document';

export interface PodIdentityRoleProps {
  /** The role's settings: name or name prefix, path, description, boundary, session, tags. */
  readonly role: RoleConfig;
  /** Everything the role gets, as `planRole` decided it. */
  readonly plan: RolePlan;
}

/**
 * An IAM role that EKS Pod Identity may assume, created exactly as its plan
 * says: the trust policy (`pods.eks.amazonaws.com` with `sts:AssumeRole` and
 * `sts:TagSession`), the managed policies it attaches, the customer managed
 * policies created for it, and its inline policies.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const { role: settings, plan } = props;
    const tags = awsTags(settings.tags);

    const trust = policyDocument(this, 'assume_role', plan.trust);
    this.role = new IamRole(this, 'role', {
      ...(settings.name !== undefined && { name: settings.name }),
      ...(settings.namePrefix !== undefined && { namePrefix: settings.namePrefix }),
      ...(settings.path !== undefined && { path: settings.path }),
      ...(settings.description !== undefined && { description: settings.description }),
      ...(settings.permissionsBoundary !== undefined && {
        permissionsBoundary: settings.permissionsBoundary,
      }),
      ...(settings.maxSessionDuration !== undefined && {
        maxSessionDuration: settings.maxSessionDuration,
      }),
      ...(tags !== undefined && { tags }),
      assumeRolePolicy: trust.json,
    });

    for (const attachment of plan.managedPolicies) this.attach(attachment.id, attachment.arn);

    for (const document of plan.customerPolicies) {
      const policy = new IamPolicy(this, document.id, {
        ...(settings.name !== undefined
          ? { name: `${settings.name}-${document.nameSuffix}` }
          : { namePrefix: `${settings.namePrefix ?? ''}${document.nameSuffix}-` }),
        ...(settings.path !== undefined && { path: settings.path }),
        description: document.description,
        policy: policyDocument(this, `${document.id}_document`, document.statements).json,
        ...(tags !== undefined && { tags }),
      });
      this.attach(document.id, policy.arn);
    }

    for (const document of plan.inlinePolicies) {
      new IamRolePolicy(this, document.id, {
        name: document.nameSuffix,
        role: this.role.name,
        policy: policyDocument(this, `${document.id}_document`, document.statements).json,
      });
    }
  }

  private attach(id: string, policyArn: string): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(this, `attach_${id}`, { role: this.role.name, policyArn });
  }
}
