import { DataAwsIamRole } from '@cdktf/provider-aws/lib/data-aws-iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { RolePlan } from '../policy/role-plan';
import { awsTags } from './aws-tags';
import { policyDocument } from './policy-document';
import { RemovedBlock } from './removed-block';

/** The construct ID of the role: its Terraform address comes from it. */
const ROLE_ID = 'role';

/** A role that an association or an add-on maps service accounts to. */
export interface RoleReference {
  readonly roleArn: string;
  readonly roleName: string;
}

export interface PodIdentityRoleProps {
  /**
   * The role's name. Exactly one of `name` and `namePrefix`.
   * @default - a unique name Terraform completes from `namePrefix`
   */
  readonly name?: string;
  /**
   * A prefix Terraform completes to a unique name (and its policies' names).
   * @default - none: `name` names the role
   */
  readonly namePrefix?: string;
  /**
   * IAM path of the role and of its customer managed policies.
   * @default - IAM's, `/`
   */
  readonly path?: string;
  /** @default - none */
  readonly description?: string;
  /**
   * Managed policy that bounds what the role may do.
   * @default - no boundary
   */
  readonly permissionsBoundary?: string;
  /**
   * Longest session, in seconds.
   * @default - IAM's, one hour
   */
  readonly maxSessionDuration?: number;
  /**
   * Tags of the role and of its customer managed policies.
   * @default - none beyond the provider's default tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** Everything the role gets, as `planRole` decided it. */
  readonly plan: RolePlan;
  /**
   * Adopt the role IAM has under `name`: import it into the state, then
   * manage it like a role this construct created.
   * @default - the role is created
   */
  readonly adopt?: RoleAdoption;
}

/** How an adopted role is kept. */
export interface RoleAdoption {
  /**
   * Refuse to delete it (lifecycle prevent_destroy): a destroy stops with an
   * error instead.
   */
  readonly protect: boolean;
  /**
   * Stop managing it: the next apply forgets the role (a removed block) and
   * leaves it in IAM; its policies and associations still name it.
   */
  readonly release: boolean;
}

/**
 * An IAM role that EKS Pod Identity may assume, created exactly as its plan
 * says: the trust policy (`pods.eks.amazonaws.com` with `sts:AssumeRole` and
 * `sts:TagSession`), the managed policies it attaches, the customer managed
 * policies created for it, and its inline policies.
 */
export class PodIdentityRole extends Construct implements RoleReference {
  /** A role IAM has, used as it is: nothing is created or changed. */
  static fromRoleArn(roleArn: string): RoleReference {
    return { roleArn, roleName: roleArn.slice(roleArn.lastIndexOf('/') + 1) };
  }

  public readonly roleArn: string;
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const { plan } = props;
    const tags = awsTags(props.tags ?? {});

    const role = props.adopt?.release === true ? this.release(props.name) : this.role(props, tags);
    this.roleArn = role.arn;
    this.roleName = role.name;

    for (const attachment of plan.managedPolicies) this.attach(attachment.id, attachment.arn);

    for (const document of plan.customerPolicies) {
      const policy = new IamPolicy(this, document.id, {
        ...(props.name !== undefined
          ? { name: `${props.name}-${document.nameSuffix}` }
          : { namePrefix: `${props.namePrefix ?? ''}${document.nameSuffix}-` }),
        ...(props.path !== undefined && { path: props.path }),
        description: document.description,
        policy: policyDocument(this, `${document.id}_document`, document.statements).json,
        ...(tags !== undefined && { tags }),
      });
      this.attach(document.id, policy.arn);
    }

    for (const document of plan.inlinePolicies) {
      new IamRolePolicy(this, document.id, {
        name: document.nameSuffix,
        role: this.roleName,
        policy: policyDocument(this, `${document.id}_document`, document.statements).json,
      });
    }
  }

  /** The role, created or (adopted) imported from IAM. */
  private role(props: PodIdentityRoleProps, tags: Record<string, string> | undefined): IamRole {
    const trust = policyDocument(this, 'assume_role', props.plan.trust);
    const role = new IamRole(this, ROLE_ID, {
      ...(props.name !== undefined && { name: props.name }),
      ...(props.namePrefix !== undefined && { namePrefix: props.namePrefix }),
      ...(props.path !== undefined && { path: props.path }),
      ...(props.description !== undefined && { description: props.description }),
      ...(props.permissionsBoundary !== undefined && {
        permissionsBoundary: props.permissionsBoundary,
      }),
      ...(props.maxSessionDuration !== undefined && {
        maxSessionDuration: props.maxSessionDuration,
      }),
      ...(tags !== undefined && { tags }),
      assumeRolePolicy: trust.json,
      ...(props.adopt?.protect === true && { lifecycle: { preventDestroy: true } }),
    });
    if (props.adopt !== undefined && props.name !== undefined) role.importFrom(props.name);
    return role;
  }

  /**
   * A released role: the state forgets it (at the address it was managed
   * at), IAM keeps it, and what names it looks it up by name.
   */
  private release(name: string | undefined): DataAwsIamRole {
    if (name === undefined) throw new Error('a released role needs its name');
    // A construct at the role's path has the role's logical ID: its address.
    const address = `aws_iam_role.${TerraformStack.of(this).getLogicalId(new Construct(this, ROLE_ID).node)}`;
    new RemovedBlock(this, 'released', address);
    return new DataAwsIamRole(this, 'released_role', { name });
  }

  private attach(id: string, policyArn: string): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(this, `attach_${id}`, { role: this.roleName, policyArn });
  }
}
