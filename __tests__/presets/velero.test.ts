import { PresetSettingsOf } from '../../presets/catalogue';
import { velero } from '../../presets/velero';
import {
  BUCKETS,
  conditionsOf,
  CONTEXT,
  KMS_KEYS,
  parsed,
  resourcesOf,
  statement,
  valuesOf,
} from './fixtures';

/**
 * Velero with its AWS plugin: what its role allows, and what its chart is
 * told (the plugin, the locations, Pod Identity instead of a credentials
 * file). The whole document is pinned by the published-policy comparison
 * and the snapshot; these assert the properties each setting is for.
 */
describe('velero', () => {
  const one = parsed({ name: 'velero', bucketArns: BUCKETS.slice(0, 1) });
  const all = parsed({ name: 'velero', bucketArns: BUCKETS, kmsKeyArns: KMS_KEYS });
  const encrypted = velero.documents(all, CONTEXT);

  test('attaches no AWS-managed policy', () => {
    expect(velero.managedPolicies(all)).toEqual([]);
  });

  test("is the README's policy on the bucket given: snapshots on *, objects and listing on the bucket", () => {
    const documents = velero.documents(one, CONTEXT);
    expect(resourcesOf(documents, 'ec2:CreateSnapshot')).toEqual([['*']]);
    expect(resourcesOf(documents, 's3:PutObject')).toEqual([
      ['arn:aws:s3:::velero-backups-prod/*'],
    ]);
    expect(resourcesOf(documents, 's3:ListBucket')).toEqual([['arn:aws:s3:::velero-backups-prod']]);
  });

  test('scopes objects and listing to every bucket given', () => {
    expect(resourcesOf(encrypted, 's3:GetObject')).toEqual([BUCKETS.map((b) => `${b}/*`)]);
    expect(resourcesOf(encrypted, 's3:ListBucket')).toEqual([BUCKETS]);
  });

  test('uses the keys for backups only through S3, and for snapshots only through EC2, in their regions', () => {
    expect(statement(encrypted, 'UseKeysOfEncryptedBackups').conditions).toEqual([
      {
        test: 'StringEquals',
        variable: 'kms:ViaService',
        values: ['s3.us-east-1.amazonaws.com', 's3.eu-west-1.amazonaws.com'],
      },
    ]);
    for (const action of [
      'kms:DescribeKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncrypt*',
    ]) {
      expect(conditionsOf(encrypted, action)).toEqual([
        ['StringEquals kms:ViaService=ec2.us-east-1.amazonaws.com,ec2.eu-west-1.amazonaws.com'],
      ]);
      expect(resourcesOf(encrypted, action)).toEqual([KMS_KEYS]);
    }
  });

  test('limits kms:CreateGrant to grants for AWS resources, not by kms:ViaService, and says so', () => {
    expect(conditionsOf(encrypted, 'kms:CreateGrant')).toEqual([
      ['Bool kms:GrantIsForAWSResource=true'],
    ]);
    const [grants] = velero.source.deviations.filter((d) => d.actions.includes('kms:CreateGrant'));
    expect(grants.why).toContain(
      'GrantsForEncryptedSnapshots (kms:CreateGrant) only for grants to AWS resources (kms:GrantIsForAWSResource), without kms:ViaService',
    );
  });

  test('adds no KMS statement without keys', () => {
    const [document] = velero.documents(one, CONTEXT);
    expect(document.statements.map((s) => s.sid)).toEqual([
      'ManageVolumeSnapshots',
      'ReadAndWriteBackups',
      'ListBackupBuckets',
    ]);
  });

  test('refuses to build without a bucket', () => {
    const noBucket: PresetSettingsOf<'velero'> = { name: 'velero', bucketArns: [] };
    expect(() => velero.documents(noBucket, CONTEXT)).toThrow('the velero preset needs bucketArns');
    expect(() => valuesOf(velero, noBucket)).toThrow('the velero preset needs bucketArns');
  });

  describe('values file', () => {
    test('installs plugin v1.13.2, uses Pod Identity instead of a credentials file, and backs up to the bucket', () => {
      expect(valuesOf(velero, one)).toEqual({
        configuration: {
          backupStorageLocation: [
            {
              name: 'default',
              provider: 'aws',
              bucket: 'velero-backups-prod',
              config: { region: 'us-east-1' },
            },
          ],
          volumeSnapshotLocation: [
            { name: 'default', provider: 'aws', config: { region: 'us-east-1' } },
          ],
        },
        credentials: { useSecret: false },
        initContainers: [
          {
            name: 'velero-plugin-for-aws',
            image: 'velero/velero-plugin-for-aws:v1.13.2',
            volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
          },
        ],
      });
    });

    test('encrypts backups with the first key, and names the other buckets in a note', () => {
      const file = velero.values?.(all, {
        cluster: 'my-cluster',
        region: 'us-east-1',
        partition: 'aws',
      });
      expect(file?.values).toMatchObject({
        configuration: {
          backupStorageLocation: [
            {
              bucket: 'velero-backups-prod',
              config: { region: 'us-east-1', kmsKeyId: KMS_KEYS[0] },
            },
          ],
        },
      });
      expect(file?.notes).toEqual([
        'The backup storage location is bucket velero-backups-prod in us-east-1 (an S3 ARN names no region): the bucket must be there.',
        'The role may also write to velero-backups-staging, example.data.lake.bucket-with-a-rather-long-name-for-tests: add a backupStorageLocation for each.',
        'Backups are encrypted with the first of kmsKeyArns (config.kmsKeyId): list the bucket key first.',
      ]);
    });
  });
});
