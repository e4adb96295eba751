import { IamStatement, PolicyContext } from '../core/iam';
import { dnsSuffixOf } from '../core/partition';
import { Identity } from '../model/model';
import { SESSION_TAG } from './trust-policy';

/** The IAM variable that holds the pod's namespace in its session. */
export const NAMESPACE_VARIABLE = `\${aws:PrincipalTag/${SESSION_TAG.namespace}}`;

/** The AWS-managed policy of the tutorial's S3 access. */
export const S3_READ_ONLY_POLICY = 'AmazonS3ReadOnlyAccess';

type S3 = Pick<Identity, 's3'>;

/**
 * The key prefix reads are limited to, as IAM sees it: the configured prefix,
 * then the session's namespace with `namespacePrefixes`.
 */
export function s3ReadPrefix(identity: S3): string {
  if (identity.s3.access !== 'bucket-scoped') return '';
  return `${identity.s3.prefix}${identity.s3.namespacePrefixes ? `${NAMESPACE_VARIABLE}/` : ''}`;
}

/**
 * Bucket-scoped read: `s3:ListBucket` on the buckets (limited to the prefix
 * through `s3:prefix` when there is one) and `s3:GetObject` under the prefix;
 * `kms:Decrypt` on the named keys, only when S3 asks on the pod's behalf.
 * Empty for the other S3 modes.
 */
export function s3ReadStatements(identity: S3, context: PolicyContext): IamStatement[] {
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

/** Managed policies AWS owns that an identity's S3 mode attaches. */
export function s3ManagedPolicies(identity: S3): string[] {
  return identity.s3.access === 'managed-read-only' ? [S3_READ_ONLY_POLICY] : [];
}

/**
 * What a pod of `namespace` can list with the identity's S3 access, as an
 * `s3://` URL for `aws s3 ls`; undefined when the identity names no bucket
 * (with `AmazonS3ReadOnlyAccess`, `aws s3 ls` then lists the buckets).
 */
export function s3CheckUrl(identity: S3, namespace: string): string | undefined {
  if (identity.s3.access === 'none' || identity.s3.buckets.length === 0) return undefined;
  const prefix = s3ReadPrefix(identity).replace(NAMESPACE_VARIABLE, namespace);
  return `s3://${identity.s3.buckets[0]}/${prefix}`;
}
