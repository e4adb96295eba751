import { about, choice } from '../core/fields';
import { kmsKeyArns } from './parameters';
import { definePreset } from './preset';

/** The AWS-managed policies of the driver, by the parameter's value. */
const MANAGED_POLICIES = {
  // Path '/': IAM's own list (as moto 5.2.1 copies it) and AWS's managed policy
  // reference; the driver's install.md writes service-role/, which IAM has not.
  v2: 'AmazonEBSCSIDriverPolicyV2',
  v1: 'service-role/AmazonEBSCSIDriverPolicy',
} as const;

/**
 * The Amazon EBS CSI driver (EKS add-on aws-ebs-csi-driver), from its
 * docs/install.md at v1.64.0 (the newest release; the docs name V2 since
 * v1.59.0): AWS's managed AmazonEBSCSIDriverPolicyV2, which lets the driver
 * change only volumes and snapshots tagged `ebs.csi.aws.com/cluster=true`
 * (the driver tags every volume and snapshot it creates so, and no setting
 * removes that tag); `policy: "v1"` keeps AmazonEBSCSIDriverPolicy, which
 * acts on any volume. V2 also grants `ec2:DescribeInstanceTypes`, which the
 * driver calls since v1.59.0 to count a node's network cards.
 *
 * With `kmsKeyArns`, the KMS statement of the same page, on those keys
 * only, and `kms:CreateGrant` only for grants to AWS resources (EC2).
 */
export const ebsCsi = definePreset({
  name: 'ebs-csi',
  parameters: {
    policy: about(
      choice(['v2', 'v1']),
      "The AWS-managed policy: v2 (AmazonEBSCSIDriverPolicyV2, the driver's recommendation) changes only volumes and snapshots tagged ebs.csi.aws.com/cluster=true, so tag volumes you provision statically; v1 (service-role/AmazonEBSCSIDriverPolicy) changes any volume.",
    ).default('v2'),
    kmsKeyArns: kmsKeyArns(
      'KMS keys of encrypted volumes and snapshots (the KMS statement of the driver install guide)',
      'none: unencrypted volumes and the AWS managed key need no grant',
    ),
  },
  placement: { namespace: 'kube-system', serviceAccounts: ['ebs-csi-controller-sa'] },
  addon: { name: 'aws-ebs-csi-driver' },
  chart: {
    repository: 'https://kubernetes-sigs.github.io/aws-ebs-csi-driver',
    name: 'aws-ebs-csi-driver',
    version: '2.64.0',
    releaseName: 'aws-ebs-csi-driver',
    serviceAccount: {
      name: 'controller.serviceAccount.name',
      create: 'controller.serviceAccount.create',
      annotations: 'controller.serviceAccount.annotations',
    },
    naming: {
      kind: 'fixed',
      name: 'ebs-csi-controller-sa',
      url: 'https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/helm-chart-aws-ebs-csi-driver-2.64.0/charts/aws-ebs-csi-driver/values.yaml#L308-L312',
    },
    namespaceSource:
      'https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/install.md#L158-L167',
  },
  source: {
    controller: 'kubernetes-sigs/aws-ebs-csi-driver (EKS add-on aws-ebs-csi-driver)',
    release: 'v1.64.0',
    url: 'https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/v1.64.0/docs/install.md#L50-L84',
    compare:
      'git diff v1.64.0 <new> -- docs/install.md docs/example-iam-policy.json docs/AmazonEBSCSIDriverPolicyV2.json, the recommendedManagedPolicies that `aws eks describe-addon-configuration --addon-name aws-ebs-csi-driver --addon-version <version>` returns, and pkg/cloud/cloud.go for the calls it makes',
    deviations: [
      {
        change: 'scopes',
        actions: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:CreateGrant'],
        when: 'with kmsKeyArns',
        why: 'On the keys given instead of every key of every account (arn:aws:kms:*:*:key/*), and kms:CreateGrant only for grants to AWS resources (kms:GrantIsForAWSResource), which is how EC2 uses it.',
      },
    ],
    limits: [
      'With policy v2 (the default), the driver can attach, modify, snapshot and delete only volumes and snapshots tagged ebs.csi.aws.com/cluster=true: tag the volumes you provision statically (PersistentVolumes of existing volumes), or choose policy v1.',
      'Changing the tags of existing volumes through a VolumeAttributesClass needs ec2:CreateTags on volumes, which neither managed policy grants (the install guide gives it as an optional statement): add it with statements.',
      "Volumes encrypted with the account's default EBS key, when that is a customer managed key, or restored from an encrypted snapshot, need that key in kmsKeyArns too.",
    ],
  },
  managedPolicies: (preset) => [MANAGED_POLICIES[preset.policy]],
  documents: (preset) => {
    const keys = preset.kmsKeyArns ?? [];
    if (keys.length === 0) return [];
    return [
      {
        id: 'kms',
        description: 'EBS CSI driver v1.64.0: the customer managed KMS keys of encrypted volumes',
        statements: [
          {
            sid: 'UseKeysOfEncryptedVolumes',
            effect: 'Allow',
            actions: ['kms:Decrypt', 'kms:GenerateDataKeyWithoutPlaintext'],
            resources: keys,
          },
          {
            sid: 'GrantKeysToEc2',
            effect: 'Allow',
            actions: ['kms:CreateGrant'],
            resources: keys,
            conditions: [{ test: 'Bool', variable: 'kms:GrantIsForAWSResource', values: ['true'] }],
          },
        ],
      },
    ];
  },
});
