import { ChartValues, definePreset } from './preset';

/** The tag the driver puts on every access point it creates, and the only one the policy allows. */
const CLUSTER_TAG = 'efs.csi.aws.com/cluster';

/**
 * The Amazon EFS CSI driver (EKS add-on aws-efs-csi-driver), EFS only: AWS's
 * managed `service-role/AmazonEFSCSIDriverPolicy` on the controller's service
 * account, as the driver's docs/iam-policy-create.md at v3.4.1 attaches it
 * for EKS Pod Identity (and the EKS user guide for the add-on). The S3 Files
 * policies the same page attaches beside it are left out.
 *
 * The managed policy lets the driver create access points only when
 * `efs.csi.aws.com/cluster` is their one tag key, and delete only access
 * points that carry it. v3.4.1 tags each new access point with that key plus
 * the chart's `controller.tags` (the driver's `--tags`), and with none at
 * all under a StorageClass's `enableTagging: "false"`: either breaks
 * provisioning. The values file says so; no value can enforce it.
 */
export const efsCsi = definePreset({
  name: 'efs-csi',
  parameters: {},
  placement: { namespace: 'kube-system', serviceAccounts: ['efs-csi-controller-sa'] },
  addon: { name: 'aws-efs-csi-driver' },
  chart: {
    repository: 'https://kubernetes-sigs.github.io/aws-efs-csi-driver',
    name: 'aws-efs-csi-driver',
    version: '4.4.1',
    releaseName: 'aws-efs-csi-driver',
    serviceAccount: {
      name: 'controller.serviceAccount.name',
      create: 'controller.serviceAccount.create',
      annotations: 'controller.serviceAccount.annotations',
    },
    naming: {
      kind: 'fixed',
      name: 'efs-csi-controller-sa',
      url: 'https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/helm-chart-aws-efs-csi-driver-4.4.1/charts/aws-efs-csi-driver/values.yaml#L113-L116',
    },
    namespaceSource:
      'https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/install.md#L42-L57',
  },
  values: (): ChartValues => ({
    values: {},
    notes: [
      `Leave controller.tags empty and StorageClasses' enableTagging at its default (true): the role creates access points`,
      `only when ${CLUSTER_TAG} is their one tag, and deletes only access points that carry it.`,
    ],
  }),
  source: {
    controller: 'kubernetes-sigs/aws-efs-csi-driver (EKS add-on aws-efs-csi-driver)',
    release: 'v3.4.1',
    url: 'https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/iam-policy-create.md#L45-L63',
    compare:
      'git diff v3.4.1 <new> -- docs/iam-policy-create.md docs/iam-policy-example.json docs/parameters.md, the recommendedManagedPolicies that `aws eks describe-addon-configuration --addon-name aws-efs-csi-driver --addon-version <version>` returns, and pkg/cloud/cloud.go for the calls it makes',
    deviations: [
      {
        change: 'removes',
        actions: [
          's3files:ListAccessPoints',
          's3files:ListFileSystems',
          's3files:CreateAccessPoint',
          's3files:TagResource',
          's3files:DeleteAccessPoint',
          's3files:ClientMount',
          's3files:ClientWrite',
          's3files:ClientRootAccess',
        ],
        why: 'EFS only: iam-policy-create.md also attaches service-role/AmazonS3FilesCSIDriverPolicy and AmazonS3FilesClientFullAccess to the controller for S3 Files volumes (provisioningMode s3files-ap), which an EFS-only cluster does not use.',
      },
    ],
    limits: [
      `controller.tags (the driver's --tags) breaks dynamic provisioning: every new access point then carries a second tag key, and AmazonEFSCSIDriverPolicy allows CreateAccessPoint only when ${CLUSTER_TAG} is the one tag key (AccessDenied). Leave controller.tags empty; to tag access points, give the identity the driver's own policy, docs/iam-policy-example.json, with statements instead of this preset.`,
      `A StorageClass with enableTagging: "false" breaks provisioning: CreateAccessPoint needs the ${CLUSTER_TAG} tag in the request, and DeleteAccessPoint needs it on the access point, so untagged access points cannot be deleted either. Leave enableTagging at its default (true): the driver's example policy requires the tag too.`,
      'Cross-account provisioning (the awsRoleArn key of the provisioner secret) needs sts:AssumeRole on the role in the other account, which the managed policy does not grant: add it with statements.',
      'S3 Files volumes (provisioningMode s3files-ap) need service-role/AmazonS3FilesCSIDriverPolicy and AmazonS3FilesClientFullAccess on this role: add them with managedPolicyArns.',
      "The node DaemonSet (efs-csi-node-sa) gets no role: mounts with the iam mount option, S3 Files mounts and efs-utils' CloudWatch logs need an identity of their own for kube-system/efs-csi-node-sa (iam-policy-create.md#L75-L125).",
    ],
  },
  managedPolicies: () => ['service-role/AmazonEFSCSIDriverPolicy'],
  documents: () => [],
});
