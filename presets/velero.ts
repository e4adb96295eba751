import { IamCondition, IamStatement } from '../core/iam';
import { dnsSuffixOf } from '../core/partition';
import { bucketArns, kmsKeyArns } from './parameters';
import { ChartValues, definePreset } from './preset';

/** The region of a KMS key ARN: S3 and EBS use a key only in its own region. */
const keyRegion = (arn: string) => arn.split(':')[3];

/** The name of a bucket, from its ARN (arn:<partition>:s3:::<name>). */
const bucketName = (arn: string) => arn.slice(arn.indexOf(':::') + 3);

/** The plugin release the policy was written from, which the chart does not ship. */
const PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.13.2';

/** The buckets of the settings: the schema requires one, but a guard for unparsed settings. */
function backupBuckets(buckets: readonly string[] | undefined): readonly [string, ...string[]] {
  const [first, ...rest] = buckets ?? [];
  if (first === undefined) {
    throw new Error('the velero preset needs bucketArns: the buckets backups are written to');
  }
  return [first, ...rest];
}

/**
 * Velero with velero-plugin-for-aws: the `velero-policy.json` of the
 * plugin's README at v1.13.2 (plugin 1.13.x goes with Velero 1.17.x). EBS
 * snapshots on `*`, as published (the Describe actions have no resource
 * type); backup objects and the bucket listing on `bucketArns`, which is
 * required: the README scopes its policy to the backup bucket and has no
 * "every bucket" form.
 *
 * With `kmsKeyArns` (a project addition: the README publishes no KMS
 * statement), three statements on those keys:
 * - UseKeysOfEncryptedBackups: `kms:GenerateDataKey` and `kms:Decrypt`
 *   (SSE-KMS backup objects, as the S3 user guide lists them), only through
 *   S3 (`kms:ViaService` s3.<key region>);
 * - UseKeysOfEncryptedSnapshots: `kms:Decrypt`, `kms:DescribeKey`,
 *   `kms:GenerateDataKeyWithoutPlaintext` and `kms:ReEncrypt*` (snapshots of
 *   encrypted volumes and the volumes restored from them, the EBS user
 *   guide's "Permissions for users"), only through EC2 (`kms:ViaService`
 *   ec2.<key region>);
 * - GrantsForEncryptedSnapshots: `kms:CreateGrant`, only for grants to AWS
 *   resources (`kms:GrantIsForAWSResource`), with no `kms:ViaService`: any
 *   AWS service integrated with KMS may create grants on those keys for the
 *   role, as the EBS guide writes it.
 *
 * The chart (11.4.0, Velero 1.17.1) ships no plugin and by default points
 * Velero at a credentials file: the values add the plugin as an init
 * container and turn the file off, so that the plugin uses Pod Identity.
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
  placement: { namespace: 'velero', serviceAccounts: ['velero-server'] },
  chart: {
    repository: 'https://vmware-tanzu.github.io/helm-charts',
    name: 'velero',
    // appVersion 1.17.1: the newest chart of Velero 1.17.x, which plugin 1.13.x goes with.
    version: '11.4.0',
    releaseName: 'velero',
    serviceAccount: {
      name: 'serviceAccount.server.name',
      create: 'serviceAccount.server.create',
      annotations: 'serviceAccount.server.annotations',
    },
    // <fullname>-server; fullname is at _helpers.tpl#L14-L25.
    naming: {
      kind: 'fullname',
      suffix: '-server',
      url: 'https://github.com/vmware-tanzu/helm-charts/blob/velero-11.4.0/charts/velero/templates/_helpers.tpl#L37-L43',
    },
    // The chart README leaves the namespace open; the plugin README installs into velero.
    namespaceSource:
      'https://github.com/vmware-tanzu/velero-plugin-for-aws/blob/v1.13.2/README.md#L275',
  },
  values: (preset, context): ChartValues => {
    const [bucket, ...others] = backupBuckets(preset.bucketArns);
    const [key] = preset.kmsKeyArns ?? [];
    return {
      values: {
        configuration: {
          backupStorageLocation: [
            {
              name: 'default',
              provider: 'aws',
              bucket: bucketName(bucket),
              config: {
                region: context.region,
                ...(key !== undefined && { kmsKeyId: key }),
              },
            },
          ],
          // The plugin refuses a snapshot location without a region.
          volumeSnapshotLocation: [
            { name: 'default', provider: 'aws', config: { region: context.region } },
          ],
        },
        // true points the plugin at a credentials file (AWS_SHARED_CREDENTIALS_FILE), not Pod Identity.
        credentials: { useSecret: false },
        initContainers: [
          {
            name: 'velero-plugin-for-aws',
            image: PLUGIN_IMAGE,
            volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          },
        ],
      },
      notes: [
        `The backup storage location is bucket ${bucketName(bucket)} in ${context.region} (an S3 ARN names no region): the bucket must be there.`,
        ...(others.length > 0
          ? [
              `The role may also write to ${others.map(bucketName).join(', ')}: add a backupStorageLocation for each.`,
            ]
          : []),
        ...(key !== undefined
          ? [
              'Backups are encrypted with the first of kmsKeyArns (config.kmsKeyId): list the bucket key first.',
            ]
          : []),
      ],
    };
  },
  source: {
    controller: 'vmware-tanzu/velero-plugin-for-aws (Velero 1.17.x)',
    release: 'v1.13.2',
    url: 'https://github.com/vmware-tanzu/velero-plugin-for-aws/blob/v1.13.2/README.md#L95-L136',
    compare:
      'git diff v1.13.2 <new> -- README.md backupstoragelocation.md volumesnapshotlocation.md (the velero-policy.json heredoc), and velero-plugin-for-aws/object_store.go velero-plugin-for-aws/volume_snapshotter.go for the calls it makes',
    deviations: [
      {
        change: 'adds',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        when: 'with kmsKeyArns',
        why: 'SSE-KMS backup objects (config.kmsKeyId): S3 calls them for the role (the S3 user guide). Statement UseKeysOfEncryptedBackups, only through S3 in the key region (kms:ViaService). The README publishes no KMS statement.',
      },
      {
        change: 'adds',
        actions: [
          'kms:CreateGrant',
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:ReEncrypt*',
        ],
        when: 'with kmsKeyArns',
        why: "Snapshots of encrypted EBS volumes and the volumes restored from them: EC2 calls them for the role (the EBS user guide's permissions for users). Statement UseKeysOfEncryptedSnapshots (all but kms:CreateGrant) only through EC2 in the key region (kms:ViaService); statement GrantsForEncryptedSnapshots (kms:CreateGrant) only for grants to AWS resources (kms:GrantIsForAWSResource), without kms:ViaService. The README publishes no KMS statement.",
      },
    ],
    limits: [
      'The velero install CLI (as the plugin README installs it) names the service account velero, not velero-server: give the association that service account when installing so.',
      'Backup storage locations in buckets outside bucketArns are refused: list every bucket in bucketArns.',
      "Snapshots of volumes encrypted with a customer managed key outside kmsKeyArns (the account's default EBS key too, when it is customer managed) cannot be restored, and backups cannot be written with such a config.kmsKeyId: add the key to kmsKeyArns.",
    ],
  },
  managedPolicies: () => [],
  documents: (preset) => {
    const buckets = backupBuckets(preset.bucketArns);
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
      const via = (service: string): IamCondition => ({
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
