import { PresetSettingsOf } from '../../presets/catalogue';
import { mountpointS3Csi } from '../../presets/mountpoint-s3-csi';
import {
  ACCOUNT,
  actionsOf,
  BUCKETS,
  conditionsOf,
  CONTEXT,
  contextIn,
  KMS_KEYS,
  parsed,
  resourcesOf,
  statement,
  valuesOf,
} from './fixtures';

/**
 * Mountpoint for Amazon S3 CSI driver: Mountpoint's policy on the buckets
 * given, and the KMS keys of their SSE-KMS objects through S3 only. The
 * whole document is pinned by the published-policy comparison and the
 * snapshot.
 */
describe('mountpoint-s3-csi', () => {
  const general = mountpointS3Csi.documents(
    parsed({ name: 'mountpoint-s3-csi', bucketArns: BUCKETS }),
    CONTEXT,
  );
  const withKeys = mountpointS3Csi.documents(
    parsed({ name: 'mountpoint-s3-csi', bucketArns: BUCKETS, kmsKeyArns: KMS_KEYS }),
    CONTEXT,
  );

  test("grants Mountpoint's two statements on the general purpose buckets given, and no managed policy", () => {
    expect(
      mountpointS3Csi.managedPolicies(parsed({ name: 'mountpoint-s3-csi', bucketArns: BUCKETS })),
    ).toEqual([]);
    expect(statement(general, 'MountpointFullBucketAccess').actions).toEqual(['s3:ListBucket']);
    expect(resourcesOf(general, 's3:ListBucket')).toEqual([BUCKETS]);
    for (const action of [
      's3:GetObject',
      's3:PutObject',
      's3:AbortMultipartUpload',
      's3:DeleteObject',
    ]) {
      expect(resourcesOf(general, action)).toEqual([BUCKETS.map((bucket) => `${bucket}/*`)]);
    }
  });

  test('grants no KMS action without kmsKeyArns', () => {
    expect(actionsOf(general).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });

  test('with kmsKeyArns, lets S3 decrypt and generate data keys with those keys only', () => {
    expect(statement(withKeys, 'MountpointSseKmsKeys').actions).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
    ]);
    expect(resourcesOf(withKeys, 'kms:Decrypt')).toEqual([KMS_KEYS]);
    expect(resourcesOf(withKeys, 'kms:GenerateDataKey')).toEqual([KMS_KEYS]);
  });

  test("allows the keys only through S3 in each key's region", () => {
    expect(conditionsOf(withKeys, 'kms:GenerateDataKey')).toEqual([
      ['StringEquals kms:ViaService=s3.us-east-1.amazonaws.com,s3.eu-west-1.amazonaws.com'],
    ]);
  });

  test("names S3 in China with the China partition's DNS suffix", () => {
    const documents = mountpointS3Csi.documents(
      parsed({
        name: 'mountpoint-s3-csi',
        bucketArns: ['arn:aws-cn:s3:::logs'],
        kmsKeyArns: [
          `arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        ],
      }),
      contextIn('aws-cn', 'cn-north-1'),
    );
    expect(conditionsOf(documents, 'kms:Decrypt')).toEqual([
      ['StringEquals kms:ViaService=s3.cn-north-1.amazonaws.com.cn'],
    ]);
  });

  test('opens S3 Express sessions, and nothing else, on directory buckets', () => {
    const settings: PresetSettingsOf<'mountpoint-s3-csi'> = {
      name: 'mountpoint-s3-csi',
      bucketArns: [
        'arn:aws:s3:::training-data--use1-az4--x-s3',
        `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/scratch--use1-az6--x-s3`,
      ],
    };
    const documents = mountpointS3Csi.documents(settings, CONTEXT);
    expect(actionsOf(documents)).toEqual(['s3express:CreateSession']);
    expect(resourcesOf(documents, 's3express:CreateSession')).toEqual([
      [
        `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/scratch--use1-az6--x-s3`,
        `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/training-data--use1-az4--x-s3`,
      ],
    ]);
  });

  test('grants both kinds when both are given, each on its own buckets', () => {
    const settings: PresetSettingsOf<'mountpoint-s3-csi'> = {
      name: 'mountpoint-s3-csi',
      bucketArns: ['arn:aws-cn:s3:::logs', 'arn:aws-cn:s3:::fast--cnn1-az1--x-s3'],
    };
    const documents = mountpointS3Csi.documents(settings, contextIn('aws-cn', 'cn-north-1'));
    expect(statement(documents, 'MountpointFullBucketAccess').resources).toEqual([
      'arn:aws-cn:s3:::logs',
    ]);
    expect(statement(documents, 'MountpointFullObjectAccess').resources).toEqual([
      'arn:aws-cn:s3:::logs/*',
    ]);
    expect(statement(documents, 'MountpointDirectoryBucketSessions').resources).toEqual([
      `arn:aws-cn:s3express:cn-north-1:${ACCOUNT}:bucket/fast--cnn1-az1--x-s3`,
    ]);
  });

  test('refuses to build without a bucket', () => {
    expect(() =>
      mountpointS3Csi.documents({ name: 'mountpoint-s3-csi', bucketArns: [] }, CONTEXT),
    ).toThrow('the mountpoint-s3-csi preset needs bucketArns');
  });

  test('sets no chart value beside the service account, and says the volumes must name those buckets', () => {
    const settings = parsed({ name: 'mountpoint-s3-csi', bucketArns: BUCKETS });
    expect(valuesOf(mountpointS3Csi, settings)).toEqual({});
    const notes = mountpointS3Csi.values?.(settings, {
      cluster: 'my-cluster',
      region: 'us-east-1',
      partition: 'aws',
    }).notes;
    expect(notes).toEqual([
      "PersistentVolumes (volumeAttributes.bucketName) may mount only the role's buckets: velero-backups-prod, velero-backups-staging, example.data.lake.bucket-with-a-rather-long-name-for-tests.",
    ]);
  });

  test('says which mounts the role cannot serve', () => {
    const limits = mountpointS3Csi.source.limits.join(' ');
    expect(limits).toContain('Multi-Region Access Points and Outposts');
    expect(limits).toContain('authenticationSource: pod');
  });
});
