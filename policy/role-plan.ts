import { IamStatement, managedPolicyArn, PolicyContext } from '../core/iam';
import { Identity } from '../model/model';
import { presetGrant } from '../presets/catalogue';
import { s3ManagedPolicies, s3ReadStatements } from './s3-access';
import { trustStatements } from './trust-policy';

/**
 * Everything an identity's role gets, decided in one place: the role
 * construct creates exactly this, and the synth-time IAM checks count and
 * measure exactly this, so the two cannot drift apart.
 */
export interface RolePlan {
  /** Statements of the trust policy. */
  readonly trust: readonly IamStatement[];
  /** Managed policies attached as they are: AWS's and the configuration's ARNs. */
  readonly managedPolicies: readonly ManagedPolicyAttachment[];
  /** Customer managed policies created for the role and attached to it. */
  readonly customerPolicies: readonly PolicyDocumentPlan[];
  /** Inline policies of the role. */
  readonly inlinePolicies: readonly PolicyDocumentPlan[];
}

export interface ManagedPolicyAttachment {
  /** Unique in the plan; the attachment's construct ID is `attach_<id>`. */
  readonly id: string;
  /**
   * The ID it had before, when it was named by its position in
   * managedPolicyArns (`managed_0`): a moved block carries its state over.
   * @default - it has always had `id`
   */
  readonly formerId?: string;
  readonly arn: string;
  /** The setting that attaches it, for messages: `s3.access "managed-read-only"`. */
  readonly source: string;
}

export interface PolicyDocumentPlan {
  /** Unique in the plan: the construct ID of the policy. */
  readonly id: string;
  /** Appended to the role's name (or name prefix) to name a customer managed policy. */
  readonly nameSuffix: string;
  readonly description: string;
  /** What the document is, for messages: `a bucket-scoped S3 policy`. */
  readonly what: string;
  readonly statements: readonly IamStatement[];
}

/**
 * The plan of an identity's role: its preset's policies first, then its S3
 * access, then its own managed policies and statements.
 */
export function planRole(identity: Identity, context: PolicyContext): RolePlan {
  const preset = presetPlan(identity, context);
  const managedPolicies: ManagedPolicyAttachment[] = [
    ...preset.managedPolicies,
    ...s3ManagedPolicies(identity).map((name) => ({
      id: name,
      arn: managedPolicyArn(context.partition, name),
      source: `s3.access "${identity.s3.access}"`,
    })),
    ...identity.managedPolicyArns.map((arn, index) => ({
      id: managedPolicyArnId(arn),
      formerId: `managed_${index}`,
      arn,
      source: 'managedPolicyArns',
    })),
  ];
  const customerPolicies: PolicyDocumentPlan[] = [...preset.customerPolicies];
  const s3Read = s3ReadStatements(identity, context);
  if (s3Read.length > 0) {
    customerPolicies.push({
      id: 's3_read',
      nameSuffix: 's3-read',
      description: `Bucket-scoped S3 read for EKS Pod Identity identity "${identity.name}"`,
      what: 'a bucket-scoped S3 policy',
      statements: s3Read,
    });
  }
  const inlinePolicies: PolicyDocumentPlan[] = [];
  if (identity.statements.length > 0) {
    inlinePolicies.push({
      id: 'statements',
      nameSuffix: 'statements',
      description: "The identity's own statements",
      what: 'an inline policy (statements)',
      statements: identity.statements,
    });
  }
  return {
    trust: trustStatements(identity, context),
    managedPolicies,
    customerPolicies,
    inlinePolicies,
  };
}

/**
 * The ID of a managed policy of managedPolicyArns: its account (`aws` for
 * AWS's) and name, unique per role as IAM names are per account. Named by
 * position instead, removing the first of two would re-point the first
 * attachment at the second policy while the second attachment is deleted,
 * detaching the policy that should stay.
 */
function managedPolicyArnId(arn: string): string {
  const [, , , , account, resource] = arn.split(':');
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return `managed_${account}_${name}`;
}

/** What an identity's preset gives its role: AWS-managed policies and customer managed documents. */
function presetPlan(identity: Identity, context: PolicyContext) {
  if (identity.preset === undefined) return { managedPolicies: [], customerPolicies: [] };
  const preset = identity.preset.settings;
  const source = `preset "${preset.name}"`;
  const clusters = [...new Set(identity.associations.map((a) => a.cluster))];
  const grant = presetGrant(preset, { ...context, clusters });
  return {
    managedPolicies: grant.managedPolicies.map((name): ManagedPolicyAttachment => ({
      // The policy's name without its path: construct IDs cannot hold '/'.
      id: name.split('/').pop() ?? name,
      arn: managedPolicyArn(context.partition, name),
      source,
    })),
    customerPolicies: grant.documents.map((document): PolicyDocumentPlan => ({
      id: `preset_${document.id.replace(/-/g, '_')}`,
      nameSuffix: `${preset.name}-${document.id}`,
      description: document.description,
      what: `the ${preset.name} preset's "${document.id}" policy`,
      statements: document.statements,
    })),
  };
}
