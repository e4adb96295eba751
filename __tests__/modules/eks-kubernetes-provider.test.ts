import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { EksKubernetesProvider, EksKubernetesAuth } from '../../modules/eks-kubernetes-provider';
import { blocksOfType, onlyBlock, synthConstruct } from '../support/construct-testing';

function provider(auth?: EksKubernetesAuth) {
  return synthConstruct((scope) => {
    new EksKubernetesProvider(scope, 'kubernetes', {
      clusterName: 'blue',
      region: 'eu-west-1',
      auth,
    });
  });
}

describe('EksKubernetesProvider', () => {
  test('by default, reads the cluster and takes an ephemeral token that stays out of state', () => {
    const { json } = provider();
    const cluster = onlyBlock(json, 'data', 'aws_eks_cluster');
    const auth = onlyBlock(json, 'ephemeral', 'aws_eks_cluster_auth');
    expect(cluster.body).toEqual({ name: 'blue' });
    expect(auth.body).toEqual({ name: 'blue' });
    expect(json.provider?.kubernetes).toEqual([
      {
        host: `\${data.aws_eks_cluster.${cluster.name}.endpoint}`,
        cluster_ca_certificate: `\${base64decode(data.aws_eks_cluster.${cluster.name}.certificate_authority[0].data)}`,
        token: `\${ephemeral.aws_eks_cluster_auth.${auth.name}.token}`,
      },
    ]);
    expect(json.terraform?.required_version).toBe('>= 1.10.0');
  });

  test('with exec, runs aws eks get-token for the cluster and region, and writes no token', () => {
    const { json, synthesized } = provider({ kind: 'exec' });
    expect(synthesized).toHaveProviderWithProperties(KubernetesProvider, {
      exec: [
        {
          api_version: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: [
            'eks',
            'get-token',
            '--cluster-name',
            'blue',
            '--region',
            'eu-west-1',
            '--output',
            'json',
          ],
        },
      ],
    });
    expect(json.provider?.kubernetes[0]).not.toHaveProperty('token');
    expect(blocksOfType(json, 'ephemeral', 'aws_eks_cluster_auth')).toEqual({});
    expect(onlyBlock(json, 'data', 'aws_eks_cluster').body).toEqual({ name: 'blue' });
  });

  test('with a kubeconfig, writes its path and context and reads nothing from AWS', () => {
    const { json } = provider({ kind: 'kubeconfig', path: '~/.kube/config', context: 'blue' });
    expect(json.provider?.kubernetes).toEqual([
      { config_path: '~/.kube/config', config_context: 'blue' },
    ]);
    expect(json.data).toBeUndefined();
    expect(json.ephemeral).toBeUndefined();
  });

  test("with a kubeconfig and no context, leaves the choice to the file's current context", () => {
    const { json } = provider({ kind: 'kubeconfig', path: '/etc/kubeconfig' });
    expect(json.provider?.kubernetes).toEqual([{ config_path: '/etc/kubeconfig' }]);
  });
});
