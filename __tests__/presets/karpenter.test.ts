import { policyLength } from '../../core/iam';
import { karpenter } from '../../presets/karpenter';
import {
  ACCOUNT,
  CONTEXT,
  contextIn,
  LONGEST_CLUSTER,
  NODE_ROLES,
  parsed,
  statement,
} from './fixtures';

const defaults = parsed({ name: 'karpenter' });
const documents = karpenter.documents(defaults, CONTEXT);

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
});
