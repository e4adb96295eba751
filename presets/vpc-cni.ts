import { about, choice } from '../core/fields';
import { definePreset } from './preset';

/**
 * The Amazon VPC CNI plugin (EKS add-on vpc-cni), from its
 * docs/iam-policy.md at v1.23.0: for IPv4 clusters, AWS's managed
 * AmazonEKS_CNI_Policy (no path), which that page says holds its IPv4
 * policy; for IPv6 clusters, for which AWS publishes no managed policy, the
 * page's "IPv6 mode" policy as a document.
 *
 * AWS publishes two IPv6 policies: the EKS user guide's
 * AmazonEKS_CNI_IPv6_Policy and this one, which also grants
 * `ec2:DescribeSecurityGroups` and `ec2:DescribeSubnets`. This one is used:
 * it is the plugin's own, for the release, the guide's add-on page now links
 * to it, and the two extra actions are read-only, on `*`.
 */
export const vpcCni = definePreset({
  name: 'vpc-cni',
  parameters: {
    ipFamily: about(
      choice(['ipv4', 'ipv6']),
      "The cluster's IP family: ipv4 attaches AmazonEKS_CNI_Policy; ipv6 the CNI documented IPv6 policy.",
    ).default('ipv4'),
  },
  placement: { namespace: 'kube-system', serviceAccount: 'aws-node' },
  addon: { name: 'vpc-cni' },
  source: {
    controller: 'aws/amazon-vpc-cni-k8s (EKS add-on vpc-cni)',
    release: 'v1.23.0',
    url: 'https://github.com/aws/amazon-vpc-cni-k8s/blob/v1.23.0/docs/iam-policy.md',
    compare: 'git diff v1.23.0 <new> -- docs/iam-policy.md (sections "IPv4 mode" and "IPv6 mode")',
    deviations: [
      'IPv6: the plugin repository IPv6 policy is used rather than the EKS user guide AmazonEKS_CNI_IPv6_Policy, which lacks ec2:DescribeSecurityGroups and ec2:DescribeSubnets; the guide add-on page links to the repository policy, and the two actions are read-only.',
    ],
  },
  managedPolicies: (preset) => (preset.ipFamily === 'ipv4' ? ['AmazonEKS_CNI_Policy'] : []),
  documents: (preset, context) =>
    preset.ipFamily === 'ipv4'
      ? []
      : [
          {
            id: 'ipv6',
            description: 'Amazon VPC CNI v1.23.0: IPv6 mode',
            statements: [
              {
                sid: 'AssignIpv6Addresses',
                effect: 'Allow',
                actions: [
                  'ec2:AssignIpv6Addresses',
                  'ec2:DescribeInstances',
                  'ec2:DescribeSecurityGroups',
                  'ec2:DescribeSubnets',
                  'ec2:DescribeTags',
                  'ec2:DescribeNetworkInterfaces',
                  'ec2:DescribeInstanceTypes',
                ],
                resources: ['*'],
              },
              {
                sid: 'TagNetworkInterfaces',
                effect: 'Allow',
                actions: ['ec2:CreateTags'],
                resources: [`arn:${context.partition}:ec2:*:*:network-interface/*`],
              },
            ],
          },
        ],
});
