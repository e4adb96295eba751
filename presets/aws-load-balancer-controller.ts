import { IamStatement } from '../core/iam';
import { AwsPartition } from '../core/partition';
import { definePreset } from './preset';

/** The tag the controller puts on what it creates, whatever the cluster. */
const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';
const REQUEST_TAG = `aws:RequestTag/${CLUSTER_TAG}`;
const RESOURCE_TAG = `aws:ResourceTag/${CLUSTER_TAG}`;

/** Partitions whose published policy (iam_policy_iso*.json) leaves these out. */
const ISO_PARTITIONS: readonly AwsPartition[] = ['aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f'];
const NOT_IN_ISO = new Set([
  'elasticloadbalancing:DescribeTrustStores',
  'elasticloadbalancing:DescribeListenerAttributes',
  'elasticloadbalancing:DescribeCapacityReservation',
  'elasticloadbalancing:ModifyListenerAttributes',
  'elasticloadbalancing:ModifyCapacityReservation',
]);

/** The statements of docs/install/iam_policy.json, in its order, ARNs in `partition`. */
function statements(partition: AwsPartition): IamStatement[] {
  const securityGroups = `arn:${partition}:ec2:*:*:security-group/*`;
  const elb = (resource: string) => `arn:${partition}:elasticloadbalancing:*:*:${resource}`;
  const loadBalancersAndTargetGroups = [
    elb('targetgroup/*/*'),
    elb('loadbalancer/net/*/*'),
    elb('loadbalancer/app/*/*'),
  ];
  return [
    {
      sid: 'CreateElbServiceLinkedRole',
      effect: 'Allow',
      actions: ['iam:CreateServiceLinkedRole'],
      resources: ['*'],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'iam:AWSServiceName',
          values: ['elasticloadbalancing.amazonaws.com'],
        },
      ],
    },
    {
      sid: 'DescribeNetworkAndLoadBalancers',
      effect: 'Allow',
      actions: [
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeVpcs',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeInstances',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeTags',
        'ec2:GetCoipPoolUsage',
        'ec2:DescribeCoipPools',
        'ec2:GetSecurityGroupsForVpc',
        'ec2:DescribeIpamPools',
        'ec2:DescribeRouteTables',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTrustStores',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeCapacityReservation',
      ],
      resources: ['*'],
    },
    {
      sid: 'UseCertificatesWafAndShield',
      effect: 'Allow',
      actions: [
        'cognito-idp:DescribeUserPoolClient',
        'acm:ListCertificates',
        'acm:DescribeCertificate',
        'iam:ListServerCertificates',
        'iam:GetServerCertificate',
        'waf-regional:GetWebACL',
        'waf-regional:GetWebACLForResource',
        'waf-regional:AssociateWebACL',
        'waf-regional:DisassociateWebACL',
        'wafv2:GetWebACL',
        'wafv2:GetWebACLForResource',
        'wafv2:AssociateWebACL',
        'wafv2:DisassociateWebACL',
        'shield:GetSubscriptionState',
        'shield:DescribeProtection',
        'shield:CreateProtection',
        'shield:DeleteProtection',
      ],
      resources: ['*'],
    },
    {
      sid: 'ChangeSecurityGroupIngress',
      effect: 'Allow',
      actions: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      resources: ['*'],
    },
    {
      sid: 'CreateSecurityGroups',
      effect: 'Allow',
      actions: ['ec2:CreateSecurityGroup'],
      resources: ['*'],
    },
    {
      sid: 'TagNewSecurityGroups',
      effect: 'Allow',
      actions: ['ec2:CreateTags'],
      resources: [securityGroups],
      conditions: [
        { test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateSecurityGroup'] },
        { test: 'Null', variable: REQUEST_TAG, values: ['false'] },
      ],
    },
    {
      sid: 'TagOwnedSecurityGroups',
      effect: 'Allow',
      actions: ['ec2:CreateTags', 'ec2:DeleteTags'],
      resources: [securityGroups],
      conditions: [
        { test: 'Null', variable: REQUEST_TAG, values: ['true'] },
        { test: 'Null', variable: RESOURCE_TAG, values: ['false'] },
      ],
    },
    {
      sid: 'ManageOwnedSecurityGroups',
      effect: 'Allow',
      actions: [
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
      ],
      resources: ['*'],
      conditions: [{ test: 'Null', variable: RESOURCE_TAG, values: ['false'] }],
    },
    {
      sid: 'CreateTaggedLoadBalancers',
      effect: 'Allow',
      actions: [
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
      ],
      resources: ['*'],
      conditions: [{ test: 'Null', variable: REQUEST_TAG, values: ['false'] }],
    },
    {
      sid: 'ManageListenersAndRules',
      effect: 'Allow',
      actions: [
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteRule',
      ],
      resources: ['*'],
    },
    {
      sid: 'TagOwnedLoadBalancers',
      effect: 'Allow',
      actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: loadBalancersAndTargetGroups,
      conditions: [
        { test: 'Null', variable: REQUEST_TAG, values: ['true'] },
        { test: 'Null', variable: RESOURCE_TAG, values: ['false'] },
      ],
    },
    {
      sid: 'TagListenersAndRules',
      effect: 'Allow',
      actions: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
      resources: [
        elb('listener/net/*/*/*'),
        elb('listener/app/*/*/*'),
        elb('listener-rule/net/*/*/*'),
        elb('listener-rule/app/*/*/*'),
      ],
    },
    {
      sid: 'ModifyOwnedLoadBalancers',
      effect: 'Allow',
      actions: [
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
      ],
      resources: ['*'],
      conditions: [{ test: 'Null', variable: RESOURCE_TAG, values: ['false'] }],
    },
    {
      sid: 'TagNewLoadBalancers',
      effect: 'Allow',
      actions: ['elasticloadbalancing:AddTags'],
      resources: loadBalancersAndTargetGroups,
      conditions: [
        {
          test: 'StringEquals',
          variable: 'elasticloadbalancing:CreateAction',
          values: ['CreateTargetGroup', 'CreateLoadBalancer'],
        },
        { test: 'Null', variable: REQUEST_TAG, values: ['false'] },
      ],
    },
    {
      sid: 'RegisterTargets',
      effect: 'Allow',
      actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
      resources: [elb('targetgroup/*/*')],
    },
    {
      sid: 'ModifyListenersAndRules',
      effect: 'Allow',
      actions: [
        'elasticloadbalancing:SetWebAcl',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:SetRulePriorities',
      ],
      resources: ['*'],
    },
  ];
}

/**
 * The AWS Load Balancer Controller: its published docs/install/iam_policy.json
 * at v3.5.0, statement for statement (Sids added). The project's China,
 * GovCloud and EU sovereign cloud files (iam_policy_cn.json,
 * iam_policy_us-gov.json, iam_policy_eusc.json) are that policy with the
 * partition changed, so the ARNs are built in the context's partition; the
 * ISO files (iam_policy_iso*.json) also leave out the five trust store,
 * listener attribute and capacity reservation actions those partitions lack,
 * and so does this preset there.
 *
 * AWS publishes no managed policy for the self-installed controller
 * (AmazonEKSLoadBalancingPolicy is EKS Auto Mode's cluster role policy, with
 * other tags). The optional ACM certificate management and Global
 * Accelerator policies are left out: they belong to opt-in features.
 */
export const awsLoadBalancerController = definePreset({
  name: 'aws-load-balancer-controller',
  parameters: {},
  placement: { namespace: 'kube-system', serviceAccount: 'aws-load-balancer-controller' },
  source: {
    controller: 'kubernetes-sigs/aws-load-balancer-controller',
    release: 'v3.5.0',
    url: 'https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/install/iam_policy.json',
    compare:
      'git diff v3.5.0 <new> -- docs/install/iam_policy.json docs/install/iam_policy_cn.json docs/install/iam_policy_us-gov.json docs/install/iam_policy_eusc.json docs/install/iam_policy_iso.json (and iam_policy_acm_certs.json, aga_controller_iam_policy.json for the optional features)',
    deviations: [],
  },
  managedPolicies: () => [],
  documents: (_preset, context) => {
    const iso = ISO_PARTITIONS.includes(context.partition);
    return [
      {
        id: 'controller',
        description: 'AWS Load Balancer Controller v3.5.0 (docs/install/iam_policy.json)',
        statements: statements(context.partition).map((statement) =>
          iso
            ? { ...statement, actions: statement.actions.filter((a) => !NOT_IN_ISO.has(a)) }
            : statement,
        ),
      },
    ];
  },
});
