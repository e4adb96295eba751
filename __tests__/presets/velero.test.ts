import { PresetSettingsOf } from '../../presets/catalogue';
import { velero } from '../../presets/velero';
import { BUCKETS, CONTEXT, KMS_KEYS, parsed, statement } from './fixtures';

const SNAPSHOTS = {
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
};

describe('velero', () => {
  test('attaches no AWS-managed policy', () => {
    expect(velero.managedPolicies(parsed({ name: 'velero', bucketArns: BUCKETS }))).toEqual([]);
  });

  test("is the README's policy on the bucket given", () => {
    expect(
      velero.documents(
        parsed({ name: 'velero', bucketArns: ['arn:aws:s3:::velero-backups-prod'] }),
        CONTEXT,
      ),
    ).toEqual([
      {
        id: 'backups',
        description: 'Velero AWS plugin v1.13.2: backup buckets and EBS snapshots',
        statements: [
          SNAPSHOTS,
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
            resources: ['arn:aws:s3:::velero-backups-prod/*'],
          },
          {
            sid: 'ListBackupBuckets',
            effect: 'Allow',
            actions: ['s3:ListBucket'],
            resources: ['arn:aws:s3:::velero-backups-prod'],
          },
        ],
      },
    ]);
  });

  test('scopes objects and listing to every bucket given', () => {
    const documents = velero.documents(parsed({ name: 'velero', bucketArns: BUCKETS }), CONTEXT);
    expect(statement(documents, 'ReadAndWriteBackups').resources).toEqual(
      BUCKETS.map((bucket) => `${bucket}/*`),
    );
    expect(statement(documents, 'ListBackupBuckets').resources).toEqual(BUCKETS);
  });

  test('uses the keys given only through S3 and EC2, in their regions', () => {
    const documents = velero.documents(
      parsed({ name: 'velero', bucketArns: BUCKETS, kmsKeyArns: KMS_KEYS }),
      CONTEXT,
    );
    expect(statement(documents, 'UseKeysOfEncryptedBackups')).toEqual({
      sid: 'UseKeysOfEncryptedBackups',
      effect: 'Allow',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: KMS_KEYS,
      conditions: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: ['s3.us-east-1.amazonaws.com', 's3.eu-west-1.amazonaws.com'],
        },
      ],
    });
    expect(statement(documents, 'GrantsForEncryptedSnapshots')).toEqual({
      sid: 'GrantsForEncryptedSnapshots',
      effect: 'Allow',
      actions: ['kms:CreateGrant'],
      resources: KMS_KEYS,
      conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
    });
    expect(statement(documents, 'UseKeysOfEncryptedSnapshots')).toEqual({
      sid: 'UseKeysOfEncryptedSnapshots',
      effect: 'Allow',
      actions: [
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:GenerateDataKeyWithoutPlaintext',
        'kms:ReEncrypt*',
      ],
      resources: KMS_KEYS,
      conditions: [
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: ['ec2.us-east-1.amazonaws.com', 'ec2.eu-west-1.amazonaws.com'],
        },
      ],
    });
  });

  test('adds no KMS statement without keys', () => {
    const [document] = velero.documents(parsed({ name: 'velero', bucketArns: BUCKETS }), CONTEXT);
    expect(document.statements.map((s) => s.sid)).toEqual([
      'ManageVolumeSnapshots',
      'ReadAndWriteBackups',
      'ListBackupBuckets',
    ]);
  });

  test('refuses to build without a bucket', () => {
    const noBucket: PresetSettingsOf<'velero'> = { name: 'velero', bucketArns: [] };
    expect(() => velero.documents(noBucket, CONTEXT)).toThrow('the velero preset needs bucketArns');
  });
});
