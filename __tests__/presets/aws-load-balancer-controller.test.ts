import { policyLength } from '../../core/iam';
import { awsLoadBalancerController } from '../../presets/aws-load-balancer-controller';
import { actionsOf, contextIn, CONTEXT, parsed, statement } from './fixtures';

const settings = parsed({ name: 'aws-load-balancer-controller' });
const documents = awsLoadBalancerController.documents(settings, CONTEXT);

const ISO_ONLY_MISSING = [
  'elasticloadbalancing:DescribeTrustStores',
  'elasticloadbalancing:DescribeListenerAttributes',
  'elasticloadbalancing:DescribeCapacityReservation',
  'elasticloadbalancing:ModifyListenerAttributes',
  'elasticloadbalancing:ModifyCapacityReservation',
];

describe('aws-load-balancer-controller', () => {
  test('attaches no AWS-managed policy and creates one document', () => {
    expect(awsLoadBalancerController.managedPolicies(settings)).toEqual([]);
    expect(documents.map((d) => d.id)).toEqual(['controller']);
  });

  test('has the sixteen statements of iam_policy.json, in its order', () => {
    expect(documents[0].statements.map((s) => s.sid)).toEqual([
      'CreateElbServiceLinkedRole',
      'DescribeNetworkAndLoadBalancers',
      'UseCertificatesWafAndShield',
      'ChangeSecurityGroupIngress',
      'CreateSecurityGroups',
      'TagNewSecurityGroups',
      'TagOwnedSecurityGroups',
      'ManageOwnedSecurityGroups',
      'CreateTaggedLoadBalancers',
      'ManageListenersAndRules',
      'TagOwnedLoadBalancers',
      'TagListenersAndRules',
      'ModifyOwnedLoadBalancers',
      'TagNewLoadBalancers',
      'RegisterTargets',
      'ModifyListenersAndRules',
    ]);
    // 86 action entries, 80 distinct actions, as the published file.
    expect(actionsOf(documents)).toHaveLength(86);
    expect(new Set(actionsOf(documents)).size).toBe(80);
  });

  test('creates only the Elastic Load Balancing service-linked role', () => {
    expect(statement(documents, 'CreateElbServiceLinkedRole')).toEqual({
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
    });
  });

  test('tags only security groups it creates with the cluster tag, or that carry it', () => {
    expect(statement(documents, 'TagNewSecurityGroups')).toEqual({
      sid: 'TagNewSecurityGroups',
      effect: 'Allow',
      actions: ['ec2:CreateTags'],
      resources: ['arn:aws:ec2:*:*:security-group/*'],
      conditions: [
        { test: 'StringEquals', variable: 'ec2:CreateAction', values: ['CreateSecurityGroup'] },
        { test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['false'] },
      ],
    });
    expect(statement(documents, 'TagOwnedSecurityGroups').conditions).toEqual([
      { test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['true'] },
      { test: 'Null', variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster', values: ['false'] },
    ]);
    expect(statement(documents, 'ManageOwnedSecurityGroups')).toMatchObject({
      actions: [
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:DeleteSecurityGroup',
      ],
      resources: ['*'],
      conditions: [
        { test: 'Null', variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster', values: ['false'] },
      ],
    });
  });

  test('changes only load balancers and target groups that carry the cluster tag', () => {
    expect(statement(documents, 'CreateTaggedLoadBalancers')).toMatchObject({
      actions: [
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
      ],
      conditions: [
        { test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['false'] },
      ],
    });
    expect(statement(documents, 'ModifyOwnedLoadBalancers').conditions).toEqual([
      { test: 'Null', variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster', values: ['false'] },
    ]);
    expect(statement(documents, 'ModifyOwnedLoadBalancers').actions).toHaveLength(11);
    expect(statement(documents, 'TagNewLoadBalancers')).toEqual({
      sid: 'TagNewLoadBalancers',
      effect: 'Allow',
      actions: ['elasticloadbalancing:AddTags'],
      resources: [
        'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
        'arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*',
        'arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*',
      ],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'elasticloadbalancing:CreateAction',
          values: ['CreateTargetGroup', 'CreateLoadBalancer'],
        },
        { test: 'Null', variable: 'aws:RequestTag/elbv2.k8s.aws/cluster', values: ['false'] },
      ],
    });
    expect(statement(documents, 'TagListenersAndRules').resources).toEqual([
      'arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener/app/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/net/*/*/*',
      'arn:aws:elasticloadbalancing:*:*:listener-rule/app/*/*/*',
    ]);
    expect(statement(documents, 'RegisterTargets').resources).toEqual([
      'arn:aws:elasticloadbalancing:*:*:targetgroup/*/*',
    ]);
  });

  test('builds the China and GovCloud policies by changing the partition only', () => {
    for (const [partition, region] of [
      ['aws-cn', 'cn-north-1'],
      ['aws-us-gov', 'us-gov-east-1'],
      ['aws-eusc', 'eusc-de-east-1'],
    ] as const) {
      const [document] = awsLoadBalancerController.documents(
        settings,
        contextIn(partition, region),
      );
      expect(JSON.stringify(document).replaceAll(`arn:${partition}:`, 'arn:aws:')).toBe(
        JSON.stringify(documents[0]),
      );
    }
  });

  test.each(['aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f'] as const)(
    'leaves out the five actions the %s policy lacks, and nothing else',
    (partition) => {
      const isoDocuments = awsLoadBalancerController.documents(
        settings,
        contextIn(partition, 'us-iso-east-1'),
      );
      const actions = actionsOf(isoDocuments);
      expect(actions.filter((a) => ISO_ONLY_MISSING.includes(a))).toEqual([]);
      expect(actions).toEqual(actionsOf(documents).filter((a) => !ISO_ONLY_MISSING.includes(a)));
      expect(statement(isoDocuments, 'RegisterTargets').resources).toEqual([
        `arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*`,
      ]);
    },
  );

  test('fits one managed policy in every partition, GovCloud being the longest', () => {
    const [govCloud] = awsLoadBalancerController.documents(
      settings,
      contextIn('aws-us-gov', 'us-gov-west-1'),
    );
    expect(policyLength(documents[0].statements)).toBe(5699);
    expect(policyLength(govCloud.statements)).toBe(5790);
  });
});
