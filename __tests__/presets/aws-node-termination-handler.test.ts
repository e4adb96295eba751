import { awsNodeTerminationHandler } from '../../presets/aws-node-termination-handler';
import { ChartValues, ValuesContext } from '../../presets/preset';
import { ACCOUNT, actionsOf, CONTEXT, parsed, QUEUES, statement, valuesOf } from './fixtures';

const US_EAST_1: ValuesContext = { cluster: 'my-cluster', region: 'us-east-1', partition: 'aws' };

/** The values and notes of the values file for `settings`. */
function chartValues(settings: Record<string, unknown>, context = US_EAST_1): ChartValues {
  const values = awsNodeTerminationHandler.values?.(
    parsed({ name: 'aws-node-termination-handler', ...settings }),
    context,
  );
  if (values === undefined) throw new Error('aws-node-termination-handler has no values');
  return values;
}

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

  test('allows lifecycle heartbeats, and the hook check that goes with them, only when asked', () => {
    const documents = awsNodeTerminationHandler.documents(
      parsed({ name: 'aws-node-termination-handler', heartbeats: true }),
      CONTEXT,
    );
    expect(statement(documents, 'CompleteLifecycleActions')).toEqual({
      ...LIFECYCLE,
      actions: [
        ...LIFECYCLE.actions,
        'autoscaling:RecordLifecycleActionHeartbeat',
        'autoscaling:DescribeLifecycleHooks',
      ],
    });
    expect(documents[0].statements).toHaveLength(2);
    expect(parsed({ name: 'aws-node-termination-handler' })).toMatchObject({ heartbeats: false });
    const withoutHeartbeats = awsNodeTerminationHandler.documents(
      parsed({ name: 'aws-node-termination-handler' }),
      CONTEXT,
    );
    expect(actionsOf(withoutHeartbeats)).not.toContain('autoscaling:DescribeLifecycleHooks');
  });

  test('turns the Queue Processor on in its region, and asks for a queue URL without queueArns', () => {
    expect(
      valuesOf(awsNodeTerminationHandler, parsed({ name: 'aws-node-termination-handler' })),
    ).toEqual({ enableSqsTerminationDraining: true, awsRegion: 'us-east-1' });
    expect(chartValues({}).notes).toEqual([
      expect.stringMatching(/^queueURL: set it to the queue/),
    ]);
  });

  test('gives NTH the URL of the first queue, and notes the queues it does not read', () => {
    const { values, notes } = chartValues({ queueArns: QUEUES });
    expect(values).toEqual({
      enableSqsTerminationDraining: true,
      awsRegion: 'us-east-1',
      queueURL: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/nth-queue`,
    });
    expect(notes).toEqual([
      `queueURL: NTH reads one queue, the first of queueArns; it does not read ${QUEUES[1]}.`,
    ]);
    expect(chartValues({ queueArns: QUEUES.slice(0, 1) }).notes).toEqual([]);
  });

  test("builds the queue URL with the domain of the queue's partition", () => {
    const queue = `arn:aws-cn:sqs:cn-northwest-1:${ACCOUNT}:nth-queue`;
    const { values } = chartValues(
      { queueArns: [queue] },
      { cluster: 'my-cluster', region: 'cn-northwest-1', partition: 'aws-cn' },
    );
    expect(values).toMatchObject({
      awsRegion: 'cn-northwest-1',
      queueURL: `https://sqs.cn-northwest-1.amazonaws.com.cn/${ACCOUNT}/nth-queue`,
    });
  });

  test('sets nothing for heartbeats, and notes that heartbeatInterval turns them on', () => {
    const { values, notes } = chartValues({ queueArns: QUEUES.slice(0, 1), heartbeats: true });
    expect(Object.keys(values)).not.toContain('heartbeatInterval');
    expect(notes).toEqual([
      expect.stringMatching(/^heartbeatInterval: set it \(30-3600 seconds\)/),
    ]);
  });

  test('says which features need more than the role allows', () => {
    expect(awsNodeTerminationHandler.source.limits).toEqual([
      expect.stringContaining('heartbeats: true'),
      expect.stringContaining('kms:Decrypt'),
    ]);
  });
});
