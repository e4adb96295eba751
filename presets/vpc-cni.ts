import { about, choice } from '../core/fields';
import { ChartValues, definePreset } from './preset';

/**
 * The Amazon VPC CNI plugin (EKS add-on vpc-cni), from its
 * docs/iam-policy.md at v1.23.0: for IPv4 clusters, AWS's managed
 * AmazonEKS_CNI_Policy (no path), which that page says holds its IPv4
 * policy; for IPv6 clusters, for which AWS publishes no managed policy, the
 * page's "IPv6 mode" policy as a document.
 *
 * The plugin's own IPv6 policy is used, not the EKS user guide's
 * AmazonEKS_CNI_IPv6_Policy: that one lacks `ec2:DescribeSubnets`, which
 * v1.23.0 needs in IPv6 mode with its default subnet discovery
 * (ENABLE_SUBNET_DISCOVERY): ipamd checks the subnet of every ENI at start
 * and fails to start when the call is refused (pkg/ipamd/ipamd.go#L503-L510).
 *
 * For IPv6 the values switch the chart to IPv6 with prefix delegation, as
 * the plugin requires (IPv6 only, no dual stack).
 */
export const vpcCni = definePreset({
  name: 'vpc-cni',
  parameters: {
    ipFamily: about(
      choice(['ipv4', 'ipv6']),
      "The cluster's IP family: ipv4 attaches AmazonEKS_CNI_Policy; ipv6 the CNI documented IPv6 policy.",
    ).default('ipv4'),
  },
  placement: { namespace: 'kube-system', serviceAccounts: ['aws-node'] },
  addon: { name: 'vpc-cni' },
  chart: {
    repository: 'https://aws.github.io/eks-charts',
    name: 'aws-vpc-cni',
    // The chart of the v1.23.0 tree (charts/aws-vpc-cni, version 1.23.0); the copy of the
    // eks-charts index stored here lists aws-vpc-cni only up to 1.22.4.
    version: '1.23.0',
    releaseName: 'aws-vpc-cni',
    serviceAccount: {
      name: 'serviceAccount.name',
      create: 'serviceAccount.create',
      annotations: 'serviceAccount.annotations',
    },
    // The service account is the fullname, which fullnameOverride fixes to aws-node.
    naming: {
      kind: 'fixed',
      name: 'aws-node',
      url: 'https://github.com/aws/amazon-vpc-cni-k8s/blob/v1.23.0/charts/aws-vpc-cni/values.yaml#L143',
    },
    namespaceSource:
      'https://github.com/aws/amazon-vpc-cni-k8s/blob/v1.23.0/charts/aws-vpc-cni/README.md#L12-L21',
  },
  values: (preset): ChartValues =>
    preset.ipFamily === 'ipv4'
      ? { values: {} }
      : {
          values: {
            env: {
              ENABLE_IPv6: 'true',
              ENABLE_IPv4: 'false',
              ENABLE_PREFIX_DELEGATION: 'true',
            },
            init: { env: { ENABLE_IPv6: 'true' } },
          },
        },
  source: {
    controller: 'aws/amazon-vpc-cni-k8s (EKS add-on vpc-cni)',
    release: 'v1.23.0',
    url: 'https://github.com/aws/amazon-vpc-cni-k8s/blob/v1.23.0/docs/iam-policy.md#L9-L79',
    compare:
      'git diff v1.23.0 <new> -- docs/iam-policy.md (sections "IPv4 mode" and "IPv6 mode"), and pkg/awsutils/awsutils.go for the calls it makes',
    deviations: [],
    limits: [
      'IPv6: releasing IPv6 prefixes needs ec2:UnassignIpv6Addresses, which the IPv6 policy does not grant (v1.23.0 only logs the refusal and the prefixes stay on the ENI): add it with statements.',
      'IPv6 with ENABLE_MULTI_NIC, or with a primary subnet tagged kubernetes.io/role/cni=0, needs ec2:CreateNetworkInterface, ec2:AttachNetworkInterface, ec2:ModifyNetworkInterfaceAttribute, ec2:DetachNetworkInterface and ec2:DeleteNetworkInterface, which the IPv6 policy does not grant (with an excluded primary subnet the node does not start): add them with statements.',
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
