import * as z from 'zod';
import { about } from '../core/fields';
import { dnsSuffixOf } from '../core/partition';
import { queueArns } from './parameters';
import { ChartValues, definePreset } from './preset';

/** The URL of a queue, from its ARN (arn:<partition>:sqs:<region>:<account>:<name>). */
function queueUrl(arn: string): string {
  const [, , , region, account, name] = arn.split(':');
  return `https://sqs.${region}.${dnsSuffixOf(region)}/${account}/${name}`;
}

/**
 * AWS Node Termination Handler in Queue Processor mode: the "IAM Policy for
 * aws-node-termination-handler Deployment" of its README at v1.25.6 (IMDS
 * mode calls no AWS API and needs no role). The SQS actions are scoped to
 * `queueArns` (by default every queue, as published); the Auto Scaling and
 * EC2 actions stay on `*` as published (the Describe actions have no
 * resource type).
 *
 * Kept as published, although v1.25.6 does not call them:
 * `autoscaling:DescribeAutoScalingInstances`, `autoscaling:DescribeTags`.
 * With `heartbeats`, the two calls v1.25.6 makes when lifecycle heartbeats
 * are on (the chart's `heartbeatInterval`, unset by default) and the
 * published policy leaves out: `autoscaling:RecordLifecycleActionHeartbeat`
 * and `autoscaling:DescribeLifecycleHooks`.
 *
 * The values turn the Queue Processor on and give NTH its region and the
 * first of `queueArns` as its queue URL: NTH reads one queue.
 */
export const awsNodeTerminationHandler = definePreset({
  name: 'aws-node-termination-handler',
  parameters: {
    queueArns: queueArns('every queue, as the Queue Processor mode README documents'),
    heartbeats: about(
      z.boolean(),
      "Allow lifecycle heartbeats: autoscaling:RecordLifecycleActionHeartbeat, which NTH calls to extend a termination lifecycle hook, and autoscaling:DescribeLifecycleHooks, when the chart's heartbeatInterval is set (off in the chart).",
    ).default(false),
  },
  placement: { namespace: 'kube-system', serviceAccounts: ['aws-node-termination-handler'] },
  chart: {
    // The eks-charts copy is deprecated and stops at 0.21.0 (NTH 1.19.0).
    repository: 'oci://public.ecr.aws/aws-ec2/helm/aws-node-termination-handler',
    name: 'aws-node-termination-handler',
    version: '0.27.6',
    releaseName: 'aws-node-termination-handler',
    serviceAccount: {
      name: 'serviceAccount.name',
      create: 'serviceAccount.create',
      annotations: 'serviceAccount.annotations',
    },
    naming: {
      kind: 'fullname',
      url: 'https://github.com/aws/aws-node-termination-handler/blob/v1.25.6/config/helm/aws-node-termination-handler/templates/_helpers.tpl#L15-L26',
    },
    // The README's Queue Processor install: release aws-node-termination-handler in kube-system.
    namespaceSource:
      'https://github.com/aws/aws-node-termination-handler/blob/v1.25.6/README.md#L552-L558',
  },
  values: (preset, context): ChartValues => {
    const [queue, ...others] = preset.queueArns ?? [];
    return {
      values: {
        enableSqsTerminationDraining: true,
        awsRegion: context.region,
        ...(queue !== undefined && { queueURL: queueUrl(queue) }),
      },
      notes: [
        ...(queue === undefined
          ? [
              'queueURL: set it to the queue that receives the termination events (https://sqs.<region>.<domain>/<account>/<name>); the role lets NTH read any queue.',
            ]
          : []),
        ...(others.length > 0
          ? [
              `queueURL: NTH reads one queue, the first of queueArns; it does not read ${others.join(', ')}.`,
            ]
          : []),
        ...(preset.heartbeats
          ? [
              'heartbeatInterval: set it (30-3600 seconds) for NTH to send lifecycle heartbeats, which the role allows; the chart leaves them off.',
            ]
          : []),
      ],
    };
  },
  source: {
    controller: 'aws/aws-node-termination-handler (Queue Processor mode)',
    release: 'v1.25.6',
    url: 'https://github.com/aws/aws-node-termination-handler/blob/v1.25.6/README.md#L477-L497',
    compare:
      'git diff v1.25.6 <new> -- README.md (Queue Processor, "Create an IAM Role for the Pods"), and pkg/monitor/sqsevent/ for the calls it makes',
    deviations: [
      {
        change: 'scopes',
        actions: ['sqs:DeleteMessage', 'sqs:ReceiveMessage'],
        when: 'with queueArns',
        why: 'On the queues given instead of every queue; the values give NTH the first of them as its queueURL.',
      },
      {
        change: 'adds',
        actions: [
          'autoscaling:RecordLifecycleActionHeartbeat',
          'autoscaling:DescribeLifecycleHooks',
        ],
        when: 'with heartbeats',
        why: "v1.25.6 calls both when the chart's heartbeatInterval is set (pkg/monitor/sqsevent/asg-lifecycle-event.go#L157, #L234) and the README's policy lists neither: without the first, heartbeats fail and the lifecycle hook times out while the node drains; without the second, NTH cannot check the interval against the hook's timeout.",
      },
    ],
    limits: [
      "Lifecycle heartbeats (the chart's heartbeatInterval) need heartbeats: true; without it the role refuses them and a long drain outlives the lifecycle hook's heartbeat timeout.",
      'A queue encrypted with a customer managed KMS key needs kms:Decrypt on that key to receive its messages: add it with statements (SQS-managed encryption, which the README creates, needs nothing).',
    ],
  },
  managedPolicies: () => [],
  documents: (preset) => [
    {
      id: 'queue-processor',
      description:
        'AWS Node Termination Handler v1.25.6 Queue Processor: events and lifecycle hooks',
      statements: [
        {
          sid: 'CompleteLifecycleActions',
          effect: 'Allow',
          actions: [
            'autoscaling:CompleteLifecycleAction',
            'autoscaling:DescribeAutoScalingInstances',
            'autoscaling:DescribeTags',
            'ec2:DescribeInstances',
            ...(preset.heartbeats
              ? ['autoscaling:RecordLifecycleActionHeartbeat', 'autoscaling:DescribeLifecycleHooks']
              : []),
          ],
          resources: ['*'],
        },
        {
          sid: 'ReceiveAndDeleteEvents',
          effect: 'Allow',
          actions: ['sqs:DeleteMessage', 'sqs:ReceiveMessage'],
          resources: preset.queueArns ?? ['*'],
        },
      ],
    },
  ],
});
