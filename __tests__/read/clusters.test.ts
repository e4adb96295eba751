import { inFile } from '../../core/origin';
import {
  read,
  problemsOf,
  oneIdentity,
  oneAssociation,
  firstIdentity,
  EKS_CLUSTER_NAME,
} from './reading';

describe('readConfig: clusters', () => {
  it('reads the agent add-on as true, as an object, or leaves it out', () => {
    const config = read({
      clusters: [
        { name: 'blue', podIdentityAgent: true },
        {
          name: 'green',
          podIdentityAgent: { version: 'v1.3.4-eksbuild.1', resolveConflictsOnUpdate: 'PRESERVE' },
        },
        { name: 'red', podIdentityAgent: false },
      ],
    });

    // The agent takes over one installed by hand, and stays when Terraform deletes it.
    const agent = { resolveConflictsOnCreate: 'OVERWRITE', preserve: true };
    expect(config.clusters.map((c) => c.podIdentityAgent)).toStrictEqual([
      { ...agent, version: undefined, resolveConflictsOnUpdate: 'OVERWRITE' },
      { ...agent, version: 'v1.3.4-eksbuild.1', resolveConflictsOnUpdate: 'PRESERVE' },
      undefined,
    ]);
    expect(config.clusters.map((c) => c.origin)).toStrictEqual([
      inFile('clusters', 0),
      inFile('clusters', 1),
      inFile('clusters', 2),
    ]);
  });

  it('reads the Kubernetes auth: exec, kubeconfig at its default path, kubeconfig with path and context', () => {
    const config = read({
      clusters: [
        { name: 'blue', kubernetes: { auth: 'exec' } },
        { name: 'green', kubernetes: { auth: 'kubeconfig' } },
        {
          name: 'red',
          kubernetes: {
            auth: 'kubeconfig',
            kubeconfigPath: '/etc/kube/red',
            kubeconfigContext: 'red-admin',
          },
        },
      ],
    });

    expect(config.clusters.map((c) => c.kubernetesAuth)).toStrictEqual([
      { kind: 'exec' },
      { kind: 'kubeconfig', path: '~/.kube/config', context: undefined },
      { kind: 'kubeconfig', path: '/etc/kube/red', context: 'red-admin' },
    ]);
  });

  it('gives the tutorial identity to the first cluster when no identity is configured', () => {
    const config = read({ clusters: [{ name: 'blue' }, { name: 'green' }] });

    expect(firstIdentity(config).associations.map((a) => a.cluster)).toEqual(['blue']);
  });

  it('refuses a cluster name that is not an EKS cluster name', () => {
    expect(problemsOf({ clusters: [{ name: 'prod cluster' }] })).toEqual([
      `clusters[0].name: "prod cluster" is not ${EKS_CLUSTER_NAME}`,
    ]);
  });

  it('refuses a cluster name of 101 characters and accepts 100', () => {
    expect(problemsOf({ clusters: [{ name: 'c'.repeat(101) }] })).toEqual([
      `clusters[0].name: "${'c'.repeat(101)}" is not ${EKS_CLUSTER_NAME}`,
    ]);
    expect(read({ clusters: [{ name: 'c'.repeat(100) }] }).clusters[0].name).toBe('c'.repeat(100));
  });

  it('reports a bad cluster name once, without failing the associations that use the only cluster', () => {
    // GIVEN one cluster with a bad name and an association that relies on it being the only one
    const file = oneIdentity({}, { clusters: [{ name: 'prod cluster' }] });

    expect(problemsOf(file)).toEqual([
      `clusters[0].name: "prod cluster" is not ${EKS_CLUSTER_NAME}`,
    ]);
  });

  it('refuses a cluster without a name', () => {
    expect(problemsOf({ clusters: [{ podIdentityAgent: true }] })).toEqual([
      'clusters[0].name: is required',
    ]);
  });

  it('refuses an empty cluster list', () => {
    expect(problemsOf({ clusters: [] })).toEqual([
      "clusters: [] is empty: list at least one cluster, or leave clusters out for the tutorial's",
    ]);
  });

  it('refuses the same cluster name twice', () => {
    const file = oneAssociation(
      { cluster: 'blue' },
      { clusters: [{ name: 'blue' }, { name: 'blue' }] },
    );

    expect(problemsOf(file)).toEqual([
      'clusters[1].name: "blue" is also the cluster name of clusters[0].name: each cluster name must be unique',
    ]);
  });

  it('refuses an add-on version that is not an EKS build', () => {
    const file = { clusters: [{ name: 'example', podIdentityAgent: { version: '1.3.4' } }] };

    expect(problemsOf(file)).toEqual([
      'clusters[0].podIdentityAgent.version: "1.3.4" is not an add-on version (such as \'v1.3.4-eksbuild.1\')',
    ]);
  });

  it('refuses kubeconfigPath and kubeconfigContext unless auth is kubeconfig', () => {
    const file = {
      clusters: [
        {
          name: 'example',
          kubernetes: { auth: 'exec', kubeconfigPath: '~/.kube/prod', kubeconfigContext: 'prod' },
        },
      ],
    };

    expect(problemsOf(file)).toEqual([
      'clusters[0].kubernetes.kubeconfigPath: only applies when auth is "kubeconfig"',
      'clusters[0].kubernetes.kubeconfigContext: only applies when auth is "kubeconfig"',
    ]);
  });

  it('refuses kubeconfigPath when auth is left at its default', () => {
    const file = {
      clusters: [{ name: 'example', kubernetes: { kubeconfigPath: '~/.kube/prod' } }],
    };

    expect(problemsOf(file)).toEqual([
      'clusters[0].kubernetes.kubeconfigPath: only applies when auth is "kubeconfig"',
    ]);
  });
});
