import { clusterAutoscaler } from '../../presets/cluster-autoscaler';
import { CLUSTERS, CONTEXT, LONGEST_CLUSTER, parsed } from './fixtures';

const DESCRIBE = {
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
};
const SCALE = ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'];

describe('cluster-autoscaler', () => {
  test('attaches no AWS-managed policy', () => {
    expect(clusterAutoscaler.managedPolicies(parsed({ name: 'cluster-autoscaler' }))).toEqual([]);
  });

  test("is the README's recommended policy, unscoped, by default", () => {
    expect(clusterAutoscaler.documents(parsed({ name: 'cluster-autoscaler' }), CONTEXT)).toEqual([
      {
        id: 'autoscaling',
        description: 'Cluster Autoscaler 1.36.1: discover and scale Auto Scaling groups',
        statements: [
          DESCRIBE,
          { sid: 'ScaleGroups', effect: 'Allow', actions: SCALE, resources: ['*'] },
        ],
      },
    ]);
  });

  test('scales only groups owned by one of the clusters given, one statement per cluster', () => {
    const [document] = clusterAutoscaler.documents(
      parsed({ name: 'cluster-autoscaler', clusterNames: ['prod', 'staging'] }),
      CONTEXT,
    );
    expect(document.statements).toEqual([
      DESCRIBE,
      {
        sid: 'ScaleGroupsOfCluster1',
        effect: 'Allow',
        actions: SCALE,
        resources: ['*'],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod',
            values: ['owned'],
          },
        ],
      },
      {
        sid: 'ScaleGroupsOfCluster2',
        effect: 'Allow',
        actions: SCALE,
        resources: ['*'],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'autoscaling:ResourceTag/k8s.io/cluster-autoscaler/staging',
            values: ['owned'],
          },
        ],
      },
    ]);
  });

  test('takes a cluster name as long as EKS allows in the tag key', () => {
    const [document] = clusterAutoscaler.documents(
      parsed({ name: 'cluster-autoscaler', clusterNames: CLUSTERS }),
      CONTEXT,
    );
    expect(document.statements).toHaveLength(1 + CLUSTERS.length);
    expect(document.statements[CLUSTERS.length].conditions?.[0].variable).toBe(
      `autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${LONGEST_CLUSTER}`,
    );
  });

  test('says in its deviations that the tag condition is not published', () => {
    expect(clusterAutoscaler.source.deviations).toHaveLength(1);
    expect(clusterAutoscaler.source.deviations[0]).toMatch(/prose/);
  });
});
