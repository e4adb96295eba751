import { AwsPartition } from './partition';

/**
 * IAM statements as plain data, with nothing of Terraform or cdktf: the same
 * statements feed the `aws_iam_policy_document` data sources and the size
 * checks made at synth, so a policy that passes the check is the policy that
 * is applied.
 *
 * IAM policy variables are written as IAM reads them (`${aws:PrincipalTag/x}`);
 * the constructs escape them for Terraform.
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

/** A condition block, as `aws_iam_policy_document` writes it. */
export interface IamCondition {
  /** The operator, `StringEquals`. */
  readonly test: string;
  /** The condition key, `aws:SourceAccount`. */
  readonly variable: string;
  readonly values: readonly string[];
}

/** Where the policies are evaluated: known at synth except the account. */
export interface PolicyContext {
  readonly partition: AwsPartition;
  readonly region: string;
  /** The account ID, or a Terraform reference to it. */
  readonly accountId: string;
}

/** An IAM account ID has 12 digits; size checks use a stand-in of that length. */
export const ACCOUNT_ID_STAND_IN = '123456789012';

export function clusterArn(context: PolicyContext, cluster: string): string {
  return `arn:${context.partition}:eks:${context.region}:${context.accountId}:cluster/${cluster}`;
}

export function managedPolicyArn(partition: AwsPartition, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/**
 * Characters IAM counts for a policy document (it ignores white space):
 * the minified JSON of the document as Terraform renders it, where a list
 * of one value becomes that value.
 */
export function policyLength(statements: readonly IamStatement[]): number {
  return JSON.stringify(policyJson(statements)).length;
}

/** The policy document IAM stores, as Terraform's `aws_iam_policy_document` renders it. */
export function policyJson(statements: readonly IamStatement[]) {
  const one = (values: readonly string[]) => (values.length === 1 ? values[0] : values);
  return {
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
}
