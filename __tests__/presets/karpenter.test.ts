import { policyLength } from '../../core/iam';
import { karpenter } from '../../presets/karpenter';
import { ChartValues } from '../../presets/preset';
import {
  ACCOUNT,
  CONTEXT,
  contextIn,
  LONGEST_CLUSTER,
  NODE_ROLES,
  parsed,
  statement,
  valuesOf,
} from './fixtures';

const defaults = parsed({ name: 'karpenter' });
const documents = karpenter.documents(defaults, CONTEXT);

/** The values and notes of the values file for my-cluster in us-east-1. */
function chartValues(settings: Record<string, unknown>): ChartValues {
  const values = karpenter.values?.(parsed({ name: 'karpenter', ...settings }), {
    cluster: 'my-cluster',
    region: 'us-east-1',
    partition: 'aws',
  });
  if (values === undefined) throw new Error('karpenter has no values');
  return values;
}

describe('karpenter', () => {
  test('attaches no AWS-managed policy and splits its policy as the template does', () => {
    expect(karpenter.managedPolicies(defaults)).toEqual([]);
    expect(documents.map((d) => d.id)).toEqual([
      'node-lifecycle',
      'iam-integration',
      'eks-integration',
      'interruption',
      'zonal-shift',
      'resource-discovery',
    ]);
    expect(documents.map((d) => d.statements.map((s) => s.sid))).toEqual([
      [
        'AllowScopedEC2InstanceAccessActions',
        'AllowScopedEC2LaunchTemplateAccessActions',
        'AllowScopedEC2InstanceActionsWithTags',
        'AllowScopedResourceCreationTagging',
        'AllowScopedResourceTagging',
        'AllowScopedDeletion',
      ],
      [
        'AllowPassingInstanceRole',
        'AllowScopedInstanceProfileCreationActions',
        'AllowScopedInstanceProfileTagActions',
        'AllowScopedInstanceProfileActions',
      ],
      ['AllowAPIServerEndpointDiscovery'],
      ['AllowInterruptionQueueActions'],
      ['AllowZonalShiftStatusReadOnly'],
      [
        'AllowRegionalReadActions',
        'AllowSSMReadActions',
        'AllowPricingReadActions',
        'AllowUnscopedInstanceProfileListAction',
        'AllowInstanceProfileReadActions',
      ],
    ]);
  });

  test('defaults to the cluster the identity is associated on, its node role and its queue', () => {
    expect(statement(documents, 'AllowPassingInstanceRole')).toEqual({
      sid: 'AllowPassingInstanceRole',
      effect: 'Allow',
      actions: ['iam:PassRole'],
      resources: [`arn:aws:iam::${ACCOUNT}:role/KarpenterNodeRole-my-cluster`],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'iam:PassedToService',
          values: ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn'],
        },
      ],
    });
    expect(statement(documents, 'AllowInterruptionQueueActions')).toEqual({
      sid: 'AllowInterruptionQueueActions',
      effect: 'Allow',
      actions: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      resources: [`arn:aws:sqs:us-east-1:${ACCOUNT}:my-cluster`],
    });
    expect(statement(documents, 'AllowAPIServerEndpointDiscovery').resources).toEqual([
      `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/my-cluster`,
    ]);
  });

  test('launches only into the region, with the cluster and node pool tags', () => {
    expect(statement(documents, 'AllowScopedEC2InstanceAccessActions').resources).toEqual([
      'arn:aws:ec2:us-east-1::image/*',
      'arn:aws:ec2:us-east-1::snapshot/*',
      'arn:aws:ec2:us-east-1:*:security-group/*',
      'arn:aws:ec2:us-east-1:*:subnet/*',
      'arn:aws:ec2:us-east-1:*:capacity-reservation/*',
      'arn:aws:ec2:us-east-1:*:placement-group/*',
    ]);
    expect(statement(documents, 'AllowScopedEC2InstanceActionsWithTags')).toEqual({
      sid: 'AllowScopedEC2InstanceActionsWithTags',
      effect: 'Allow',
      actions: ['ec2:RunInstances', 'ec2:CreateFleet', 'ec2:CreateLaunchTemplate'],
      resources: [
        'arn:aws:ec2:us-east-1:*:fleet/*',
        'arn:aws:ec2:us-east-1:*:instance/*',
        'arn:aws:ec2:us-east-1:*:volume/*',
        'arn:aws:ec2:us-east-1:*:network-interface/*',
        'arn:aws:ec2:us-east-1:*:launch-template/*',
        'arn:aws:ec2:us-east-1:*:spot-instances-request/*',
      ],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'aws:RequestTag/kubernetes.io/cluster/my-cluster',
          values: ['owned'],
        },
        {
          test: 'StringEquals',
          variable: 'aws:RequestTag/eks:eks-cluster-name',
          values: ['my-cluster'],
        },
        { test: 'StringLike', variable: 'aws:RequestTag/karpenter.sh/nodepool', values: ['*'] },
      ],
    });
    expect(statement(documents, 'AllowScopedResourceTagging').conditions).toEqual([
      {
        test: 'StringEquals',
        variable: 'aws:ResourceTag/kubernetes.io/cluster/my-cluster',
        values: ['owned'],
      },
      { test: 'StringLike', variable: 'aws:ResourceTag/karpenter.sh/nodepool', values: ['*'] },
      {
        test: 'StringEqualsIfExists',
        variable: 'aws:RequestTag/eks:eks-cluster-name',
        values: ['my-cluster'],
      },
      {
        test: 'ForAllValues:StringEquals',
        variable: 'aws:TagKeys',
        values: ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'],
      },
    ]);
    expect(statement(documents, 'AllowScopedDeletion')).toMatchObject({
      actions: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      resources: [
        'arn:aws:ec2:us-east-1:*:instance/*',
        'arn:aws:ec2:us-east-1:*:launch-template/*',
      ],
    });
  });

  test('tags instance profiles with the cluster and the region', () => {
    expect(statement(documents, 'AllowScopedInstanceProfileTagActions')).toEqual({
      sid: 'AllowScopedInstanceProfileTagActions',
      effect: 'Allow',
      actions: ['iam:TagInstanceProfile'],
      resources: [`arn:aws:iam::${ACCOUNT}:instance-profile/*`],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'aws:ResourceTag/kubernetes.io/cluster/my-cluster',
          values: ['owned'],
        },
        {
          test: 'StringEquals',
          variable: 'aws:ResourceTag/topology.kubernetes.io/region',
          values: ['us-east-1'],
        },
        {
          test: 'StringEquals',
          variable: 'aws:RequestTag/kubernetes.io/cluster/my-cluster',
          values: ['owned'],
        },
        {
          test: 'StringEquals',
          variable: 'aws:RequestTag/eks:eks-cluster-name',
          values: ['my-cluster'],
        },
        {
          test: 'StringEquals',
          variable: 'aws:RequestTag/topology.kubernetes.io/region',
          values: ['us-east-1'],
        },
        {
          test: 'StringLike',
          variable: 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass',
          values: ['*'],
        },
        {
          test: 'StringLike',
          variable: 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass',
          values: ['*'],
        },
      ],
    });
  });

  test('reads only in its region, the public AMI parameters and the zonal shift of its cluster', () => {
    expect(statement(documents, 'AllowRegionalReadActions').conditions).toEqual([
      { test: 'StringEquals', variable: 'aws:RequestedRegion', values: ['us-east-1'] },
    ]);
    expect(statement(documents, 'AllowRegionalReadActions').actions).toHaveLength(11);
    expect(statement(documents, 'AllowSSMReadActions').resources).toEqual([
      'arn:aws:ssm:us-east-1::parameter/aws/service/*',
    ]);
    expect(statement(documents, 'AllowZonalShiftStatusReadOnly')).toEqual({
      sid: 'AllowZonalShiftStatusReadOnly',
      effect: 'Allow',
      actions: ['arc-zonal-shift:GetManagedResource'],
      resources: ['*'],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'arc-zonal-shift:ResourceIdentifier',
          values: [`arn:aws:eks:us-east-1:${ACCOUNT}:cluster/my-cluster`],
        },
      ],
    });
  });

  test('takes the cluster, node roles and queue given, over the association', () => {
    const given = karpenter.documents(
      parsed({
        name: 'karpenter',
        clusterName: 'prod',
        nodeRoleArns: NODE_ROLES,
        interruptionQueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:karpenter-interruptions`,
      }),
      { ...CONTEXT, clusters: ['other'] },
    );
    expect(statement(given, 'AllowPassingInstanceRole').resources).toEqual(NODE_ROLES);
    expect(statement(given, 'AllowInterruptionQueueActions').resources).toEqual([
      `arn:aws:sqs:us-east-1:${ACCOUNT}:karpenter-interruptions`,
    ]);
    expect(statement(given, 'AllowAPIServerEndpointDiscovery').resources).toEqual([
      `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`,
    ]);
    expect(JSON.stringify(given)).not.toContain('other');
  });

  test('builds its ARNs with the account as Terraform gives it', () => {
    const reference = '${data.aws_caller_identity.current.account_id}';
    const built = karpenter.documents(defaults, { ...CONTEXT, accountId: reference });
    expect(statement(built, 'AllowInstanceProfileReadActions').resources).toEqual([
      `arn:aws:iam::${reference}:instance-profile/*`,
    ]);
    expect(statement(built, 'AllowInterruptionQueueActions').resources).toEqual([
      `arn:aws:sqs:us-east-1:${reference}:my-cluster`,
    ]);
  });

  test('keeps every document within 6,144 characters with a 100-character cluster name', () => {
    const longest = karpenter.documents(
      parsed({ name: 'karpenter', clusterName: LONGEST_CLUSTER }),
      contextIn('aws-us-gov', 'us-gov-west-1'),
    );
    const sizes = longest.map((d) => policyLength(d.statements));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6144);
    // Merged into one, they would not fit: the reason the template splits them.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(6144);
  });

  test('refuses to build without a cluster', () => {
    expect(() => karpenter.documents(defaults, { ...CONTEXT, clusters: [] })).toThrow(
      'the karpenter preset needs a cluster',
    );
  });

  test('leaves out the Interruption and ZonalShift policies when the chart does not use them', () => {
    const ids = (settings: Record<string, unknown>) =>
      karpenter.documents(parsed({ name: 'karpenter', ...settings }), CONTEXT).map((d) => d.id);
    const all = documents.map((d) => d.id);
    expect(all).toEqual([
      'node-lifecycle',
      'iam-integration',
      'eks-integration',
      'interruption',
      'zonal-shift',
      'resource-discovery',
    ]);
    expect(ids({ interruption: false })).toEqual(all.filter((id) => id !== 'interruption'));
    expect(ids({ zonalShift: false })).toEqual(all.filter((id) => id !== 'zonal-shift'));
    expect(ids({ interruption: false, zonalShift: false })).toEqual([
      'node-lifecycle',
      'iam-integration',
      'eks-integration',
      'resource-discovery',
    ]);
    // Nothing else reads a queue or zonal shifts.
    const actions = karpenter
      .documents(parsed({ name: 'karpenter', interruption: false, zonalShift: false }), CONTEXT)
      .flatMap((d) => d.statements.flatMap((s) => s.actions));
    expect(actions.filter((a) => a.startsWith('sqs:') || a.startsWith('arc-zonal-shift:'))).toEqual(
      [],
    );
  });

  test("tells the chart the guide's cluster, queue and zonal shift by default", () => {
    expect(valuesOf(karpenter, defaults)).toEqual({
      settings: {
        clusterName: 'my-cluster',
        interruptionQueue: 'my-cluster',
        enableZonalShift: true,
      },
    });
  });

  test('names the cluster given, and the queue given by its name, which Karpenter looks up', () => {
    expect(
      valuesOf(
        karpenter,
        parsed({
          name: 'karpenter',
          clusterName: 'prod',
          interruptionQueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:karpenter-interruptions`,
        }),
        'prod',
      ),
    ).toEqual({
      settings: {
        clusterName: 'prod',
        interruptionQueue: 'karpenter-interruptions',
        enableZonalShift: true,
      },
    });
  });

  test('turns interruption handling off in the chart when the role reads no queue', () => {
    expect(valuesOf(karpenter, parsed({ name: 'karpenter', interruption: false }))).toMatchObject({
      settings: { interruptionQueue: '' },
    });
  });

  test.each([true, false])(
    'keeps settings.enableZonalShift and the ZonalShift policy in step (zonalShift %s): a mismatch panics at start',
    (zonalShift) => {
      const settings = parsed({ name: 'karpenter', zonalShift });
      const ids = karpenter.documents(settings, CONTEXT).map((d) => d.id);
      expect(valuesOf(karpenter, settings)).toMatchObject({
        settings: { enableZonalShift: zonalShift },
      });
      expect(ids.includes('zonal-shift')).toBe(zonalShift);
    },
  );

  test('notes that zonal shift must be enabled on the cluster, only when Karpenter checks it', () => {
    expect(chartValues({}).notes).toEqual([
      expect.stringMatching(/^settings\.enableZonalShift: Karpenter panics at start unless/),
    ]);
    expect(chartValues({ zonalShift: false }).notes).toEqual([]);
  });

  test('notes a queue in another region, which Karpenter cannot find by its name', () => {
    const notes = chartValues({
      interruptionQueueArn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:karpenter-interruptions`,
      zonalShift: false,
    }).notes;
    expect(notes).toEqual([
      'settings.interruptionQueue: Karpenter looks karpenter-interruptions up by name in us-east-1, but interruptionQueueArn is in eu-west-1: it will not find it.',
    ]);
  });

  test('says which features need more than the role allows', () => {
    expect(karpenter.source.limits).toEqual([
      expect.stringContaining('amiSelectorTerms[].ssmParameter'),
      expect.stringContaining('nodeRoleArns'),
      expect.stringContaining('kms:Decrypt'),
    ]);
  });
});
