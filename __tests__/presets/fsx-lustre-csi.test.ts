import { fsxLustreCsi } from '../../presets/fsx-lustre-csi';
import { actionsOf, CONTEXT, contextIn, parsed } from './fixtures';

const settings = parsed({ name: 'fsx-lustre-csi' });

describe('fsx-lustre-csi', () => {
  test("grants the driver's documented policy rather than AmazonFSxFullAccess", () => {
    expect(fsxLustreCsi.managedPolicies(settings)).toEqual([]);
    expect(fsxLustreCsi.documents(settings, CONTEXT)).toEqual([
      {
        id: 'driver',
        description: 'FSx for Lustre CSI driver v1.9.0: create, update and delete file systems',
        statements: [
          {
            sid: 'CreateLustreS3ServiceLinkedRole',
            effect: 'Allow',
            actions: ['iam:CreateServiceLinkedRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'],
            resources: [
              'arn:aws:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*',
            ],
          },
          {
            sid: 'CreateFsxServiceLinkedRole',
            effect: 'Allow',
            actions: ['iam:CreateServiceLinkedRole'],
            resources: ['*'],
            conditions: [
              { test: 'StringLike', variable: 'iam:AWSServiceName', values: ['fsx.amazonaws.com'] },
            ],
          },
          {
            sid: 'ManageFileSystems',
            effect: 'Allow',
            actions: [
              's3:ListBucket',
              'fsx:CreateFileSystem',
              'fsx:DeleteFileSystem',
              'fsx:DescribeFileSystems',
              'fsx:TagResource',
              'fsx:UpdateFileSystem',
            ],
            resources: ['*'],
          },
        ],
      },
    ]);
    expect(new Set(actionsOf(fsxLustreCsi.documents(settings, CONTEXT))).size).toBe(9);
  });

  test('names the service-linked role in the partition of the context', () => {
    const [document] = fsxLustreCsi.documents(settings, contextIn('aws-us-gov', 'us-gov-west-1'));
    expect(document.statements[0].resources).toEqual([
      'arn:aws-us-gov:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*',
    ]);
  });

  test('says in its deviations why it is not AmazonFSxFullAccess', () => {
    expect(fsxLustreCsi.source.deviations.join(' ')).toContain('AmazonFSxFullAccess');
  });
});
