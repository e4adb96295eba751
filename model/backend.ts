import * as z from 'zod';
import { about, named, report, required, settings } from '../core/fields';
import * as rules from '../core/rules';

/**
 * Where Terraform keeps state: local files by default, Terraform Cloud when
 * the environment says so (`TF_CLOUD_ORGANIZATION`, so a pipeline's secrets
 * pick it), or an S3 bucket with Terraform's own lock file.
 */
export const terraformCloud = about(
  settings({
    workspacePrefix: named(
      rules.tfcWorkspacePrefix,
      'Prepended to each stack name to form its workspace name (at most 90 characters in all).',
    ).default(''),
  }),
  'Terraform Cloud workspaces, used when TF_CLOUD_ORGANIZATION is set.',
).prefault({});

const s3State = settings({
  bucket: required(named(rules.s3BucketName, 'The bucket that holds the state files.')),
  keyPrefix: named(
    rules.s3StateKeyPrefix,
    'Prefix of each stack state key: <keyPrefix><stack>.tfstate, one key per stack.',
  ).default(''),
  region: named(
    rules.awsRegion,
    "Region of the bucket. Default: the configuration's region.",
  ).optional(),
  useLockfile: about(
    z.boolean(),
    "Lock each stack's state with Terraform's S3 lock file, <key>.tflock (Terraform >= 1.10), so that two runs never write over each other; no DynamoDB table.",
  ).default(true),
  encrypt: about(z.boolean(), 'Encrypt the state objects at rest.').default(true),
  kmsKeyId: named(
    rules.kmsKeyArn,
    'A KMS key to encrypt the state with (SSE-KMS) instead of S3-managed keys.',
  ).optional(),
}).superRefine((state, context) => {
  if (!state.encrypt && state.kmsKeyId !== undefined) {
    report(context, {
      path: ['kmsKeyId'],
      message: 'needs encrypt: true: a KMS key only applies to encrypted state',
    });
  }
});

export const backend = about(
  settings({
    s3: about(
      s3State.optional(),
      "State in S3 instead of local files: one object per stack, locked with Terraform's S3 lock file and encrypted. Not together with TF_CLOUD_ORGANIZATION.",
    ),
  }),
  'Where Terraform keeps state: local files in the project folder by default, Terraform Cloud when TF_CLOUD_ORGANIZATION is set, or S3.',
).prefault({});

export type S3StateSettings = z.output<typeof s3State>;
