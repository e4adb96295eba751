import * as z from 'zod';
import { about } from '../core/fields';
import { queueArns } from './parameters';
import { definePreset } from './preset';

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
 * With `heartbeats`, `autoscaling:RecordLifecycleActionHeartbeat`, which
 * v1.25.6 calls when lifecycle heartbeats are on (the chart's
 * `heartbeatInterval`, unset by default) and the published policy leaves out.
 */
export const awsNodeTerminationHandler = definePreset({
  name: 'aws-node-termination-handler',
  parameters: {
    queueArns: queueArns('every queue, as the Queue Processor mode README documents'),
    heartbeats: about(
      z.boolean(),
      "Allow autoscaling:RecordLifecycleActionHeartbeat, which NTH calls to extend a termination lifecycle hook when the chart's heartbeatInterval is set (lifecycle heartbeats, off in the chart).",
    ).default(false),
  },
  placement: { namespace: 'kube-system', serviceAccount: 'aws-node-termination-handler' },
  source: {
    controller: 'aws/aws-node-termination-handler (Queue Processor mode)',
    release: 'v1.25.6',
    url: 'https://github.com/aws/aws-node-termination-handler/blob/v1.25.6/README.md',
    compare:
      'git diff v1.25.6 <new> -- README.md (Queue Processor, "Create an IAM Role for the Pods"), and pkg/monitor/sqsevent/ for the calls it makes',
    deviations: [
      "heartbeats adds autoscaling:RecordLifecycleActionHeartbeat, which v1.25.6 calls when the chart's heartbeatInterval is set (pkg/monitor/sqsevent/asg-lifecycle-event.go) and the README's policy does not list; without it, NTH's heartbeats fail and the lifecycle hook times out.",
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
            ...(preset.heartbeats ? ['autoscaling:RecordLifecycleActionHeartbeat'] : []),
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
