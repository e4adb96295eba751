import { awsStackName, clustersWithWorkloads, workloadStackName } from '../../model/stack-names';
import { WORKSPACE_NAME_MAX } from '../../core/quotas';
import { Association } from '../../model/model';

type Placed = Pick<Association, 'cluster' | 'kubernetes'>;

function cluster(name: string) {
  return { name };
}

function associationOn(clusterName: string, withObjects: boolean): Placed {
  const objects = { createNamespace: true, deployment: undefined, verificationJob: undefined };
  return { cluster: clusterName, kubernetes: withObjects ? objects : undefined };
}

function identityWith(_name: string, associations: Placed[]) {
  return { associations };
}

describe('stack names', () => {
  it('names the AWS stack after the environment', () => {
    expect(awsStackName('default')).toBe('pod-identity-default-aws');
  });

  it('names a workload stack after the environment and the cluster', () => {
    expect(workloadStackName('prod', 'blue')).toBe('pod-identity-prod-workload-blue');
  });

  it("uses Terraform Cloud's limit of 90 characters for workspace names", () => {
    expect(WORKSPACE_NAME_MAX).toBe(90);
  });
});

describe('clustersWithWorkloads', () => {
  it('keeps the clusters where some association creates Kubernetes objects, in configured order', () => {
    // GIVEN three clusters: objects on green and blue (twice), none on red
    const clusters = [cluster('blue'), cluster('red'), cluster('green')];
    const identities = [
      identityWith('a', [associationOn('green', true), associationOn('red', false)]),
      identityWith('b', [associationOn('blue', true), associationOn('blue', true)]),
    ];

    // WHEN / THEN
    expect(clustersWithWorkloads(clusters, identities)).toEqual([
      cluster('blue'),
      cluster('green'),
    ]);
  });

  it('keeps no cluster when no association creates Kubernetes objects', () => {
    expect(
      clustersWithWorkloads([cluster('blue')], [identityWith('a', [associationOn('blue', false)])]),
    ).toEqual([]);
  });
});
