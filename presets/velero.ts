import { IamStatement } from '../core/iam';
import { dnsSuffixOf } from '../core/partition';
import { bucketArns, kmsKeyArns } from './parameters';
import { definePreset } from './preset';

/** The region of a KMS key ARN: S3 and EBS use a key only in its own region. */
const keyRegion = (arn: string) => arn.split(':')[3];

/**
 * Velero with velero-plugin-for-aws: the `velero-policy.json` of the
 * plugin's README at v1.13.2 (plugin 1.13.x goes with Velero 1.17.x). EBS
 * snapshots on `*`, as published (the Describe actions have no resource
 * type); backup objects and the bucket listing on `bucketArns`, which is
 * required: the README scopes its policy to the backup bucket and has no
 * "every bucket" form.
 *
 * With `kmsKeyArns` (a project addition: the README publishes no KMS
 * statement), the keys may be used only through S3 for SSE-KMS backup
 * objects (`kms:GenerateDataKey` and `kms:Decrypt`, as the S3 user guide
 * lists them) and through EC2 for snapshots of encrypted volumes and the
 * volumes restored from them (the EBS user guide's "Permissions for users":
 * `kms:CreateGrant` for AWS resources only, `kms:Decrypt`,
 * `kms:DescribeKey`, `kms:GenerateDataKeyWithoutPlaintext`,
 * `kms:ReEncrypt*`), each in the key's region.
 */
export const velero = definePreset({
  name: 'velero',
  parameters: {
    bucketArns: bucketArns(
      'Buckets Velero writes backups to',
      "the Velero AWS plugin's policy is scoped to the backup bucket",
    ),
    kmsKeyArns: kmsKeyArns(
      'KMS keys of the bucket (SSE-KMS) and of the EBS volumes it snapshots',
      'none: S3-managed and AWS managed keys need no grant',
    ),
  },
  placement: { namespace: 'velero', serviceAccount: 'velero-server' },
  source: {
    controller: 'vmware-tanzu/velero-plugin-for-aws (Velero 1.17.x)',
    release: 'v1.13.2',
    url: 'https://github.com/vmware-tanzu/velero-plugin-for-aws/blob/v1.13.2/README.md',
    compare:
      'git diff v1.13.2 <new> -- README.md backupstoragelocation.md volumesnapshotlocation.md (the velero-policy.json heredoc), and velero-plugin-for-aws/object_store.go velero-plugin-for-aws/volume_snapshotter.go for the calls it makes',
    deviations: [
      'kmsKeyArns adds KMS statements the README does not publish: kms:GenerateDataKey and kms:Decrypt through S3 (SSE-KMS backup objects, S3 user guide) and kms:CreateGrant (kms:GrantIsForAWSResource), kms:Decrypt, kms:DescribeKey, kms:GenerateDataKeyWithoutPlaintext and kms:ReEncrypt* through EC2 (encrypted EBS snapshots and restored volumes, EBS user guide), each only in the key region (kms:ViaService).',
    ],
  },
  managedPolicies: () => [],
  documents: (preset) => {
    const buckets = preset.bucketArns ?? [];
    if (buckets.length === 0) {
      throw new Error('the velero preset needs bucketArns: the buckets backups are written to');
    }
    const statements: IamStatement[] = [
      {
        sid: 'ManageVolumeSnapshots',
        effect: 'Allow',
        actions: [
          'ec2:DescribeVolumes',
          'ec2:DescribeSnapshots',
          'ec2:CreateTags',
          'ec2:CreateVolume',
          'ec2:CreateSnapshot',
          'ec2:DeleteSnapshot',
        ],
        resources: ['*'],
      },
      {
        sid: 'ReadAndWriteBackups',
        effect: 'Allow',
        actions: [
          's3:GetObject',
          's3:DeleteObject',
          's3:PutObject',
          's3:PutObjectTagging',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        resources: buckets.map((bucket) => `${bucket}/*`),
      },
      {
        sid: 'ListBackupBuckets',
        effect: 'Allow',
        actions: ['s3:ListBucket'],
        resources: buckets,
      },
    ];
    const keys = preset.kmsKeyArns ?? [];
    if (keys.length > 0) {
      const regions = [...new Set(keys.map(keyRegion))];
      const via = (service: string) => ({
        test: 'StringEquals',
        variable: 'kms:ViaService',
        values: regions.map((r) => `${service}.${r}.${dnsSuffixOf(r)}`),
      });
      statements.push(
        {
          sid: 'UseKeysOfEncryptedBackups',
          effect: 'Allow',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: keys,
          conditions: [via('s3')],
        },
        {
          sid: 'GrantsForEncryptedSnapshots',
          effect: 'Allow',
          actions: ['kms:CreateGrant'],
          resources: keys,
          conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
        },
        {
          sid: 'UseKeysOfEncryptedSnapshots',
          effect: 'Allow',
          actions: [
            'kms:Decrypt',
            'kms:DescribeKey',
            'kms:GenerateDataKeyWithoutPlaintext',
            'kms:ReEncrypt*',
          ],
          resources: keys,
          conditions: [via('ec2')],
        },
      );
    }
    return [
      {
        id: 'backups',
        description: 'Velero AWS plugin v1.13.2: backup buckets and EBS snapshots',
        statements,
      },
    ];
  },
});
