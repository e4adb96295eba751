import {
  DataAwsIamPolicyDocument,
  DataAwsIamPolicyDocumentStatement,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Construct } from 'constructs';
import { IamStatement, toTerraformText } from './policy-statements';

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
