import { policyLength } from '../../core/iam';
import { awsLoadBalancerController } from '../../presets/aws-load-balancer-controller';
import {
  actionsOf,
  conditionsOf,
  contextIn,
  CONTEXT,
  parsed,
  resourcesOf,
  statement,
  valuesOf,
} from './fixtures';

/**
 * The AWS Load Balancer Controller: what its role allows, and what its chart
 * is told. The whole document is pinned by the published-policy comparison
 * (docs/install/iam_policy.json) and the snapshot; these assert the
 * properties each statement and setting is for.
 */

const settings = parsed({ name: 'aws-load-balancer-controller' });
const withNames = parsed({ name: 'aws-load-balancer-controller', wafv2AclNames: true });
const documents = awsLoadBalancerController.documents(settings, CONTEXT);

const ISO_ONLY_MISSING = [
  'elasticloadbalancing:DescribeTrustStores',
  'elasticloadbalancing:DescribeListenerAttributes',
  'elasticloadbalancing:DescribeCapacityReservation',
  'elasticloadbalancing:ModifyListenerAttributes',
  'elasticloadbalancing:ModifyCapacityReservation',
];

const NEW_WITH_CLUSTER_TAG = 'Null aws:RequestTag/elbv2.k8s.aws/cluster=false';
const CARRIES_CLUSTER_TAG = 'Null aws:ResourceTag/elbv2.k8s.aws/cluster=false';
const KEEPS_CLUSTER_TAG = 'Null aws:RequestTag/elbv2.k8s.aws/cluster=true';

describe('aws-load-balancer-controller', () => {
  test('attaches no AWS-managed policy and creates one document', () => {
    expect(awsLoadBalancerController.managedPolicies(settings)).toEqual([]);
    expect(documents.map((d) => d.id)).toEqual(['controller']);
  });

  test('has the sixteen statements of iam_policy.json, and its 80 actions', () => {
    expect(documents[0].statements).toHaveLength(16);
    // 86 action entries, 80 distinct actions, as the published file.
    expect(actionsOf(documents)).toHaveLength(86);
    expect(new Set(actionsOf(documents)).size).toBe(80);
  });

  test('creates only the Elastic Load Balancing service-linked role', () => {
    expect(conditionsOf(documents, 'iam:CreateServiceLinkedRole')).toEqual([
      ['StringEquals iam:AWSServiceName=elasticloadbalancing.amazonaws.com'],
    ]);
  });

  test('tags only security groups it creates with the cluster tag, or that carry it', () => {
    expect(resourcesOf(documents, 'ec2:CreateTags')).toEqual([
      ['arn:aws:ec2:*:*:security-group/*'],
      ['arn:aws:ec2:*:*:security-group/*'],
    ]);
    expect(conditionsOf(documents, 'ec2:CreateTags')).toEqual([
      ['StringEquals ec2:CreateAction=CreateSecurityGroup', NEW_WITH_CLUSTER_TAG],
      [KEEPS_CLUSTER_TAG, CARRIES_CLUSTER_TAG],
    ]);
    expect(conditionsOf(documents, 'ec2:DeleteSecurityGroup')).toEqual([[CARRIES_CLUSTER_TAG]]);
  });

  test('changes only load balancers and target groups that carry the cluster tag', () => {
    for (const action of [
      'elasticloadbalancing:CreateLoadBalancer',
      'elasticloadbalancing:CreateTargetGroup',
    ]) {
      expect(conditionsOf(documents, action)).toEqual([[NEW_WITH_CLUSTER_TAG]]);
    }
    expect(statement(documents, 'ModifyOwnedLoadBalancers').actions).toHaveLength(11);
    for (const action of statement(documents, 'ModifyOwnedLoadBalancers').actions) {
      expect(conditionsOf(documents, action)).toEqual([[CARRIES_CLUSTER_TAG]]);
    }
    expect(conditionsOf(documents, 'elasticloadbalancing:AddTags')).toEqual([
      [KEEPS_CLUSTER_TAG, CARRIES_CLUSTER_TAG],
      [],
      [
        'StringEquals elasticloadbalancing:CreateAction=CreateTargetGroup,CreateLoadBalancer',
        NEW_WITH_CLUSTER_TAG,
      ],
    ]);
    expect(resourcesOf(documents, 'elasticloadbalancing:RegisterTargets')).toEqual([
      ['arn:aws:elasticloadbalancing:*:*:targetgroup/*/*'],
    ]);
  });

  test('does not look WAFv2 web ACLs up by name by default', () => {
    expect(actionsOf(documents)).not.toContain('wafv2:ListWebACLs');
  });

  test('with wafv2AclNames, also lists WAFv2 web ACLs (no resource type), and changes nothing else', () => {
    const named = awsLoadBalancerController.documents(withNames, CONTEXT);
    expect(resourcesOf(named, 'wafv2:ListWebACLs')).toEqual([['*']]);
    expect(conditionsOf(named, 'wafv2:ListWebACLs')).toEqual([[]]);
    expect(named[0].statements.slice(0, -1)).toEqual(documents[0].statements);
  });

  test('builds the China, GovCloud and EU sovereign policies by changing the partition only', () => {
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
      expect(resourcesOf(isoDocuments, 'elasticloadbalancing:RegisterTargets')).toEqual([
        [`arn:${partition}:elasticloadbalancing:*:*:targetgroup/*/*`],
      ]);
    },
  );

  test('fits one managed policy in every partition, GovCloud with wafv2AclNames being the longest', () => {
    const gov = contextIn('aws-us-gov', 'us-gov-west-1');
    const [govCloud] = awsLoadBalancerController.documents(settings, gov);
    const [govCloudNamed] = awsLoadBalancerController.documents(withNames, gov);
    expect(policyLength(documents[0].statements)).toBe(5699);
    expect(policyLength(govCloud.statements)).toBe(5790);
    expect(policyLength(govCloudNamed.statements)).toBeLessThanOrEqual(6144);
  });

  test("tells the chart its cluster (required: the controller's tag) and region", () => {
    expect(valuesOf(awsLoadBalancerController, settings)).toEqual({
      clusterName: 'my-cluster',
      region: 'us-east-1',
    });
    expect(valuesOf(awsLoadBalancerController, settings, 'staging')).toMatchObject({
      clusterName: 'staging',
    });
  });

  test('says the VPC must be given when the pods cannot reach the instance metadata', () => {
    const notes = awsLoadBalancerController.values?.(settings, {
      cluster: 'my-cluster',
      region: 'us-east-1',
      partition: 'aws',
    }).notes;
    expect(notes?.join(' ')).toMatch(/vpcId \(or vpcTags\)/);
  });

  test('names each opt-in feature its role does not allow, with what to do', () => {
    const limits = awsLoadBalancerController.source.limits.join('\n');
    for (const feature of [
      'wafv2-acl-name',
      'EnableRGTAPI',
      'EnableCertificateManagement',
      'GlobalAcceleratorController',
      'iamRoleArnToAssume',
    ]) {
      expect(limits).toContain(feature);
    }
  });
});
