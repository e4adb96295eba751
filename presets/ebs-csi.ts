import { kmsKeyArns } from './parameters';
import { definePreset } from './preset';

/**
 * The Amazon EBS CSI driver (EKS add-on aws-ebs-csi-driver): AWS's managed
 * AmazonEBSCSIDriverPolicy, and for customer managed KMS keys of encrypted
 * volumes the two statements the EKS user guide documents ("Store Kubernetes
 * volumes with Amazon EBS", attached beside the managed policy), scoped to
 * the keys.
 */
export const ebsCsi = definePreset({
  name: 'ebs-csi',
  parameters: {
    kmsKeyArns: kmsKeyArns(
      'KMS keys of encrypted volumes (the driver documented KMS statements)',
      'none: unencrypted volumes and the AWS managed key need no grant',
    ),
  },
  placement: { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
  addon: { name: 'aws-ebs-csi-driver' },
  source: {
    controller: 'kubernetes-sigs/aws-ebs-csi-driver (EKS add-on aws-ebs-csi-driver)',
    release: 'EKS user guide, storage/ebs-csi, 2024-12-18 revision (awsdocs/amazon-eks-user-guide)',
    url: 'https://github.com/awsdocs/amazon-eks-user-guide/blob/4d52b4d05e3478582e7d10a73cbd9ba9194dd5f7/latest/ug/storage/ebs-csi.adoc',
    compare:
      'the KMS statements under "Encrypted volumes" in the EKS user guide page, and the recommendedManagedPolicies that `aws eks describe-addon-configuration --addon-name aws-ebs-csi-driver --addon-version <version>` returns',
    deviations: [
      'AmazonEBSCSIDriverPolicyV2 (April 2026) is not used yet: its ARN path differs between AWS reference pages; AmazonEBSCSIDriverPolicy grants the same volume operations.',
    ],
  },
  managedPolicies: () => ['service-role/AmazonEBSCSIDriverPolicy'],
  documents: (preset) => {
    const keys = preset.kmsKeyArns ?? [];
    if (keys.length === 0) return [];
    return [
      {
        id: 'kms',
        description: 'EBS CSI driver: the customer managed KMS keys of encrypted volumes',
        statements: [
          {
            sid: 'GrantsForEncryptedVolumes',
            effect: 'Allow',
            actions: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
            resources: keys,
            conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
          },
          {
            sid: 'UseKeysForEncryptedVolumes',
            effect: 'Allow',
            actions: [
              'kms:Encrypt',
              'kms:Decrypt',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
              'kms:DescribeKey',
            ],
            resources: keys,
          },
        ],
      },
    ];
  },
});
