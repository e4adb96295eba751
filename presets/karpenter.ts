import * as z from 'zod';
import { about, list, named, text } from '../core/fields';
import { clusterArn, IamCondition } from '../core/iam';
import * as rules from '../core/rules';
import { ChartValues, definePreset, PresetContext, PresetDocument, SettingsOf } from './preset';

const parameters = {
  clusterName: named(
    rules.eksClusterName,
    'The cluster Karpenter provisions nodes for: its tags and its node role name. Default: the one cluster the identity is associated on.',
  ).optional(),
  nodeRoleArns: about(
    list(
      text(rules.iamRoleArn),
      'list at least one, or leave it out for KarpenterNodeRole-<clusterName>',
    ).optional(),
    `Node roles Karpenter may pass to the instances it launches. Default: the role of Karpenter's getting-started guide, KarpenterNodeRole-<clusterName>. Each must be ${rules.iamRoleArn.description}.`,
  ),
  interruptionQueueArn: named(
    rules.sqsQueueArn,
    "Interruption queue Karpenter reads. Default: the getting-started guide's queue, named after the cluster.",
  ).optional(),
  interruption: about(
    z.boolean(),
    "Let Karpenter read and delete its interruption queue's messages, as the chart's settings.interruptionQueue turns on; false leaves the Interruption policy out (the chart's default: no queue).",
  ).default(true),
  zonalShift: about(
    z.boolean(),
    "Let Karpenter read its cluster's zonal shift status, as the chart's settings.enableZonalShift turns on; false leaves the ZonalShift policy out (the chart's default: off).",
  ).default(true),
};

/** The preset's settings, as the policy reads them. */
type Settings = SettingsOf<'karpenter', typeof parameters>;

/**
 * The cluster Karpenter provisions nodes for: the preset's `clusterName`, or
 * the cluster its identity is associated on. The configuration checks refuse
 * a Karpenter preset with neither before policies are built.
 */
export function karpenterCluster(preset: Settings, context: PresetContext): string {
  const cluster = preset.clusterName ?? context.clusters[0];
  if (cluster === undefined) {
    throw new Error(
      'the karpenter preset needs a cluster: set clusterName, or associate the identity on a cluster',
    );
  }
  return cluster;
}

/**
 * Karpenter (aws/karpenter-provider-aws): the controller policies of the
 * getting-started guide's cloudformation.yaml at v1.14.1, one document per
 * policy as the template splits them (NodeLifecycle, IAMIntegration,
 * EKSIntegration, Interruption, ZonalShift, ResourceDiscovery), Sids
 * included, so that each stays within 6,144 characters even with a
 * 100-character cluster name (merged, they overflow past about 18).
 *
 * The template's parameters become the preset's: `${ClusterName}` is the
 * cluster (`clusterName`, or the one cluster the identity is associated on),
 * `${KarpenterNodeRole.Arn}` the `nodeRoleArns` (default: the guide's
 * `KarpenterNodeRole-<cluster>`), `${KarpenterInterruptionQueue.Arn}` the
 * `interruptionQueueArn` (default: the guide's queue, named after the
 * cluster), and the pseudo-parameters the context's partition, region and
 * account. The Interruption and ZonalShift policies are only used with the
 * chart's `settings.interruptionQueue` and `settings.enableZonalShift`; both
 * are kept by default, as the template always creates them, and left out
 * with `interruption: false` / `zonalShift: false`.
 *
 * The chart must agree: the values give Karpenter the preset's cluster (every
 * launch is refused on another cluster's tags), its queue by name, or none,
 * and `settings.enableZonalShift` as `zonalShift` (Karpenter panics at start
 * when it may not read the zonal shift status, pkg/operator/operator.go#L145-L151).
 */
export const karpenter = definePreset({
  name: 'karpenter',
  parameters,
  placement: { namespace: 'kube-system', serviceAccounts: ['karpenter'] },
  chart: {
    repository: 'oci://public.ecr.aws/karpenter/karpenter',
    name: 'karpenter',
    // Published by the release pipeline: the Chart.yaml committed at the tag still says 1.13.0.
    version: '1.14.1',
    releaseName: 'karpenter',
    serviceAccount: {
      name: 'serviceAccount.name',
      create: 'serviceAccount.create',
      annotations: 'serviceAccount.annotations',
    },
    naming: {
      kind: 'fullname',
      url: 'https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/charts/karpenter/templates/_helpers.tpl#L13-L24',
    },
    // The guide's Pod Identity association: kube-system/karpenter, with the six policies.
    namespaceSource:
      'https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/website/content/en/preview/getting-started/getting-started-with-karpenter/scripts/step02-create-cluster.sh#L21-L31',
  },
  values: (preset, context): ChartValues => {
    const cluster = preset.clusterName ?? context.cluster;
    const queueArn = preset.interruptionQueueArn;
    // Karpenter finds its queue by name (sqs:GetQueueUrl), in its own account and region.
    const queue = queueArn === undefined ? cluster : queueArn.slice(queueArn.lastIndexOf(':') + 1);
    const queueRegion = queueArn?.split(':')[3];
    return {
      values: {
        settings: {
          clusterName: cluster,
          // '' (the chart's default) renders no INTERRUPTION_QUEUE: interruption handling off.
          interruptionQueue: preset.interruption ? queue : '',
          enableZonalShift: preset.zonalShift,
        },
      },
      notes: [
        ...(preset.interruption && queueRegion !== undefined && queueRegion !== context.region
          ? [
              `settings.interruptionQueue: Karpenter looks ${queue} up by name in ${context.region}, but interruptionQueueArn is in ${queueRegion}: it will not find it.`,
            ]
          : []),
        ...(preset.zonalShift
          ? [
              'settings.enableZonalShift: Karpenter panics at start unless the cluster is registered for zonal shift (its zonalShiftConfig): enable it, or set zonalShift to false in the preset.',
            ]
          : []),
      ],
    };
  },
  source: {
    controller: 'aws/karpenter-provider-aws',
    release: 'v1.14.1',
    url: 'https://github.com/aws/karpenter-provider-aws/blob/v1.14.1/website/content/en/preview/getting-started/getting-started-with-karpenter/cloudformation.yaml#L27-L380',
    compare:
      'git diff v1.14.1 <new> -- website/content/en/preview/getting-started/getting-started-with-karpenter/cloudformation.yaml, and the IAM notes of the upgrade guide (website/content/en/<version>/upgrading/upgrade-guide.md)',
    deviations: [
      {
        change: 'removes',
        actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        when: 'with interruption: false',
        why: 'The Interruption policy is left out: without settings.interruptionQueue, which the values then leave empty, Karpenter reads no queue. The template creates it always.',
      },
      {
        change: 'removes',
        actions: ['arc-zonal-shift:GetManagedResource'],
        when: 'with zonalShift: false',
        why: 'The ZonalShift policy is left out: with settings.enableZonalShift false, which the values then set, Karpenter never reads the zonal shift status. The template creates it always.',
      },
      {
        change: 'scopes',
        actions: ['iam:PassRole'],
        when: 'with nodeRoleArns',
        why: "On the node roles given instead of the template's KarpenterNodeRole-<cluster>: EC2NodeClasses whose spec.role or spec.instanceProfile uses another role need PassRole on it.",
      },
      {
        change: 'scopes',
        actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
        when: 'with interruptionQueueArn',
        why: "On the queue given instead of the template's queue named after the cluster; the values name it in settings.interruptionQueue.",
      },
    ],
    limits: [
      'Custom SSM parameters in an EC2NodeClass (amiSelectorTerms[].ssmParameter) need ssm:GetParameter on them: the role reads only the public parameters under /aws/service/, as nodeclasses.md says; add them with statements.',
      "Node roles other than KarpenterNodeRole-<cluster> (an EC2NodeClass's spec.role, or the role of its spec.instanceProfile) must be listed in nodeRoleArns, with their path: Karpenter cannot pass them to EC2 otherwise.",
      "An interruption queue encrypted with a customer managed KMS key needs kms:Decrypt on that key to receive its messages: add it with statements (the template's queue uses SQS-managed encryption, which needs nothing).",
    ],
  },
  managedPolicies: () => [],
  documents: (preset, context) => {
    const cluster = karpenterCluster(preset, context);
    const { partition, region, accountId } = context;
    const ec2 = (resource: string) => `arn:${partition}:ec2:${region}:*:${resource}`;
    const instanceProfiles = `arn:${partition}:iam::${accountId}:instance-profile/*`;
    const nodeRoles = preset.nodeRoleArns ?? [
      `arn:${partition}:iam::${accountId}:role/KarpenterNodeRole-${cluster}`,
    ];
    const queue =
      preset.interruptionQueueArn ?? `arn:${partition}:sqs:${region}:${accountId}:${cluster}`;

    const owned = (tag: 'RequestTag' | 'ResourceTag'): IamCondition => ({
      test: 'StringEquals',
      variable: `aws:${tag}/kubernetes.io/cluster/${cluster}`,
      values: ['owned'],
    });
    const present = (variable: string): IamCondition => ({
      test: 'StringLike',
      variable,
      values: ['*'],
    });
    const equals = (variable: string, value: string): IamCondition => ({
      test: 'StringEquals',
      variable,
      values: [value],
    });
    const launchedResources = [
      ec2('fleet/*'),
      ec2('instance/*'),
      ec2('volume/*'),
      ec2('network-interface/*'),
      ec2('launch-template/*'),
      ec2('spot-instances-request/*'),
    ];

    const documents: PresetDocument[] = [
      {
        id: 'node-lifecycle',
        description: `Karpenter v1.14.1 NodeLifecycle: launch and terminate the nodes of cluster ${cluster}`,
        statements: [
          {
            sid: 'AllowScopedEC2InstanceAccessActions',
            effect: 'Allow',
            actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
            resources: [
              `arn:${partition}:ec2:${region}::image/*`,
              `arn:${partition}:ec2:${region}::snapshot/*`,
              ec2('security-group/*'),
              ec2('subnet/*'),
              ec2('capacity-reservation/*'),
              ec2('placement-group/*'),
            ],
          },
          {
            sid: 'AllowScopedEC2LaunchTemplateAccessActions',
            effect: 'Allow',
            actions: ['ec2:RunInstances', 'ec2:CreateFleet'],
            resources: [ec2('launch-template/*')],
            conditions: [owned('ResourceTag'), present('aws:ResourceTag/karpenter.sh/nodepool')],
          },
          {
            sid: 'AllowScopedEC2InstanceActionsWithTags',
            effect: 'Allow',
            actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
            resources: launchedResources,
            conditions: [
              owned('RequestTag'),
              equals('aws:RequestTag/eks:eks-cluster-name', cluster),
              present('aws:RequestTag/karpenter.sh/nodepool'),
            ],
          },
          {
            sid: 'AllowScopedResourceCreationTagging',
            effect: 'Allow',
            actions: ['ec2:CreateTags'],
            resources: launchedResources,
            conditions: [
              owned('RequestTag'),
              equals('aws:RequestTag/eks:eks-cluster-name', cluster),
              {
                test: 'StringEquals',
                variable: 'ec2:CreateAction',
                values: ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
              },
              present('aws:RequestTag/karpenter.sh/nodepool'),
            ],
          },
          {
            sid: 'AllowScopedResourceTagging',
            effect: 'Allow',
            actions: ['ec2:CreateTags'],
            resources: [ec2('instance/*')],
            conditions: [
              owned('ResourceTag'),
              present('aws:ResourceTag/karpenter.sh/nodepool'),
              {
                test: 'StringEqualsIfExists',
                variable: 'aws:RequestTag/eks:eks-cluster-name',
                values: [cluster],
              },
              {
                test: 'ForAllValues:StringEquals',
                variable: 'aws:TagKeys',
                values: ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'],
              },
            ],
          },
          {
            sid: 'AllowScopedDeletion',
            effect: 'Allow',
            actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
            resources: [ec2('instance/*'), ec2('launch-template/*')],
            conditions: [owned('ResourceTag'), present('aws:ResourceTag/karpenter.sh/nodepool')],
          },
        ],
      },
      {
        id: 'iam-integration',
        description: `Karpenter v1.14.1 IAMIntegration: node role and instance profiles of cluster ${cluster}`,
        statements: [
          {
            sid: 'AllowPassingInstanceRole',
            effect: 'Allow',
            actions: ['iam:PassRole'],
            resources: nodeRoles,
            conditions: [
              {
                test: 'StringEquals',
                variable: 'iam:PassedToService',
                values: ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'],
              },
            ],
          },
          {
            sid: 'AllowScopedInstanceProfileCreationActions',
            effect: 'Allow',
            actions: ['iam:CreateInstanceProfile'],
            resources: [instanceProfiles],
            conditions: [
              owned('RequestTag'),
              equals('aws:RequestTag/eks:eks-cluster-name', cluster),
              equals('aws:RequestTag/topology.kubernetes.io/region', region),
              present('aws:RequestTag/karpenter.k8s.aws/ec2nodeclass'),
            ],
          },
          {
            sid: 'AllowScopedInstanceProfileTagActions',
            effect: 'Allow',
            actions: ['iam:TagInstanceProfile'],
            resources: [instanceProfiles],
            conditions: [
              owned('ResourceTag'),
              equals('aws:ResourceTag/topology.kubernetes.io/region', region),
              owned('RequestTag'),
              equals('aws:RequestTag/eks:eks-cluster-name', cluster),
              equals('aws:RequestTag/topology.kubernetes.io/region', region),
              present('aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass'),
              present('aws:RequestTag/karpenter.k8s.aws/ec2nodeclass'),
            ],
          },
          {
            sid: 'AllowScopedInstanceProfileActions',
            effect: 'Allow',
            actions: [
              'iam:AddRoleToInstanceProfile',
              'iam:RemoveRoleFromInstanceProfile',
              'iam:DeleteInstanceProfile',
            ],
            resources: [instanceProfiles],
            conditions: [
              owned('ResourceTag'),
              equals('aws:ResourceTag/topology.kubernetes.io/region', region),
              present('aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass'),
            ],
          },
        ],
      },
      {
        id: 'eks-integration',
        description: `Karpenter v1.14.1 EKSIntegration: the API server endpoint of cluster ${cluster}`,
        statements: [
          {
            sid: 'AllowAPIServerEndpointDiscovery',
            effect: 'Allow',
            actions: ['eks:DescribeCluster'],
            resources: [clusterArn(context, cluster)],
          },
        ],
      },
      {
        id: 'interruption',
        description: `Karpenter v1.14.1 Interruption: the interruption queue of cluster ${cluster}`,
        statements: [
          {
            sid: 'AllowInterruptionQueueActions',
            effect: 'Allow',
            actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
            resources: [queue],
          },
        ],
      },
      {
        id: 'zonal-shift',
        description: `Karpenter v1.14.1 ZonalShift: zonal shift status of cluster ${cluster}`,
        statements: [
          {
            sid: 'AllowZonalShiftStatusReadOnly',
            effect: 'Allow',
            actions: ['arc-zonal-shift:GetManagedResource'],
            resources: ['*'],
            conditions: [
              equals('arc-zonal-shift:ResourceIdentifier', clusterArn(context, cluster)),
            ],
          },
        ],
      },
      {
        id: 'resource-discovery',
        description: 'Karpenter v1.14.1 ResourceDiscovery: instance types, images, prices, subnets',
        statements: [
          {
            sid: 'AllowRegionalReadActions',
            effect: 'Allow',
            actions: [
              'ec2:DescribeCapacityReservations',
              'ec2:DescribeImages',
              'ec2:DescribeInstances',
              'ec2:DescribeInstanceStatus',
              'ec2:DescribeInstanceTypeOfferings',
              'ec2:DescribeInstanceTypes',
              'ec2:DescribeLaunchTemplates',
              'ec2:DescribePlacementGroups',
              'ec2:DescribeSecurityGroups',
              'ec2:DescribeSpotPriceHistory',
              'ec2:DescribeSubnets',
            ],
            resources: ['*'],
            conditions: [equals('aws:RequestedRegion', region)],
          },
          {
            sid: 'AllowSSMReadActions',
            effect: 'Allow',
            actions: ['ssm:GetParameter'],
            resources: [`arn:${partition}:ssm:${region}::parameter/aws/service/*`],
          },
          {
            sid: 'AllowPricingReadActions',
            effect: 'Allow',
            actions: ['pricing:GetProducts'],
            resources: ['*'],
          },
          {
            sid: 'AllowUnscopedInstanceProfileListAction',
            effect: 'Allow',
            actions: ['iam:ListInstanceProfiles'],
            resources: ['*'],
          },
          {
            sid: 'AllowInstanceProfileReadActions',
            effect: 'Allow',
            actions: ['iam:GetInstanceProfile'],
            resources: [instanceProfiles],
          },
        ],
      },
    ];
    // The chart handles interruptions only with settings.interruptionQueue, and
    // zonal shifts only with settings.enableZonalShift.
    return documents.filter(
      (d) =>
        (preset.interruption || d.id !== 'interruption') &&
        (preset.zonalShift || d.id !== 'zonal-shift'),
    );
  },
});
