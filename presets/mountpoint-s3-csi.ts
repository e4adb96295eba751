import { IamStatement } from '../core/iam';
import * as rules from '../core/rules';
import { bucketArns } from './parameters';
import { definePreset } from './preset';

/** S3 Express One Zone directory bucket names end with `--<zone id>--x-s3`. */
const DIRECTORY_BUCKET = /--x-s3$/;

/**
 * Mountpoint for Amazon S3 CSI driver (EKS add-on
 * aws-mountpoint-s3-csi-driver; driver-level credentials on
 * `s3-csi-driver-sa`): the driver's v2.7.0 CONFIGURATION.md recommends
 * Mountpoint's own least-privilege policy, doc/CONFIGURATION.md "IAM
 * permissions" at mountpoint-s3-1.23.0, rather than AmazonS3FullAccess.
 *
 * General purpose buckets get that page's two statements, Sids included:
 * `s3:ListBucket` on the buckets, and reading, writing, aborting uploads
 * and deleting their objects (deletes need Mountpoint's
 * `--allow-delete`). Directory buckets (S3 Express One Zone, names ending
 * `--x-s3`) do not use `s3:` actions: they get `s3express:CreateSession`
 * on `arn:<partition>:s3express:<region>:<account>:bucket/<name>`, in the
 * context's region and account, as the page documents; an s3express
 * bucket ARN is taken as it is. `bucketArns` is required: Mountpoint
 * documents only a bucket-scoped policy.
 */
export const mountpointS3Csi = definePreset({
  name: 'mountpoint-s3-csi',
  parameters: {
    bucketArns: bucketArns(
      'Buckets the driver mounts: general purpose buckets, or S3 Express directory buckets by their s3express ARN',
      "Mountpoint's policy is scoped to the buckets it mounts",
      rules.mountableBucketArn,
    ),
  },
  placement: { namespace: 'kube-system', serviceAccount: 's3-csi-driver-sa' },
  addon: { name: 'aws-mountpoint-s3-csi-driver' },
  source: {
    controller:
      'awslabs/mountpoint-s3-csi-driver v2.7.0 (EKS add-on aws-mountpoint-s3-csi-driver), policy of awslabs/mountpoint-s3',
    release: 'mountpoint-s3-1.23.0',
    url: 'https://github.com/awslabs/mountpoint-s3/blob/mountpoint-s3-1.23.0/doc/CONFIGURATION.md',
    compare:
      'in awslabs/mountpoint-s3: git diff mountpoint-s3-1.23.0 <new> -- doc/CONFIGURATION.md ("IAM permissions"); in awslabs/mountpoint-s3-csi-driver: git diff v2.7.0 <new> -- docs/CONFIGURATION.md ("AWS Credentials")',
    deviations: [],
  },
  managedPolicies: () => [],
  documents: (preset, context) => {
    const arns = preset.bucketArns ?? [];
    if (arns.length === 0) {
      throw new Error('the mountpoint-s3-csi preset needs bucketArns: the buckets it mounts');
    }
    const express = (arn: string) => arn.split(':')[2] === 's3express';
    const name = (arn: string) => arn.slice(arn.indexOf(':::') + 3);
    const general = arns.filter((arn) => !express(arn) && !DIRECTORY_BUCKET.test(name(arn)));
    const directory = [
      ...arns.filter(express),
      ...arns
        .filter((arn) => !express(arn) && DIRECTORY_BUCKET.test(name(arn)))
        .map(
          (arn) =>
            `arn:${context.partition}:s3express:${context.region}:${context.accountId}:bucket/${name(arn)}`,
        ),
    ];
    const statements: IamStatement[] = [];
    if (general.length > 0) {
      statements.push(
        {
          sid: 'MountpointFullBucketAccess',
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: general,
        },
        {
          sid: 'MountpointFullObjectAccess',
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
          resources: general.map((arn) => `${arn}/*`),
        },
      );
    }
    if (directory.length > 0) {
      statements.push({
        sid: 'MountpointDirectoryBucketSessions',
        effect: 'Allow',
        actions: ['s3express:CreateSession'],
        resources: directory,
      });
    }
    return [
      {
        id: 'buckets',
        description: 'Mountpoint for Amazon S3 1.23.0: the buckets the CSI driver mounts',
        statements,
      },
    ];
  },
});
