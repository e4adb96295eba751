import { PresetSettingsOf } from '../../presets/catalogue';
import { mountpointS3Csi } from '../../presets/mountpoint-s3-csi';
import { ACCOUNT, BUCKETS, CONTEXT, contextIn, parsed, statement } from './fixtures';

describe('mountpoint-s3-csi', () => {
  test("grants Mountpoint's policy on the general purpose buckets given", () => {
    const settings = parsed({ name: 'mountpoint-s3-csi', bucketArns: BUCKETS });
    expect(mountpointS3Csi.managedPolicies(settings)).toEqual([]);
    expect(mountpointS3Csi.documents(settings, CONTEXT)).toEqual([
      {
        id: 'buckets',
        description: 'Mountpoint for Amazon S3 1.23.0: the buckets the CSI driver mounts',
        statements: [
          {
            sid: 'MountpointFullBucketAccess',
            effect: 'Allow',
            actions: ['s3:ListBucket'],
            resources: BUCKETS,
          },
          {
            sid: 'MountpointFullObjectAccess',
            effect: 'Allow',
            actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
            resources: BUCKETS.map((bucket) => `${bucket}/*`),
          },
        ],
      },
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
    expect(mountpointS3Csi.documents(settings, CONTEXT)[0].statements).toEqual([
      {
        sid: 'MountpointDirectoryBucketSessions',
        effect: 'Allow',
        actions: ['s3express:CreateSession'],
        resources: [
          `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/scratch--use1-az6--x-s3`,
          `arn:aws:s3express:us-east-1:${ACCOUNT}:bucket/training-data--use1-az4--x-s3`,
        ],
      },
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
});
