import { definePreset } from './preset';

/**
 * The Amazon FSx for Lustre CSI driver (EKS add-on aws-fsx-csi-driver): the
 * policy the driver's docs/install.md at v1.9.0 publishes ("Using IAM
 * instance profile"): the FSx service-linked roles (the Lustre S3 data
 * repository role by ARN, the FSx one by service name), and creating,
 * describing, updating, tagging and deleting file systems, with
 * `s3:ListBucket` for data repositories, on `*` as published. v1.9.0's
 * controller calls exactly CreateFileSystem, DescribeFileSystems,
 * UpdateFileSystem and DeleteFileSystem.
 */
export const fsxLustreCsi = definePreset({
  name: 'fsx-lustre-csi',
  parameters: {},
  placement: { namespace: 'kube-system', serviceAccount: 'fsx-csi-controller-sa' },
  addon: { name: 'aws-fsx-csi-driver' },
  source: {
    controller: 'kubernetes-sigs/aws-fsx-csi-driver (EKS add-on aws-fsx-csi-driver)',
    release: 'v1.9.0',
    url: 'https://github.com/kubernetes-sigs/aws-fsx-csi-driver/blob/v1.9.0/docs/install.md',
    compare:
      'git diff v1.9.0 <new> -- docs/install.md ("Set up driver permissions"), and pkg/cloud/cloud.go for the calls it makes',
    deviations: [
      'The driver documented least-privilege policy (for the node instance profile) is used for the controller service account, instead of the AWS-managed AmazonFSxFullAccess that the EKS user guide and the driver recommend for IRSA: that policy grants about 66 actions (every FSx file system type, backups, caches, CloudWatch Logs, Firehose) where the driver needs nine.',
    ],
  },
  managedPolicies: () => [],
  documents: (_preset, context) => [
    {
      id: 'driver',
      description: 'FSx for Lustre CSI driver v1.9.0: create, update and delete file systems',
      statements: [
        {
          sid: 'CreateLustreS3ServiceLinkedRole',
          effect: 'Allow',
          actions: ['iam:CreateServiceLinkedRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy'],
          resources: [
            `arn:${context.partition}:iam::*:role/aws-service-role/s3.data-source.lustre.fsx.amazonaws.com/*`,
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
  ],
});
