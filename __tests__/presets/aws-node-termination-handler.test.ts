import { awsNodeTerminationHandler } from '../../presets/aws-node-termination-handler';
import { CONTEXT, parsed, QUEUES, statement } from './fixtures';

const LIFECYCLE = {
  sid: 'CompleteLifecycleActions',
  effect: 'Allow',
  actions: [
    'autoscaling:CompleteLifecycleAction',
    'autoscaling:DescribeAutoScalingInstances',
    'autoscaling:DescribeTags',
    'ec2:DescribeInstances',
  ],
  resources: ['*'],
};

describe('aws-node-termination-handler', () => {
  test('attaches no AWS-managed policy', () => {
    expect(
      awsNodeTerminationHandler.managedPolicies(parsed({ name: 'aws-node-termination-handler' })),
    ).toEqual([]);
  });

  test("grants the README's six actions on * by default", () => {
    expect(
      awsNodeTerminationHandler.documents(
        parsed({ name: 'aws-node-termination-handler' }),
        CONTEXT,
      ),
    ).toEqual([
      {
        id: 'queue-processor',
        description:
          'AWS Node Termination Handler v1.25.6 Queue Processor: events and lifecycle hooks',
        statements: [
          LIFECYCLE,
          {
            sid: 'ReceiveAndDeleteEvents',
            effect: 'Allow',
            actions: ['sqs:DeleteMessage', 'sqs:ReceiveMessage'],
            resources: ['*'],
          },
        ],
      },
    ]);
  });

  test('receives and deletes messages only in the queues given', () => {
    const documents = awsNodeTerminationHandler.documents(
      parsed({ name: 'aws-node-termination-handler', queueArns: QUEUES }),
      CONTEXT,
    );
    expect(statement(documents, 'ReceiveAndDeleteEvents').resources).toEqual(QUEUES);
    expect(statement(documents, 'CompleteLifecycleActions')).toEqual(LIFECYCLE);
  });

  test('allows lifecycle heartbeats only when asked, on the lifecycle statement', () => {
    const documents = awsNodeTerminationHandler.documents(
      parsed({ name: 'aws-node-termination-handler', heartbeats: true }),
      CONTEXT,
    );
    expect(statement(documents, 'CompleteLifecycleActions')).toEqual({
      ...LIFECYCLE,
      actions: [...LIFECYCLE.actions, 'autoscaling:RecordLifecycleActionHeartbeat'],
    });
    expect(documents[0].statements).toHaveLength(2);
    expect(parsed({ name: 'aws-node-termination-handler' })).toMatchObject({ heartbeats: false });
  });

  test('says in its deviations why heartbeats add an action the README leaves out', () => {
    expect(awsNodeTerminationHandler.source.deviations).toEqual([
      expect.stringMatching(/^heartbeats adds autoscaling:RecordLifecycleActionHeartbeat, /),
    ]);
  });
});
