import { dnsSuffixOf } from '../config/partition';
import {
  AssociationConfig,
  AwsPartition,
  IdentityConfig,
  PolicyConditionConfig,
} from '../config/types';

/**
 * IAM statements as plain data. The same statements feed the
 * `aws_iam_policy_document` data sources and the size checks made at synth,
 * so a policy that passes the check is the policy that is applied.
 *
 * IAM policy variables are written as IAM reads them (`${aws:PrincipalTag/x}`);
 * `toTerraformText` turns them into `&{...}` for Terraform, which would take
 * `${...}` for its own interpolation.
 */
export interface IamStatement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources?: readonly string[];
  readonly principals?: readonly IamPrincipal[];
  readonly conditions?: readonly IamCondition[];
}

export interface IamPrincipal {
  readonly type: string;
  readonly identifiers: readonly string[];
}

/** A condition block: the configuration's own shape (`test`, `variable`, `values`). */
export type IamCondition = PolicyConditionConfig;

/** Where the policies are evaluated: known at synth except the account. */
export interface PolicyContext {
  readonly partition: AwsPartition;
  readonly region: string;
  /** The account ID, or a Terraform reference to it. */
  readonly accountId: string;
}

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/** The session tags EKS Pod Identity sets when it assumes a role. */
export const SESSION_TAG = {
  clusterArn: 'eks-cluster-arn',
  namespace: 'kubernetes-namespace',
  serviceAccount: 'kubernetes-service-account',
} as const;

/** Sid of the tutorial's (and AWS's documented) trust statement. */
export const TRUST_SID = 'AllowEksAuthToAssumeRoleForPodIdentity';

/** An IAM account ID has 12 digits; size checks use a stand-in of that length. */
export const ACCOUNT_ID_STAND_IN = '123456789012';

export function clusterArn(context: PolicyContext, cluster: string): string {
  return `arn:${context.partition}:eks:${context.region}:${context.accountId}:cluster/${cluster}`;
}

export function managedPolicyArn(partition: AwsPartition, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/**
 * The role's trust policy: the tutorial's single statement, or, with
 * `restrictToAssociations`, one statement per association whose session tags
 * must match that association's cluster, namespace and service account as a
 * whole (separate value lists would also admit cross pairings).
 */
export function trustStatements(identity: IdentityConfig, context: PolicyContext): IamStatement[] {
  const sourceAccount: IamCondition[] = identity.trust.sourceAccount
    ? [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [context.accountId] }]
    : [];
  const base = {
    effect: 'Allow' as const,
    principals: [{ type: 'Service', identifiers: [POD_IDENTITY_PRINCIPAL] }],
    actions: ['sts:AssumeRole', 'sts:TagSession'],
  };
  if (!identity.trust.restrictToAssociations) {
    return [
      { sid: TRUST_SID, ...base, ...(sourceAccount.length > 0 && { conditions: sourceAccount }) },
    ];
  }
  return identity.associations.map((association, index) => ({
    sid: `${TRUST_SID}${index + 1}`,
    ...base,
    conditions: [...sourceAccount, ...associationTagConditions(association, context)],
  }));
}

function associationTagConditions(
  association: AssociationConfig,
  context: PolicyContext,
): IamCondition[] {
  const tag = (name: string, value: string): IamCondition => ({
    test: 'StringEquals',
    variable: `aws:RequestTag/${name}`,
    values: [value],
  });
  return [
    tag(SESSION_TAG.clusterArn, clusterArn(context, association.cluster)),
    tag(SESSION_TAG.namespace, association.namespace),
    tag(SESSION_TAG.serviceAccount, association.serviceAccount),
  ];
}

/** The IAM variable that holds the pod's namespace in its session. */
export const NAMESPACE_VARIABLE = `\${aws:PrincipalTag/${SESSION_TAG.namespace}}`;

/**
 * The key prefix reads are limited to, as IAM sees it: the configured prefix,
 * then the session's namespace with `namespacePrefixes`.
 */
export function s3ReadPrefix(identity: IdentityConfig): string {
  if (identity.s3.access !== 'bucket-scoped') return '';
  return `${identity.s3.prefix}${identity.s3.namespacePrefixes ? `${NAMESPACE_VARIABLE}/` : ''}`;
}

/**
 * Bucket-scoped read: `s3:ListBucket` on the buckets (limited to the prefix
 * through `s3:prefix` when there is one) and `s3:GetObject` under the prefix;
 * `kms:Decrypt` on the named keys, only when S3 asks on the pod's behalf.
 * Empty for the other S3 modes.
 */
export function s3ReadStatements(identity: IdentityConfig, context: PolicyContext): IamStatement[] {
  const s3 = identity.s3;
  if (s3.access !== 'bucket-scoped') return [];
  const prefix = s3ReadPrefix(identity);
  const bucketArn = (bucket: string) => `arn:${context.partition}:s3:::${bucket}`;
  const statements: IamStatement[] = [
    {
      sid: 'ListBuckets',
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: s3.buckets.map(bucketArn),
      ...(prefix !== '' && {
        conditions: [{ test: 'StringLike', variable: 's3:prefix', values: [`${prefix}*`] }],
      }),
    },
    {
      sid: 'ReadObjects',
      effect: 'Allow',
      actions: ['s3:GetObject'],
      resources: s3.buckets.map((bucket) => `${bucketArn(bucket)}/${prefix}*`),
    },
  ];
  if (s3.kmsKeyArns.length > 0) {
    // S3 calls KMS in the key's region, so that is the service to allow.
    const keyRegions = [...new Set(s3.kmsKeyArns.map((arn) => arn.split(':')[3]))];
    statements.push({
      sid: 'DecryptObjects',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: s3.kmsKeyArns,
      conditions: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: keyRegions.map((region) => `s3.${region}.${dnsSuffixOf(region)}`),
        },
      ],
    });
  }
  return statements;
}

/** The identity's own statements, for its inline policy. */
export function extraStatements(identity: IdentityConfig): IamStatement[] {
  return identity.statements.map((statement) => ({
    ...(statement.sid !== undefined && { sid: statement.sid }),
    effect: statement.effect,
    actions: statement.actions,
    resources: statement.resources,
    ...(statement.conditions.length > 0 && { conditions: statement.conditions }),
  }));
}

/** Managed policies AWS owns that an identity's S3 mode attaches. */
export function s3ManagedPolicies(identity: IdentityConfig): string[] {
  return identity.s3.access === 'managed-read-only' ? ['AmazonS3ReadOnlyAccess'] : [];
}

/**
 * Characters IAM counts for a policy document (it ignores white space):
 * the minified JSON of the document as Terraform renders it, where a list
 * of one value becomes that value.
 */
export function policyLength(statements: readonly IamStatement[]): number {
  const one = (values: readonly string[]) => (values.length === 1 ? values[0] : values);
  const document = {
    Version: '2012-10-17',
    Statement: statements.map((s) => {
      const conditions: Record<string, Record<string, string | readonly string[]>> = {};
      for (const c of s.conditions ?? []) {
        conditions[c.test] = { ...conditions[c.test], [c.variable]: one(c.values) };
      }
      const principals: Record<string, string | readonly string[]> = {};
      for (const p of s.principals ?? []) principals[p.type] = one(p.identifiers);
      return {
        ...(s.sid !== undefined && { Sid: s.sid }),
        Effect: s.effect,
        Action: one(s.actions),
        ...(s.resources !== undefined && { Resource: one(s.resources) }),
        ...(s.principals !== undefined && { Principal: principals }),
        ...(s.conditions !== undefined && { Condition: conditions }),
      };
    }),
  };
  return JSON.stringify(document).length;
}

/** IAM's `${service:key}` variables written as Terraform's `&{service:key}` escape. */
export function toTerraformText(text: string): string {
  return text.replace(/\$\{([A-Za-z0-9-]+:[^}]+)\}/g, '&{$1}');
}

/**
 * What a pod of `namespace` can list with the identity's S3 access, as an
 * `s3://` URL for `aws s3 ls`; undefined when the identity names no bucket
 * (with `AmazonS3ReadOnlyAccess`, `aws s3 ls` then lists the buckets).
 */
export function s3CheckUrl(identity: IdentityConfig, namespace: string): string | undefined {
  if (identity.s3.access === 'none' || identity.s3.buckets.length === 0) return undefined;
  const prefix = s3ReadPrefix(identity).replace(NAMESPACE_VARIABLE, namespace);
  return `s3://${identity.s3.buckets[0]}/${prefix}`;
}
