import { about, list, text } from '../core/fields';
import { IamStatement } from '../core/iam';
import * as rules from '../core/rules';
import { definePreset } from './preset';

/** The tag key of the Auto Scaling groups of `cluster`, as the README's auto-discovery names it. */
const clusterAutoscalerTag = (cluster: string) => `k8s.io/cluster-autoscaler/${cluster}`;

/**
 * Cluster Autoscaler with its AWS cloud provider: the "Full Cluster
 * Autoscaler Features Policy (Recommended)" of
 * cluster-autoscaler/cloudprovider/aws/README.md at cluster-autoscaler-1.36.1.
 * The read actions have no resource type and stay on `*` (the README's
 * "Minimal" policy puts them on an ASG ARN, where they would never match, so
 * it is not used); `autoscaling:DescribeAutoScalingInstances` is kept as
 * published although 1.36.1 does not call it.
 *
 * Without `clusterNames` the scaling actions are on `*`, as published. With
 * them, `autoscaling:SetDesiredCapacity` and
 * `autoscaling:TerminateInstanceInAutoScalingGroup` apply only to groups
 * tagged `k8s.io/cluster-autoscaler/<name>` = `owned`, one statement per
 * cluster so that any of them matches. That condition is this project's
 * design: the README only recommends, in prose, restricting these actions
 * by ASG ARN or by tag conditions. The EKS user guide says managed node
 * groups are tagged for auto-discovery, but not with which value; groups
 * whose tag has another value must be retagged `owned` to be scaled; the
 * values then make auto-discovery find only `owned` groups, so that the
 * autoscaler never plans a scale-up the role refuses.
 *
 * The chart (9.58.0, the newest, still runs 1.35.0: the values set the image
 * tag) names its service account `<release>-aws-cluster-autoscaler`, so
 * `cluster-autoscaler-aws-cluster-autoscaler` for release
 * `cluster-autoscaler` in kube-system: that is the placement. The AWS
 * provider's kubectl manifest uses `cluster-autoscaler` instead; give such
 * an association its namespace and service account.
 */
export const clusterAutoscaler = definePreset({
  name: 'cluster-autoscaler',
  parameters: {
    clusterNames: about(
      list(
        text(rules.eksClusterName),
        'list at least one, or leave it out for every Auto Scaling group of the account, as the cluster-autoscaler README documents',
      ).optional(),
      'Clusters whose Auto Scaling groups (tagged k8s.io/cluster-autoscaler/<name>=owned) it may scale. Default: every Auto Scaling group of the account, as the cluster-autoscaler README documents.',
    ),
  },
  placement: {
    namespace: 'kube-system',
    serviceAccounts: ['cluster-autoscaler-aws-cluster-autoscaler'],
  },
  chart: {
    repository: 'https://kubernetes.github.io/autoscaler',
    name: 'cluster-autoscaler',
    // The chart of the 1.36.1 tree; no released chart has appVersion 1.36.x.
    version: '9.58.0',
    releaseName: 'cluster-autoscaler',
    serviceAccount: {
      name: 'rbac.serviceAccount.name',
      create: 'rbac.serviceAccount.create',
      annotations: 'rbac.serviceAccount.annotations',
    },
    // name = <cloudProvider>-<chart> (aws-cluster-autoscaler); fullname = <release>-<name>
    // unless the release is exactly that name; the service account is the fullname.
    naming: {
      kind: 'template',
      template: '{release}-aws-cluster-autoscaler',
      url: 'https://github.com/kubernetes/autoscaler/blob/cluster-autoscaler-chart-9.58.0/cluster-autoscaler/charts/cluster-autoscaler/templates/_helpers.tpl#L5-L24',
    },
    namespaceSource:
      'https://github.com/kubernetes/autoscaler/blob/cluster-autoscaler-1.36.1/cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml#L3-L9',
    image: { key: 'image.tag', tag: 'v1.36.1' },
  },
  values: (preset, context) => ({
    values: {
      cloudProvider: 'aws',
      awsRegion: context.region,
      autoDiscovery: {
        clusterName: context.cluster,
        // With clusterNames the role scales only groups tagged <key>=owned: discover only those.
        ...(preset.clusterNames !== undefined && {
          tags: [
            'k8s.io/cluster-autoscaler/enabled',
            `${clusterAutoscalerTag(context.cluster)}=owned`,
          ],
        }),
      },
    },
  }),
  source: {
    controller: 'kubernetes/autoscaler (cluster-autoscaler, AWS cloud provider)',
    release: 'cluster-autoscaler-1.36.1',
    url: 'https://github.com/kubernetes/autoscaler/blob/cluster-autoscaler-1.36.1/cluster-autoscaler/cloudprovider/aws/README.md#L34-L69',
    compare:
      'git diff cluster-autoscaler-1.36.1 <new> -- cluster-autoscaler/cloudprovider/aws/README.md (section "IAM Policy"), and cluster-autoscaler/cloudprovider/aws/aws_wrapper.go for the calls it makes',
    deviations: [
      {
        change: 'scopes',
        actions: [
          'autoscaling:SetDesiredCapacity',
          'autoscaling:TerminateInstanceInAutoScalingGroup',
        ],
        when: 'with clusterNames',
        why: 'Conditioned on the Auto Scaling group tag k8s.io/cluster-autoscaler/<name> = owned (autoscaling:ResourceTag), one statement per cluster: the README publishes them on * and only recommends tag conditions in prose. Groups tagged with another value are then not scaled; the values limit auto-discovery to owned groups.',
      },
    ],
    limits: [
      'With clusterNames, the role scales only the Auto Scaling groups tagged k8s.io/cluster-autoscaler/<cluster> = owned: tag groups with that value (the chart values discover only those).',
    ],
  },
  managedPolicies: () => [],
  documents: (preset) => {
    const scale = [
      'autoscaling:SetDesiredCapacity',
      'autoscaling:TerminateInstanceInAutoScalingGroup',
    ];
    const scaling: IamStatement[] =
      preset.clusterNames === undefined
        ? [{ sid: 'ScaleGroups', effect: 'Allow', actions: scale, resources: ['*'] }]
        : preset.clusterNames.map((cluster, index) => ({
            sid: `ScaleGroupsOfCluster${index + 1}`,
            effect: 'Allow',
            actions: scale,
            resources: ['*'],
            conditions: [
              {
                test: 'StringEquals',
                variable: `autoscaling:ResourceTag/${clusterAutoscalerTag(cluster)}`,
                values: ['owned'],
              },
            ],
          }));
    return [
      {
        id: 'autoscaling',
        description: 'Cluster Autoscaler 1.36.1: discover and scale Auto Scaling groups',
        statements: [
          {
            sid: 'DescribeGroupsAndInstanceTypes',
            effect: 'Allow',
            actions: [
              'autoscaling:DescribeAutoScalingGroups',
              'autoscaling:DescribeAutoScalingInstances',
              'autoscaling:DescribeLaunchConfigurations',
              'autoscaling:DescribeScalingActivities',
              'ec2:DescribeImages',
              'ec2:DescribeInstanceTypes',
              'ec2:DescribeLaunchTemplateVersions',
              'ec2:GetInstanceTypesFromInstanceRequirements',
              'eks:DescribeNodegroup',
            ],
            resources: ['*'],
          },
          ...scaling,
        ],
      },
    ];
  },
});
