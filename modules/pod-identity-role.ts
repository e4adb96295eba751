import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { IdentityConfig } from '../config/types';
import { policyDocument } from './policy-document';
import {
  extraStatements,
  managedPolicyArn,
  PolicyContext,
  s3ManagedPolicies,
  s3ReadStatements,
  trustStatements,
} from './policy-statements';

export interface PodIdentityRoleProps {
  /** The identity: role settings, permissions, trust options and associations. */
  readonly identity: IdentityConfig;
  /** Partition, region and account the policies refer to. */
  readonly context: PolicyContext;
}

/**
 * An IAM role that EKS Pod Identity may assume (`pods.eks.amazonaws.com` with
 * `sts:AssumeRole` and `sts:TagSession`), with the identity's permissions:
 * AWS's `AmazonS3ReadOnlyAccess` (the tutorial's), a bucket-scoped customer
 * managed policy, further managed policies, and an inline policy for the
 * identity's own statements.
 */
export class PodIdentityRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    const { identity, context } = props;
    const settings = identity.role;

    const trust = policyDocument(this, 'assume_role', trustStatements(identity, context));
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
      ...(Object.keys(settings.tags).length > 0 && { tags: { ...settings.tags } }),
      assumeRolePolicy: trust.json,
    });

    for (const name of s3ManagedPolicies(identity)) {
      this.attach(name, managedPolicyArn(context.partition, name));
    }
    identity.managedPolicyArns.forEach((arn, index) => this.attach(`managed_${index}`, arn));

    const s3Read = s3ReadStatements(identity, context);
    if (s3Read.length > 0) {
      const policy = new IamPolicy(this, 's3_read', {
        ...(settings.name !== undefined
          ? { name: `${settings.name}-s3-read` }
          : { namePrefix: `${settings.namePrefix ?? ''}s3-read-` }),
        ...(settings.path !== undefined && { path: settings.path }),
        description: `Bucket-scoped S3 read for EKS Pod Identity identity "${identity.name}"`,
        policy: policyDocument(this, 's3_read_document', s3Read).json,
        ...(Object.keys(settings.tags).length > 0 && { tags: { ...settings.tags } }),
      });
      this.attach('s3_read', policy.arn);
    }

    const extra = extraStatements(identity);
    if (extra.length > 0) {
      new IamRolePolicy(this, 'statements', {
        name: 'statements',
        role: this.role.name,
        policy: policyDocument(this, 'statements_document', extra).json,
      });
    }
  }

  private attach(id: string, policyArn: string): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(this, `attach_${id}`, { role: this.role.name, policyArn });
  }
}
