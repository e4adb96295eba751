import { definePreset } from './preset';

/**
 * The Amazon EFS CSI driver (EKS add-on aws-efs-csi-driver): AWS's managed
 * `service-role/AmazonEFSCSIDriverPolicy` on the controller's service
 * account, as the driver's docs/iam-policy-create.md at v3.4.1 attaches it
 * for EKS Pod Identity (and the EKS user guide for the add-on). It scopes
 * access point creation and deletion by the `efs.csi.aws.com/cluster` tag.
 */
export const efsCsi = definePreset({
  name: 'efs-csi',
  parameters: {},
  placement: { namespace: 'kube-system', serviceAccount: 'efs-csi-controller-sa' },
  addon: { name: 'aws-efs-csi-driver' },
  source: {
    controller: 'kubernetes-sigs/aws-efs-csi-driver (EKS add-on aws-efs-csi-driver)',
    release: 'v3.4.1',
    url: 'https://github.com/kubernetes-sigs/aws-efs-csi-driver/blob/v3.4.1/docs/iam-policy-create.md',
    compare:
      'git diff v3.4.1 <new> -- docs/iam-policy-create.md docs/iam-policy-example.json, and the recommendedManagedPolicies that `aws eks describe-addon-configuration --addon-name aws-efs-csi-driver --addon-version <version>` returns',
    deviations: [
      'EFS only: the S3 Files policies the same page adds for driver v3 (service-role/AmazonS3FilesCSIDriverPolicy and AmazonS3FilesClientFullAccess on the controller, and the node role policies) are not attached.',
    ],
  },
  managedPolicies: () => ['service-role/AmazonEFSCSIDriverPolicy'],
  documents: () => [],
});
