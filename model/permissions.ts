import * as z from 'zod';
import { about, choice, list, named, required, settings, text, report } from '../core/fields';
import { unknownAction } from '../core/iam-actions';
import * as rules from '../core/rules';

/** What an identity's role may do: S3 access, further managed policies, its own statements. */

const S3_ONLY_BUCKET_SCOPED = ['prefix', 'namespacePrefixes', 'kmsKeyArns'] as const;

const s3Settings = settings({
  access: about(
    choice(['none', 'managed-read-only', 'bucket-scoped']),
    "managed-read-only: the tutorial's AWS-managed AmazonS3ReadOnlyAccess (every bucket of the account). bucket-scoped: a customer managed policy with s3:ListBucket on the buckets and s3:GetObject on their objects, nothing else. none: no S3 access.",
  ).default('managed-read-only'),
  buckets: about(
    list(named(rules.s3BucketName, 'A bucket.')).optional(),
    'Required for bucket-scoped; with managed-read-only only used by the access check (`aws s3 ls`).',
  ),
  prefix: about(
    text(rules.s3KeyPrefix).optional(),
    `bucket-scoped only: limit reads to keys under this prefix, with an s3:prefix condition on ListBucket. Must be ${rules.s3KeyPrefix.description}. Default: the whole bucket.`,
  ),
  namespacePrefixes: about(
    z.boolean().optional(),
    'bucket-scoped only (ABAC): each session reads only <prefix><its namespace>/, through the kubernetes-namespace session tag Pod Identity sets. One shared role then serves every team. Default: false.',
  ),
  kmsKeyArns: about(
    list(named(rules.kmsKeyArn, 'A KMS key.')).optional(),
    "bucket-scoped only: kms:Decrypt on these keys, only when S3 calls KMS on the pod's behalf (kms:ViaService).",
  ),
});

/** Settings that apply to one S3 mode only are refused with the others. */
function checkS3Mode(s3: z.output<typeof s3Settings>, context: z.core.$RefinementCtx): void {
  if (s3.access !== 'bucket-scoped') {
    for (const key of S3_ONLY_BUCKET_SCOPED) {
      if (s3[key] !== undefined) {
        report(context, {
          path: [key],
          message: 'only applies when access is "bucket-scoped"',
        });
      }
    }
  }
  if (s3.access === 'none' && s3.buckets !== undefined) {
    report(context, { path: ['buckets'], message: 'does not apply when access is "none"' });
  }
  if (s3.access !== 'bucket-scoped') return;
  if (s3.buckets === undefined) {
    report(context, { path: ['buckets'], message: 'is required when access is "bucket-scoped"' });
  } else if (s3.buckets.length === 0) {
    report(context, {
      path: ['buckets'],
      value: s3.buckets,
      message: 'is empty: "bucket-scoped" access needs at least one bucket',
    });
  }
}

export const s3 = about(
  s3Settings.superRefine(checkS3Mode),
  "S3 access of the role. Default: the tutorial's AmazonS3ReadOnlyAccess, or none for an identity with a preset.",
);

export type S3Settings = z.output<typeof s3>;

/** An action AWS has: its syntax first, then AWS's service authorization data. */
const action = text(rules.iamAction).superRefine((value, context) => {
  const problem = unknownAction(value);
  if (problem !== undefined) report(context, { value, message: problem });
});

const condition = settings({
  test: required(named(rules.iamConditionOperator, 'The condition operator.')),
  variable: required(named(rules.iamConditionKey, 'The condition key.')),
  values: required(
    about(
      list(text(), 'list at least one value'),
      'Values; IAM policy variables as IAM writes them, ${aws:...}.',
    ),
  ),
});

const statement = settings({
  sid: about(
    text(rules.iamStatementSid).optional(),
    `Must be ${rules.iamStatementSid.description}.`,
  ),
  effect: choice(['Allow', 'Deny']).default('Allow'),
  actions: required(
    about(
      list(action, 'list at least one action'),
      "Actions, 'service:Action' (wildcards allowed), each one AWS has according to its service authorization data.",
    ),
    ': list at least one action',
  ),
  resources: required(
    about(
      list(text(rules.iamResource), "list at least one resource ARN, or '*'"),
      "Resource ARNs, or '*'; IAM policy variables as IAM writes them, ${aws:PrincipalTag/kubernetes-namespace}.",
    ),
    ": list at least one resource ARN, or '*'",
  ),
  conditions: about(
    list(condition),
    'Conditions: test (the operator), variable (the key), values.',
  ).default([]),
});

export type StatementSettings = z.output<typeof statement>;

export const statements = about(
  list(statement, 'list at least one statement, or leave statements out'),
  'Further statements, in one inline policy.',
).default([]);

export const managedPolicyArns = about(
  list(named(rules.managedPolicyArn, 'A managed policy.')),
  "Further managed policies to attach (unique; not AmazonS3ReadOnlyAccess again), in the region's partition.",
).default([]);
