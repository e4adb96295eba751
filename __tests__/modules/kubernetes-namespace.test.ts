import { KubernetesNamespace } from '../../modules/kubernetes-namespace';
import { blocksOfType, synthConstruct } from '../support/construct-testing';

describe('KubernetesNamespace', () => {
  test('creates a namespace with the given name and nothing else', () => {
    const { json } = synthConstruct((scope) => {
      new KubernetesNamespace(scope, 'reports', { name: 'reports-prod' });
    });
    expect(blocksOfType(json, 'resource', 'kubernetes_namespace_v1')).toEqual({
      reports: { metadata: { name: 'reports-prod' } },
    });
  });

  test('keeps its construct id as its Terraform name, as the resource it extends would', () => {
    // The resource is the construct itself, not a child: no "_namespace_<hash>" suffix.
    const { json } = synthConstruct((scope) => {
      new KubernetesNamespace(scope, 'team_a', { name: 'team-a' });
      new KubernetesNamespace(scope, 'team_b', { name: 'team-b' });
    });
    expect(Object.keys(blocksOfType(json, 'resource', 'kubernetes_namespace_v1'))).toEqual([
      'team_a',
      'team_b',
    ]);
  });

  test('gives namespaceName as a reference to the name, so that its users are created after it', () => {
    const { resolved } = synthConstruct(
      (scope) => new KubernetesNamespace(scope, 'reports', { name: 'reports-prod' }).namespaceName,
    );
    expect(resolved).toBe('${kubernetes_namespace_v1.reports.metadata[0].name}');
  });
});
