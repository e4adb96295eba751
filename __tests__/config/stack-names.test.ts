import {
  awsStackName,
  clustersWithWorkloads,
  workloadStackName,
} from '../../config/schema/stack-names';
import { WORKSPACE_NAME_MAX } from '../../config/schema/quotas';
import { AssociationConfig, ClusterConfig, IdentityConfig } from '../../config/schema/types';

function cluster(name: string): ClusterConfig {
  return { name, kubernetesAuth: { kind: 'ephemeral-token' }, addons: [] };
}

function associationOn(clusterName: string, withObjects: boolean): AssociationConfig {
  return {
    cluster: clusterName,
    namespace: 'app',
    serviceAccount: `sa-${clusterName}`,
    tags: {},
    ...(withObjects && { kubernetes: { createNamespace: true } }),
  };
}

function identityWith(name: string, associations: AssociationConfig[]): IdentityConfig {
  return {
    name,
    role: { name: `eks-pod-identity-${name}`, tags: {} },
    s3: { access: 'none' },
    managedPolicyArns: [],
    statements: [],
    trust: { sourceAccount: false, restrictToAssociations: false },
    associations,
  };
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
