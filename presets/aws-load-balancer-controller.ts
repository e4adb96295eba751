import * as z from 'zod';
import { about } from '../core/fields';
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
 * Its tag conditions test only that `elbv2.k8s.aws/cluster` is present, not
 * its value, as published: the role may change the load balancers and
 * security groups of any cluster's controller in the account.
 *
 * AWS publishes no managed policy for the self-installed controller
 * (AmazonEKSLoadBalancingPolicy is EKS Auto Mode's cluster role policy, with
 * other tags). The optional ACM certificate management and Global
 * Accelerator policies are left out: they belong to opt-in feature gates
 * (see `limits`). With `wafv2AclNames`, `wafv2:ListWebACLs`, which the
 * docs of the wafv2-acl-name annotation require and no policy file grants.
 */
export const awsLoadBalancerController = definePreset({
  name: 'aws-load-balancer-controller',
  parameters: {
    wafv2AclNames: about(
      z.boolean(),
      'Allow wafv2:ListWebACLs, which the controller calls to find a regional WAFv2 web ACL by name: the alb.ingress.kubernetes.io/wafv2-acl-name annotation and the wafv2AclName of IngressClassParams need it; web ACLs given by ARN need no lookup. The published policy leaves it out.',
    ).default(false),
  },
  placement: { namespace: 'kube-system', serviceAccounts: ['aws-load-balancer-controller'] },
  chart: {
    repository: 'https://aws.github.io/eks-charts',
    name: 'aws-load-balancer-controller',
    // eks-charts 5239609 ("aws-load-balancer-controller: v3.5.0"), the same tree as helm/ at the tag.
    version: '3.5.0',
    releaseName: 'aws-load-balancer-controller',
    serviceAccount: {
      name: 'serviceAccount.name',
      create: 'serviceAccount.create',
      annotations: 'serviceAccount.annotations',
    },
    // The service account is serviceAccount.name, else the fullname (_helpers.tpl#L72-L78).
    naming: {
      kind: 'fullname',
      url: 'https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/helm/aws-load-balancer-controller/templates/_helpers.tpl#L14-L25',
    },
    namespaceSource:
      'https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/helm/aws-load-balancer-controller/README.md#L7-L11',
  },
  // clusterName is required by the chart (deployment.yaml#L67): the controller tags what it
  // creates elbv2.k8s.aws/cluster=<clusterName>. Without region it asks IMDS, and exits if it
  // cannot reach it (pkg/aws/cloud.go#L63-L77); Pod Identity sets no AWS_REGION.
  values: (_preset, context) => ({
    values: { clusterName: context.cluster, region: context.region },
    notes: [
      'Set vpcId (or vpcTags) unless the pods can reach the instance metadata service (IMDSv2 with a hop limit of 2 or more): the controller finds its VPC there, and exits if it cannot.',
    ],
  }),
  source: {
    controller: 'kubernetes-sigs/aws-load-balancer-controller',
    release: 'v3.5.0',
    url: 'https://github.com/kubernetes-sigs/aws-load-balancer-controller/blob/v3.5.0/docs/install/iam_policy.json#L1-L251',
    compare:
      'git diff v3.5.0 <new> -- docs/install/iam_policy.json docs/install/iam_policy_cn.json docs/install/iam_policy_us-gov.json docs/install/iam_policy_eusc.json docs/install/iam_policy_iso.json (and iam_policy_acm_certs.json, aga_controller_iam_policy.json for the optional features), and pkg/aws/services/ for the calls it makes',
    deviations: [
      {
        change: 'adds',
        actions: ['wafv2:ListWebACLs'],
        when: 'with wafv2AclNames',
        why: "The wafv2-acl-name annotation and IngressClassParams' wafv2AclName make the controller look the web ACL up by name (pkg/ingress/model_builder.go#L623-L656); the annotation's documentation says the role must allow wafv2:ListWebACLs (docs/guide/ingress/annotations.md#L1244-L1247), but no published policy file grants it.",
      },
    ],
    limits: [
      'Without wafv2AclNames, WAFv2 web ACLs named by name (the alb.ingress.kubernetes.io/wafv2-acl-name annotation, the wafv2AclName of IngressClassParams) are not found: name them by ARN (wafv2-acl-arn, wafv2AclArn), or set wafv2AclNames.',
      'The feature gate EnableRGTAPI (controllerConfig.featureGates) reads tags through the Resource Groups Tagging API, which needs tag:GetResources (docs/deploy/configurations.md): add it with statements.',
      "The feature gate EnableCertificateManagement (ACM certificates the controller requests and validates in Route 53) needs docs/install/iam_policy_acm_certs.json: add its statements with statements, the Route 53 changes scoped to your hosted zones as the feature's guide advises.",
      'The feature gate GlobalAcceleratorController (Global Accelerator resources from GlobalAccelerator objects) needs docs/install/aga_controller_iam_policy.json (the Global Accelerator actions on tagged accelerators, its service-linked role, ec2:DescribeRegions, tag:GetResources): add its statements with statements.',
      'A TargetGroupBinding with iamRoleArnToAssume (target groups in another account) needs sts:AssumeRole on that role (docs/deploy/installation.md#L169-L195): add it with statements.',
    ],
  },
  managedPolicies: () => [],
  documents: (preset, context) => {
    const iso = ISO_PARTITIONS.includes(context.partition);
    const findWebAclsByName: IamStatement = {
      sid: 'FindWebAclsByName',
      effect: 'Allow',
      actions: ['wafv2:ListWebACLs'],
      resources: ['*'],
    };
    return [
      {
        id: 'controller',
        description: 'AWS Load Balancer Controller v3.5.0 (docs/install/iam_policy.json)',
        statements: [
          ...statements(context.partition).map((statement) =>
            iso
              ? { ...statement, actions: statement.actions.filter((a) => !NOT_IN_ISO.has(a)) }
              : statement,
          ),
          ...(preset.wafv2AclNames ? [findWebAclsByName] : []),
        ],
      },
    ];
  },
});
