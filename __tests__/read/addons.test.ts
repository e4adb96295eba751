import { describe as describeOrigin, inFile } from '../../core/origin';
import { association, identity, JsonMap, refusalOf } from '../support/config-files';
import { POD_IDENTITY_ADDONS } from '../../presets/catalogue';
import { planRole } from '../../policy/role-plan';
import { configOf } from '../support/synth';
import { Association, Identity, Model } from '../../model/model';

/** EKS add-ons on clusters, as the reader resolves and refuses them. */

const problemsOf = (file: JsonMap) => refusalOf(() => configOf(file)).problems;
const identityNamed = (config: Model, name: string): Identity => {
  const found = config.identities.find((i) => i.name === name);
  if (found === undefined) throw new Error(`no identity ${name}`);
  return found;
};
const where = (associations: readonly Association[]) =>
  associations.map(
    (a) => `${a.cluster}/${a.namespace}/${a.serviceAccount}${a.addon ? ` (${a.addon})` : ''}`,
  );

const TWO_CLUSTERS = [{ name: 'blue' }, { name: 'green' }];
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('EKS add-ons', () => {
  const withAddons = (addons: unknown[], top: JsonMap = {}): JsonMap => ({
    clusters: [{ name: 'example', addons }],
    ...top,
  });

  it('creates a plain add-on with its defaults, and no tutorial identity beside add-ons', () => {
    const config = configOf(withAddons([{ name: 'coredns' }]));

    expect(config.clusters[0].addons).toEqual([
      {
        name: 'coredns',
        origin: inFile('clusters', 0, 'addons', 0),
        version: undefined,
        configurationValues: undefined,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        preserve: true,
        tags: {},
        namespace: 'kube-system',
        podIdentity: [],
      },
    ]);
    expect(config.identities).toEqual([]);
  });

  it('keeps a plain add-on on the cluster on delete only if the cluster needs it', () => {
    const config = configOf(withAddons([{ name: 'metrics-server' }, { name: 'kube-proxy' }]));

    expect(config.clusters[0].addons.map((a) => [a.name, a.preserve])).toEqual([
      ['metrics-server', false],
      ['kube-proxy', true],
    ]);
  });

  it('gives a known add-on a role of its own, with its preset, associated through the add-on', () => {
    const config = configOf(withAddons([{ name: 'aws-ebs-csi-driver', kmsKeyArns: [KEY] }]));
    const own = identityNamed(config, 'addon-aws-ebs-csi-driver');

    expect(config.clusters[0].addons[0].podIdentity).toEqual([
      { serviceAccount: 'ebs-csi-controller-sa', identity: 'addon-aws-ebs-csi-driver' },
    ]);
    expect(own.role.name).toBe('eks-pod-identity-addon-aws-ebs-csi-driver');
    expect(describeOrigin(own.role.nameOrigin)).toBe(
      "clusters[0].addons[0] (the add-on's role name)",
    );
    expect(own.preset).toEqual({
      settings: { name: 'ebs-csi', policy: 'v2', kmsKeyArns: [KEY] },
      origin: inFile('clusters', 0, 'addons', 0),
    });
    expect(where(own.associations)).toEqual([
      'example/kube-system/ebs-csi-controller-sa (aws-ebs-csi-driver)',
    ]);
  });

  it('reuses one role for an add-on on two clusters', () => {
    const config = configOf({
      clusters: TWO_CLUSTERS.map((c) => ({ ...c, addons: [{ name: 'aws-ebs-csi-driver' }] })),
    });

    expect(config.identities.map((i) => i.name)).toEqual(['addon-aws-ebs-csi-driver']);
    expect(where(config.identities[0].associations)).toEqual([
      'blue/kube-system/ebs-csi-controller-sa (aws-ebs-csi-driver)',
      'green/kube-system/ebs-csi-controller-sa (aws-ebs-csi-driver)',
    ]);
  });

  it('refuses other parameters for the same add-on on another cluster', () => {
    expect(
      problemsOf({
        clusters: [
          { name: 'blue', addons: [{ name: 'aws-ebs-csi-driver', kmsKeyArns: [KEY] }] },
          { name: 'green', addons: [{ name: 'aws-ebs-csi-driver' }] },
        ],
      }),
    ).toEqual([
      `clusters[1].addons[0]: has other parameters than clusters[0].addons[0] ({} and {"kmsKeyArns":["${KEY}"]}): one role serves the add-on on every cluster, so give both the same, or map its service accounts to identities with serviceAccounts`,
    ]);
  });

  it('maps an add-on service account to an identity of the configuration', () => {
    const config = configOf(
      withAddons(
        [{ name: 'aws-ebs-csi-driver', serviceAccounts: { 'ebs-csi-controller-sa': 'storage' } }],
        {
          identities: [{ name: 'storage', preset: { name: 'ebs-csi' } }],
        },
      ),
    );

    expect(config.identities.map((i) => i.name)).toEqual(['storage']);
    expect(where(config.identities[0].associations)).toEqual([
      'example/kube-system/ebs-csi-controller-sa (aws-ebs-csi-driver)',
    ]);
  });

  it('refuses a service account the add-on does not use, and an identity that does not exist', () => {
    expect(
      problemsOf(
        withAddons(
          [
            { name: 'aws-ebs-csi-driver', serviceAccounts: { 'ebs-csi-node-sa': 'storage' } },
            { name: 'aws-efs-csi-driver', serviceAccounts: { 'efs-csi-controller-sa': 'files' } },
          ],
          { identities: [{ name: 'storage', preset: { name: 'ebs-csi' } }] },
        ),
      ),
    ).toEqual([
      'clusters[0].addons[0].serviceAccounts.ebs-csi-node-sa: is not a service account of add-on "aws-ebs-csi-driver" (its: ebs-csi-controller-sa)',
      'clusters[0].addons[1].serviceAccounts.efs-csi-controller-sa: "files" is not a configured identity (configured: storage)',
    ]);
  });

  it('refuses the same add-on twice on a cluster', () => {
    expect(problemsOf(withAddons([{ name: 'coredns' }, { name: 'coredns' }]))).toEqual([
      'clusters[0].addons[1].name: "coredns" is also the add-on of a cluster of clusters[0].addons[0].name: each add-on of a cluster must be unique',
    ]);
  });

  it('refuses an association that claims the service account an add-on associates (EKS refuses the second)', () => {
    expect(
      problemsOf(
        withAddons([{ name: 'aws-ebs-csi-driver' }], {
          identities: [
            identity('mine', {
              associations: [association('kube-system', 'ebs-csi-controller-sa')],
            }),
          ],
        }),
      ),
    ).toEqual([
      'clusters[0].addons[0]: namespace "kube-system" and service account "ebs-csi-controller-sa" on cluster "example" are already associated by identities[0].associations[0]: EKS allows one association per service account',
    ]);
  });

  it('refuses a name that is not an add-on name and a version that is not an add-on version', () => {
    expect(problemsOf(withAddons([{ name: 'EBS CSI', version: '1.30' }]))).toEqual([
      `clusters[0].addons[0].name: "EBS CSI" is not an EKS add-on name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit, such as 'aws-ebs-csi-driver' or a marketplace 'vendor_product')`,
      'clusters[0].addons[0].version: "1.30" is not an add-on version (such as \'v1.3.4-eksbuild.1\')',
    ]);
  });

  it('refuses a parameter the add-on does not take', () => {
    expect(
      problemsOf(
        withAddons([
          { name: 'vpc-cni', kmsKeyArns: [KEY] },
          { name: 'coredns', ipFamily: 'ipv6' },
        ]),
      ),
    ).toEqual([
      'clusters[0].addons[0].kmsKeyArns: does not apply to add-on "vpc-cni" (it takes ipFamily)',
      'clusters[0].addons[1].ipFamily: does not apply to add-on "coredns", which has no role of its own here',
    ]);
  });

  it('refuses the Mountpoint add-on without buckets', () => {
    expect(problemsOf(withAddons([{ name: 'aws-mountpoint-s3-csi-driver' }]))).toEqual([
      "clusters[0].addons[0].bucketArns: is required: Mountpoint's policy is scoped to the buckets it mounts",
    ]);
  });

  it('reads the agent add-on in the list as podIdentityAgent', () => {
    const config = configOf(
      withAddons([{ name: 'eks-pod-identity-agent', version: 'v1.3.4-eksbuild.1' }]),
    );

    expect(config.clusters[0].podIdentityAgent).toEqual({
      version: 'v1.3.4-eksbuild.1',
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      preserve: true,
    });
    expect(config.clusters[0].addons).toEqual([]);
  });

  it('refuses the agent add-on both as podIdentityAgent and in the list', () => {
    expect(
      problemsOf({
        clusters: [
          { name: 'example', podIdentityAgent: true, addons: [{ name: 'eks-pod-identity-agent' }] },
        ],
      }),
    ).toEqual([
      'clusters[0].addons[0].name: "eks-pod-identity-agent" is the add-on clusters[0].podIdentityAgent manages already: EKS runs one per cluster, so keep one of the two',
    ]);
  });

  it('writes configuration values as the JSON text EKS takes', () => {
    const config = configOf(
      withAddons([
        {
          name: 'coredns',
          configurationValues: { replicaCount: 3, resources: { limits: { memory: '170Mi' } } },
        },
      ]),
    );

    expect(config.clusters[0].addons[0].configurationValues).toBe(
      '{"replicaCount":3,"resources":{"limits":{"memory":"170Mi"}}}',
    );
  });

  it('refuses configuration values that are not an object', () => {
    expect(
      problemsOf(withAddons([{ name: 'coredns', configurationValues: 'replicaCount: 3' }])),
    ).toEqual([
      'clusters[0].addons[0].configurationValues: "replicaCount: 3" is a string, not an object',
    ]);
  });
});

describe('an add-on of the built-in table with no parameters', () => {
  // Presets that take a required parameter (Mountpoint's buckets) cannot be left without one.
  const withoutRequired = [...POD_IDENTITY_ADDONS].filter(
    ([, addon]) => addon.preset !== 'mountpoint-s3-csi',
  );
  const context = { partition: 'aws' as const, region: 'us-east-1', accountId: '123456789012' };
  const permissions = (identity: Identity) => {
    const plan = planRole(identity, context);
    return { managed: plan.managedPolicies, customer: plan.customerPolicies };
  };

  it.each(withoutRequired)(
    '%s gets exactly what its preset gives with no parameters',
    (name, addon) => {
      const fromAddon = configOf({ clusters: [{ name: 'example', addons: [{ name }] }] });
      const fromPreset = configOf({
        identities: [{ name: 'own', preset: { name: addon.preset } }],
      });

      expect(permissions(identityNamed(fromAddon, `addon-${name}`))).toEqual(
        permissions(identityNamed(fromPreset, 'own')),
      );
    },
  );
});
