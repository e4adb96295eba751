import { IamStatement } from '../core/iam';
import { dnsSuffixOf } from '../core/partition';
import * as rules from '../core/rules';
import { bucketArns, kmsKeyArns } from './parameters';
import { ChartValues, definePreset } from './preset';

/** S3 Express One Zone directory bucket names end with `--<zone id>--x-s3`. */
const DIRECTORY_BUCKET = /--x-s3$/;

/** A bucket's name, from its ARN (arn:<partition>:s3:::<name> or ...:s3express:...:bucket/<name>). */
const bucketName = (arn: string) =>
  arn.slice(Math.max(arn.lastIndexOf(':'), arn.lastIndexOf('/')) + 1);

/** The region of a KMS key, from its ARN (arn:<partition>:kms:<region>:<account>:key/<id>). */
const keyRegion = (arn: string) => arn.split(':')[3];

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
 *
 * With `kmsKeyArns`, what the same page requires for SSE-KMS objects:
 * `kms:Decrypt` to read and `kms:GenerateDataKey` to write, on those keys,
 * only when S3 uses them on the driver's behalf (`kms:ViaService`
 * s3.<key's region>).
 */
export const mountpointS3Csi = definePreset({
  name: 'mountpoint-s3-csi',
  parameters: {
    bucketArns: bucketArns(
      'Buckets the driver mounts: general purpose buckets, or S3 Express directory buckets by their s3express ARN',
      "Mountpoint's policy is scoped to the buckets it mounts",
      rules.mountableBucketArn,
    ),
    kmsKeyArns: kmsKeyArns(
      'KMS keys of SSE-KMS objects in those buckets: kms:Decrypt to read and kms:GenerateDataKey to write them, only through S3 (Mountpoint CONFIGURATION.md, "IAM permissions")',
      'none: SSE-S3 and the AWS managed key aws/s3 need no grant',
    ),
  },
  placement: { namespace: 'kube-system', serviceAccounts: ['s3-csi-driver-sa'] },
  addon: { name: 'aws-mountpoint-s3-csi-driver' },
  chart: {
    repository: 'https://awslabs.github.io/mountpoint-s3-csi-driver',
    name: 'aws-mountpoint-s3-csi-driver',
    version: '2.7.0',
    releaseName: 'aws-mountpoint-s3-csi-driver',
    serviceAccount: {
      name: 'node.serviceAccount.name',
      create: 'node.serviceAccount.create',
      annotations: 'node.serviceAccount.annotations',
    },
    naming: {
      kind: 'fixed',
      name: 's3-csi-driver-sa',
      url: 'https://github.com/awslabs/mountpoint-s3-csi-driver/blob/helm-chart-aws-mountpoint-s3-csi-driver-2.7.0/charts/aws-mountpoint-s3-csi-driver/values.yaml#L25-L32',
    },
    namespaceSource:
      'https://github.com/awslabs/mountpoint-s3-csi-driver/blob/v2.7.0/docs/INSTALL.md#L66-L79',
  },
  // The buckets are named by each PersistentVolume, not by the chart.
  values: (preset): ChartValues => ({
    values: {},
    notes: [
      `PersistentVolumes (volumeAttributes.bucketName) may mount only the role's buckets: ${(preset.bucketArns ?? []).map(bucketName).join(', ')}.`,
    ],
  }),
  source: {
    controller:
      'awslabs/mountpoint-s3-csi-driver v2.7.0 (EKS add-on aws-mountpoint-s3-csi-driver), policy of awslabs/mountpoint-s3',
    release: 'mountpoint-s3-1.23.0',
    url: 'https://github.com/awslabs/mountpoint-s3/blob/mountpoint-s3-1.23.0/doc/CONFIGURATION.md#L40-L117',
    compare:
      'in awslabs/mountpoint-s3: git diff mountpoint-s3-1.23.0 <new> -- doc/CONFIGURATION.md ("IAM permissions"); in awslabs/mountpoint-s3-csi-driver: git diff v2.7.0 <new> -- docs/CONFIGURATION.md ("AWS Credentials")',
    deviations: [
      {
        change: 'scopes',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        when: 'with kmsKeyArns',
        why: 'Only when S3 uses the keys on the driver\'s behalf, in each key\'s region (kms:ViaService s3.<region>.<DNS suffix>): SSE-KMS is the only use Mountpoint documents for them, and the page says only "on the key".',
      },
    ],
    limits: [
      'Access points, Multi-Region Access Points and Outposts buckets (which the driver mounts by access point ARN or alias) cannot be given as bucketArns: grant their accesspoint ARNs with statements.',
      "Volumes with pod-level credentials (volumeAttributes.authenticationSource: pod) use the workload pod's own role, not this one: give that pod's service account an identity with the same statements.",
    ],
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
    const keys = preset.kmsKeyArns ?? [];
    if (keys.length > 0) {
      const regions = [...new Set(keys.map(keyRegion))];
      statements.push({
        sid: 'MountpointSseKmsKeys',
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: keys,
        conditions: [
          {
            test: 'StringEquals',
            variable: 'kms:ViaService',
            values: regions.map((region) => `s3.${region}.${dnsSuffixOf(region)}`),
          },
        ],
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
