import {
  DataAwsIamPolicyDocument,
  DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct } from 'constructs';
import { IamStatement } from '../core/iam';

/**
 * A `data "aws_iam_policy_document"` written from `IamStatement`s, with IAM's
 * policy variables escaped for Terraform.
 */
export function policyDocument(
  scope: Construct,
  id: string,
  statements: readonly IamStatement[],
): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, { statement: statements.map(toDataSource) });
}

/**
 * IAM's `${service:key}` variables written as Terraform's `&{service:key}`
 * escape: Terraform would take `${...}` for its own interpolation.
 */
export function toTerraformText(text: string): string {
  return text.replace(/\$\{([A-Za-z0-9-]+:[^}]+)\}/g, '&{$1}');
}

function toDataSource(statement: IamStatement): DataAwsIamPolicyDocumentStatement {
  const text = (values: readonly string[]) => values.map(toTerraformText);
  return {
    ...(statement.sid !== undefined && { sid: statement.sid }),
    effect: statement.effect,
    actions: text(statement.actions),
    ...(statement.resources !== undefined && { resources: text(statement.resources) }),
    ...(statement.principals !== undefined && {
      principals: statement.principals.map((p) => ({
        type: p.type,
        identifiers: [...p.identifiers],
      })),
    }),
    ...(statement.conditions !== undefined && {
      condition: statement.conditions.map((c) => ({
        test: c.test,
        variable: c.variable,
        values: text(c.values),
      })),
    }),
  };
}
