import { KubernetesNamespace } from '../../modules/kubernetes-namespace';
import { WorkloadServiceAccount } from '../../modules/workload-service-account';
import { blocksOfType, onlyBlock, synthConstruct } from '../support/construct-testing';

describe('WorkloadServiceAccount', () => {
  test('creates the service account in its namespace, keeping its construct id as its Terraform name', () => {
    const { json } = synthConstruct((scope) => {
      new WorkloadServiceAccount(scope, 'reader', { name: 'reports-reader', namespace: 'reports' });
    });
    expect(blocksOfType(json, 'resource', 'kubernetes_service_account_v1')).toEqual({
      reader: { metadata: { name: 'reports-reader', namespace: 'reports' } },
    });
  });

  test('writes no annotations at all: no IRSA eks.amazonaws.com/role-arn, Pod Identity maps it in EKS', () => {
    const { json, synthesized } = synthConstruct((scope) => {
      new WorkloadServiceAccount(scope, 'reader', { name: 'reader', namespace: 'reports' });
    });
    const { body } = onlyBlock(json, 'resource', 'kubernetes_service_account_v1');
    expect(body.metadata).not.toHaveProperty('annotations');
    expect(synthesized).not.toContain('eks.amazonaws.com/role-arn');
  });

  test('takes a namespace reference as it is, so that it is created after the namespace', () => {
    const { json } = synthConstruct((scope) => {
      const namespace = new KubernetesNamespace(scope, 'reports', { name: 'reports' });
      new WorkloadServiceAccount(scope, 'reader', {
        name: 'reader',
        namespace: namespace.namespaceName,
      });
    });
    expect(onlyBlock(json, 'resource', 'kubernetes_service_account_v1').body.metadata).toEqual({
      name: 'reader',
      namespace: '${kubernetes_namespace_v1.reports.metadata[0].name}',
    });
  });

  test('gives serviceAccountName as a reference to the name, so that pods are created after it', () => {
    const { resolved } = synthConstruct(
      (scope) =>
        new WorkloadServiceAccount(scope, 'reader', { name: 'reader', namespace: 'reports' })
          .serviceAccountName,
    );
    expect(resolved).toBe('${kubernetes_service_account_v1.reader.metadata[0].name}');
  });
});
