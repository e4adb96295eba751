import { DataAwsIamRole } from '@cdktf/provider-aws/lib/data-aws-iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import {
  DataResource,
  ITerraformDependable,
  TerraformResourceLifecycle,
  TerraformStack,
} from 'cdktf';
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
  /**
   * What gives the role its permissions (its policy attachments and inline
   * policies): an association or add-on that maps a service account to the
   * role depends on them, so that it never names the role before the role
   * can do its work, and a policy it replaces is removed only after it names
   * the new role.
   * @default - none: a role used as it is
   */
  readonly permissions?: readonly ITerraformDependable[];
}

/**
 * Every resource that makes up a role is replaced by creating the new one
 * first: when a role is replaced (its name changed, or its identity renamed,
 * which moves it to another address), the associations are switched to the
 * new role before the old one is destroyed, and a policy or attachment
 * replaced keeps the old one until the new one exists. Terraform keeps the
 * setting in the state, so it holds for a role whose identity is gone.
 *
 * IAM cannot hold two roles (or policies) of one name: a replacement under the
 * same name (a path changed, nothing else) fails at its create, before
 * anything is destroyed.
 */
const REPLACE_BY_CREATING_FIRST: TerraformResourceLifecycle = { createBeforeDestroy: true };

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
  /** What makes its permissions, settled (see `settled`); empty for a role without policies. */
  public readonly permissions: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const { plan } = props;
    const tags = awsTags(props.tags ?? {});

    const role = props.adopt?.release === true ? this.release(props.name) : this.role(props, tags);
    this.roleArn = role.arn;
    this.roleName = role.name;

    const permissions: (IamRolePolicyAttachment | IamRolePolicy)[] = plan.managedPolicies.map(
      (attachment) => {
        const attached = this.attach(attachment.id, attachment.arn);
        if (attachment.formerId !== undefined) {
          attached.moveFromId(
            `aws_iam_role_policy_attachment.${this.logicalIdOf(`attach_${attachment.formerId}`)}`,
          );
        }
        return attached;
      },
    );

    for (const document of plan.customerPolicies) {
      const policy = new IamPolicy(this, document.id, {
        ...(props.name !== undefined
          ? { name: `${props.name}-${document.nameSuffix}` }
          : { namePrefix: `${props.namePrefix ?? ''}${document.nameSuffix}-` }),
        ...(props.path !== undefined && { path: props.path }),
        description: document.description,
        policy: policyDocument(this, `${document.id}_document`, document.statements).json,
        ...(tags !== undefined && { tags }),
        lifecycle: REPLACE_BY_CREATING_FIRST,
      });
      permissions.push(this.attach(document.id, policy.arn));
    }

    for (const document of plan.inlinePolicies) {
      const inline = new IamRolePolicy(this, document.id, {
        name: document.nameSuffix,
        role: this.roleName,
        policy: policyDocument(this, `${document.id}_document`, document.statements).json,
        lifecycle: REPLACE_BY_CREATING_FIRST,
      });
      permissions.push(inline);
    }
    this.permissions = permissions.length === 0 ? [] : [this.settled(permissions)];
  }

  /**
   * A `terraform_data` whose input is every attachment and inline policy of
   * the role, for what waits on the role's permissions to depend on. When
   * the role trades one policy for another (S3 access narrowed to a bucket,
   * say), it is updated once the new ones exist, and the old ones, replaced
   * by creating first, are removed only after that update: Terraform orders
   * the destroy of a create-before-destroy resource after what depended on it
   * is updated. Without it nothing orders the old detach after the new
   * attach, and the role can have neither for a moment.
   */
  private settled(permissions: readonly (IamRolePolicyAttachment | IamRolePolicy)[]): DataResource {
    return new DataResource(this, 'permissions', {
      input: { policies: permissions.map((p) => p.id) },
    });
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
      lifecycle: {
        ...REPLACE_BY_CREATING_FIRST,
        ...(props.adopt?.protect === true && { preventDestroy: true }),
      },
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
    const address = `aws_iam_role.${this.logicalIdOf(ROLE_ID)}`;
    new RemovedBlock(this, 'released', address);
    return new DataAwsIamRole(this, 'released_role', { name });
  }

  /** The logical ID (the Terraform name) a resource of this construct with `id` has, or had. */
  private logicalIdOf(id: string): string {
    // A construct at that path has that resource's logical ID.
    return TerraformStack.of(this).getLogicalId(new Construct(this, id).node);
  }

  private attach(id: string, policyArn: string): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(this, `attach_${id}`, {
      role: this.roleName,
      policyArn,
      lifecycle: REPLACE_BY_CREATING_FIRST,
    });
  }
}
