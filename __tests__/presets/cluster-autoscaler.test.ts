import { clusterAutoscaler } from '../../presets/cluster-autoscaler';
import {
  actionsOf,
  CLUSTERS,
  conditionsOf,
  CONTEXT,
  LONGEST_CLUSTER,
  parsed,
  resourcesOf,
  valuesOf,
} from './fixtures';

/**
 * Cluster Autoscaler: what its role allows, and what its chart is told. The
 * whole document is pinned by the published-policy comparison and the
 * snapshot; these assert the properties each setting is for.
 */
describe('cluster-autoscaler', () => {
  const SCALE = [
    'autoscaling:SetDesiredCapacity',
    'autoscaling:TerminateInstanceInAutoScalingGroup',
  ];
  const defaults = clusterAutoscaler.documents(parsed({ name: 'cluster-autoscaler' }), CONTEXT);
  const scoped = clusterAutoscaler.documents(
    parsed({ name: 'cluster-autoscaler', clusterNames: ['prod', 'staging'] }),
    CONTEXT,
  );

  test('attaches no AWS-managed policy', () => {
    expect(clusterAutoscaler.managedPolicies(parsed({ name: 'cluster-autoscaler' }))).toEqual([]);
  });

  test('scales every Auto Scaling group by default, as the README publishes it', () => {
    for (const action of SCALE) {
      expect(resourcesOf(defaults, action)).toEqual([['*']]);
      expect(conditionsOf(defaults, action)).toEqual([[]]);
    }
  });

  test('with clusterNames, scales only the groups tagged owned by one of them, one statement each', () => {
    for (const action of SCALE) {
      expect(conditionsOf(scoped, action)).toEqual([
        ['StringEquals autoscaling:ResourceTag/k8s.io/cluster-autoscaler/prod=owned'],
        ['StringEquals autoscaling:ResourceTag/k8s.io/cluster-autoscaler/staging=owned'],
      ]);
    }
  });

  test('keeps the read actions, which have no resource type, on * whatever the parameters', () => {
    expect(resourcesOf(scoped, 'autoscaling:DescribeAutoScalingGroups')).toEqual([['*']]);
    expect(new Set(actionsOf(scoped))).toEqual(new Set(actionsOf(defaults)));
  });

  test('takes a cluster name as long as EKS allows in the tag key', () => {
    const documents = clusterAutoscaler.documents(
      parsed({ name: 'cluster-autoscaler', clusterNames: CLUSTERS }),
      CONTEXT,
    );
    expect(conditionsOf(documents, 'autoscaling:SetDesiredCapacity').at(-1)).toEqual([
      `StringEquals autoscaling:ResourceTag/k8s.io/cluster-autoscaler/${LONGEST_CLUSTER}=owned`,
    ]);
  });

  test('sits where the chart puts it for release cluster-autoscaler: <release>-aws-cluster-autoscaler', () => {
    expect(clusterAutoscaler.placement).toEqual({
      namespace: 'kube-system',
      serviceAccounts: ['cluster-autoscaler-aws-cluster-autoscaler'],
    });
  });

  test("tells the chart its cluster and region, and runs the preset's release", () => {
    expect(valuesOf(clusterAutoscaler, parsed({ name: 'cluster-autoscaler' }), 'blue')).toEqual({
      cloudProvider: 'aws',
      awsRegion: 'us-east-1',
      autoDiscovery: { clusterName: 'blue' },
    });
    expect(clusterAutoscaler.chart).toMatchObject({ image: { key: 'image.tag', tag: 'v1.36.1' } });
  });

  test('with clusterNames, discovers only the groups the role may scale: tagged owned', () => {
    expect(
      valuesOf(
        clusterAutoscaler,
        parsed({ name: 'cluster-autoscaler', clusterNames: ['blue'] }),
        'blue',
      ),
    ).toEqual({
      cloudProvider: 'aws',
      awsRegion: 'us-east-1',
      autoDiscovery: {
        clusterName: 'blue',
        tags: ['k8s.io/cluster-autoscaler/enabled', 'k8s.io/cluster-autoscaler/blue=owned'],
      },
    });
  });
});
