import * as z from 'zod';
import { about } from '../core/fields';
import { IamStatement } from '../core/iam';
import { definePreset } from './preset';

/**
 * What FSx reads of the caller's VPC while it creates a file system with the
 * caller's credentials (forward access: `aws:CalledVia fsx.amazonaws.com`):
 * the actions and condition of AmazonFSxFullAccess's DescribeEC2VpcResources
 * statement (v13), copied from the recorded managed document.
 */
const DESCRIBE_VPC_RESOURCES_FOR_FSX: IamStatement = {
  sid: 'DescribeEC2VpcResources',
  effect: 'Allow',
  actions: [
    'ec2:DescribeSecurityGroups',
    'ec2:GetSecurityGroupsForVpc',
    'ec2:DescribeSubnets',
    'ec2:DescribeVpcs',
    'ec2:DescribeRouteTables',
  ],
  resources: ['*'],
  conditions: [
    { test: 'ForAnyValue:StringEquals', variable: 'aws:CalledVia', values: ['fsx.amazonaws.com'] },
  ],
};

/**
 * The Amazon FSx for Lustre CSI driver (EKS add-on aws-fsx-csi-driver),
 * v1.9.0: AWS's managed AmazonFSxFullAccess on the controller's service
 * account, as the driver's docs/install.md recommends for service accounts
 * and the EKS user guide for the add-on.
 *
 * `leastPrivilege: true` gives the policy install.md publishes for the node
 * instance profile instead (the FSx service-linked roles, and creating,
 * describing, updating, tagging and deleting file systems, with
 * `s3:ListBucket` for data repositories), plus the EC2 describes that
 * AmazonFSxFullAccess grants only through FSx: on a node role,
 * AmazonEKSWorkerNodePolicy grants those, on a Pod Identity role nothing
 * does. v1.9.0's controller itself calls only CreateFileSystem,
 * DescribeFileSystems, UpdateFileSystem and DeleteFileSystem.
 */
export const fsxLustreCsi = definePreset({
  name: 'fsx-lustre-csi',
  parameters: {
    leastPrivilege: about(
      z.boolean(),
      "Grant the driver's least-privilege policy (install.md's instance profile policy, plus the EC2 describes FSx makes on the caller's behalf) instead of AWS's AmazonFSxFullAccess, which the driver and the EKS user guide recommend.",
    ).default(false),
  },
  placement: { namespace: 'kube-system', serviceAccounts: ['fsx-csi-controller-sa'] },
  addon: { name: 'aws-fsx-csi-driver' },
  chart: {
    repository: 'https://kubernetes-sigs.github.io/aws-fsx-csi-driver',
    name: 'aws-fsx-csi-driver',
    version: '1.17.0',
    releaseName: 'aws-fsx-csi-driver',
    serviceAccount: {
      name: 'controller.serviceAccount.name',
      create: 'controller.serviceAccount.create',
      annotations: 'controller.serviceAccount.annotations',
    },
    naming: {
      kind: 'fixed',
      name: 'fsx-csi-controller-sa',
      url: 'https://github.com/kubernetes-sigs/aws-fsx-csi-driver/blob/helm-chart-aws-fsx-csi-driver-1.17.0/charts/aws-fsx-csi-driver/values.yaml#L86-L92',
    },
    namespaceSource:
      'https://github.com/kubernetes-sigs/aws-fsx-csi-driver/blob/v1.9.0/docs/install.md#L94-L106',
  },
  source: {
    controller: 'kubernetes-sigs/aws-fsx-csi-driver (EKS add-on aws-fsx-csi-driver)',
    release: 'v1.9.0',
    url: 'https://github.com/kubernetes-sigs/aws-fsx-csi-driver/blob/v1.9.0/docs/install.md#L10-L70',
    compare:
      'git diff v1.9.0 <new> -- docs/install.md ("Set up driver permissions"), the recommendedManagedPolicies that `aws eks describe-addon-configuration --addon-name aws-fsx-csi-driver --addon-version <version>` returns, AmazonFSxFullAccess\'s DescribeEC2VpcResources statement, and pkg/cloud/cloud.go for the calls it makes',
    deviations: [
      {
        change: 'adds',
        actions: DESCRIBE_VPC_RESOURCES_FOR_FSX.actions,
        when: 'with leastPrivilege',
        why: "FSx reads the subnet, security groups, VPC and route tables of a new file system with the caller's credentials; AmazonFSxFullAccess grants these describes only through FSx (aws:CalledVia fsx.amazonaws.com), and so does the preset, copied from it. install.md's policy leaves them out because it is written for the node role, whose AmazonEKSWorkerNodePolicy grants them.",
      },
    ],
    limits: [
      'A StorageClass kmsKeyId (a customer managed key for PERSISTENT file systems) needs KMS permissions on that key, which neither AmazonFSxFullAccess nor the least-privilege policy grants: add them with statements.',
      'Without leastPrivilege, linking S3 data repositories (s3ImportPath, s3ExportPath) lacks what install.md grants for them: s3:ListBucket, and iam:AttachRolePolicy / iam:PutRolePolicy on the Lustre S3 service-linked role (AmazonFSxFullAccess only lets FSx create it). Set leastPrivilege, or add them with statements.',
    ],
  },
  managedPolicies: (preset) => (preset.leastPrivilege ? [] : ['AmazonFSxFullAccess']),
  documents: (preset, context) =>
    preset.leastPrivilege
      ? [
          {
            id: 'driver',
            description: 'FSx for Lustre CSI driver v1.9.0: create, update and delete file systems',
            statements: [
              {
                sid: 'CreateLustreS3ServiceLinkedRole',
                effect: 'Allow',
                actions: [
                  'iam:CreateServiceLinkedRole',
                  'iam:AttachRolePolicy',
                  'iam:PutRolePolicy',
                ],
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
                  {
                    test: 'StringLike',
                    variable: 'iam:AWSServiceName',
                    values: ['fsx.amazonaws.com'],
                  },
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
              DESCRIBE_VPC_RESOURCES_FOR_FSX,
            ],
          },
        ]
      : [],
});
