import { parse as parseYaml } from 'yaml';
import { helmValuesFiles } from '../../policy/helm-values';
import { configOf } from '../support/synth';

/** The Helm values synth writes for each identity with a preset, cluster by cluster. */

const ZONE = 'arn:aws:route53:::hostedzone/Z0123456789EXAMPLE';
const TWO_CLUSTERS = [{ name: 'blue' }, { name: 'green' }];

const filesOf = (file: object) => helmValuesFiles(configOf(file));

describe('helm values files', () => {
  test('one per identity with a preset and cluster it is associated on, at helm-values/<cluster>/<identity>.yaml', () => {
    const files = filesOf({
      clusters: TWO_CLUSTERS,
      identities: [
        { name: 'dns', preset: { name: 'external-dns' } },
        { name: 'app', associations: [{ cluster: 'blue', namespace: 'a', serviceAccount: 'b' }] },
      ],
    });

    expect(files.map((f) => f.path)).toEqual([
      'helm-values/blue/dns.yaml',
      'helm-values/green/dns.yaml',
    ]);
  });

  test("names the association's service account, created, with no IRSA annotation", () => {
    const [file] = filesOf({ identities: [{ name: 'dns', preset: { name: 'external-dns' } }] });

    expect(parseYaml(file.yaml)).toEqual({
      serviceAccount: {
        name: 'external-dns',
        create: true,
        annotations: { 'eks.amazonaws.com/role-arn': null },
      },
      // No released chart ships v0.22.0: the values run the preset's release.
      image: { tag: 'v0.22.0' },
    });
  });

  test('follows an association that moves the controller to another namespace and service account', () => {
    const [file] = filesOf({
      identities: [
        {
          name: 'dns',
          preset: { name: 'external-dns' },
          associations: [{ namespace: 'dns', serviceAccount: 'edns' }],
        },
      ],
    });

    expect(file.namespace).toBe('dns');
    expect(parseYaml(file.yaml).serviceAccount.name).toBe('edns');
    expect(file.yaml).toContain('--namespace dns --create-namespace');
  });

  test("adds what the preset's scoping parameters require of the controller", () => {
    const [file] = filesOf({
      identities: [{ name: 'dns', preset: { name: 'external-dns', hostedZoneArns: [ZONE] } }],
    });

    expect(parseYaml(file.yaml).extraArgs).toEqual({ 'zone-id-filter': ['Z0123456789EXAMPLE'] });
  });

  test('gives each cluster its own values where the controller must know its cluster', () => {
    const files = filesOf({
      clusters: TWO_CLUSTERS,
      identities: [
        {
          name: 'autoscaler',
          preset: { name: 'cluster-autoscaler', clusterNames: ['blue', 'green'] },
        },
      ],
    });

    expect(files.map((f) => parseYaml(f.yaml).autoDiscovery)).toEqual([
      {
        clusterName: 'blue',
        tags: ['k8s.io/cluster-autoscaler/enabled', 'k8s.io/cluster-autoscaler/blue=owned'],
      },
      {
        clusterName: 'green',
        tags: ['k8s.io/cluster-autoscaler/enabled', 'k8s.io/cluster-autoscaler/green=owned'],
      },
    ]);
  });

  test('says in its header what it is for and how to install the chart with it', () => {
    const [file] = filesOf({
      identities: [{ name: 'autoscaler', preset: { name: 'cluster-autoscaler' } }],
    });

    expect(file.yaml.split('\n').slice(0, 8)).toEqual([
      '# Helm values for identity "autoscaler" on cluster "example": the cluster-autoscaler preset (kubernetes/autoscaler (cluster-autoscaler, AWS cloud provider) cluster-autoscaler-1.36.1).',
      '# Written by cdktf synth from the configuration: change the configuration, not this file.',
      '#',
      '# helm upgrade --install cluster-autoscaler cluster-autoscaler --repo https://kubernetes.github.io/autoscaler --version 9.58.0 \\',
      '#   --namespace kube-system --create-namespace -f cdktf.out/helm-values/example/autoscaler.yaml',
      '#',
      '# The association maps kube-system/cluster-autoscaler-aws-cluster-autoscaler to the role: the chart creates that service account',
      '# with no eks.amazonaws.com/role-arn annotation (null removes one another values file sets).',
    ]);
  });

  test('writes none for an add-on, whose service accounts EKS creates, nor for an identity without a preset', () => {
    expect(
      filesOf({
        clusters: [{ name: 'example', addons: [{ name: 'aws-ebs-csi-driver' }] }],
        identities: [{ name: 'app', associations: [{ namespace: 'a', serviceAccount: 'b' }] }],
      }),
    ).toEqual([]);
  });

  test("keeps IRSA's annotation while the identity migrates, and says so", () => {
    const provider =
      'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
    const [file] = filesOf({
      clusters: [{ name: 'example', oidcProviderArn: provider }],
      identities: [
        {
          name: 'dns',
          role: { name: 'external-dns-irsa', adopt: true },
          preset: { name: 'external-dns' },
          migrateFromIrsa: true,
        },
      ],
    });

    expect(parseYaml(file.yaml).serviceAccount.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/external-dns-irsa',
    });
    expect(file.yaml).toContain(
      'annotation while the identity migrates from IRSA (migrateFromIrsa)',
    );
  });
});
