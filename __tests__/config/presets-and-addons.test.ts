import { association, identity, JsonMap, refusalOf } from '../support/config-files';
import { POD_IDENTITY_ADDONS } from '../../config/schema/addons';
import { planRole } from '../../policy/role-plan';
import { configOf } from '../support/synth';
import { AssociationConfig, IdentityConfig, PodIdentityConfig } from '../../config/schema/types';

/** Presets on identities and EKS add-ons on clusters, as the reader resolves and refuses them. */

const problemsOf = (file: JsonMap) => refusalOf(() => configOf(file)).problems;
const identityNamed = (config: PodIdentityConfig, name: string): IdentityConfig => {
  const found = config.identities.find((i) => i.name === name);
  if (found === undefined) throw new Error(`no identity ${name}`);
  return found;
};
const where = (associations: readonly AssociationConfig[]) =>
  associations.map(
    (a) => `${a.cluster}/${a.namespace}/${a.serviceAccount}${a.addon ? ` (${a.addon})` : ''}`,
  );

const TWO_CLUSTERS = [{ name: 'blue' }, { name: 'green' }];
const ZONE = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('an identity with a preset', () => {
  it('is associated on every cluster with the controller usual namespace and service account', () => {
    const config = configOf({
      clusters: TWO_CLUSTERS,
      identities: [{ name: 'dns', preset: { name: 'ebs-csi' } }],
    });

    expect(where(identityNamed(config, 'dns').associations)).toEqual([
      'blue/kube-system/ebs-csi-controller-sa',
      'green/kube-system/ebs-csi-controller-sa',
    ]);
  });

  it('creates nothing in the cluster and gets no S3 access by default', () => {
    const dns = identityNamed(
      configOf({ identities: [{ name: 'storage', preset: { name: 'ebs-csi' } }] }),
      'storage',
    );

    expect(dns.s3).toEqual({ access: 'none' });
    expect(dns.associations.map((a) => a.kubernetes)).toEqual([undefined]);
  });

  it('takes namespace and service account from the preset where an association leaves them out', () => {
    const config = configOf({
      clusters: TWO_CLUSTERS,
      identities: [
        {
          name: 'storage',
          preset: { name: 'ebs-csi' },
          associations: [
            { cluster: 'blue' },
            { cluster: 'green', namespace: 'storage', serviceAccount: 'ebs' },
          ],
        },
      ],
    });

    expect(where(identityNamed(config, 'storage').associations)).toEqual([
      'blue/kube-system/ebs-csi-controller-sa',
      'green/storage/ebs',
    ]);
  });

  it('reads the preset parameters', () => {
    const storage = identityNamed(
      configOf({
        identities: [{ name: 'storage', preset: { name: 'ebs-csi', kmsKeyArns: [KEY] } }],
      }),
      'storage',
    );

    expect(storage.preset).toEqual({ name: 'ebs-csi', kmsKeyArns: [KEY] });
  });

  it('still requires namespace and service account without a preset', () => {
    expect(problemsOf({ identities: [identity('app', { associations: [{}] })] })).toEqual([
      'identities[0].associations[0].namespace: is required',
      'identities[0].associations[0].serviceAccount: is required',
    ]);
  });

  it('still requires associations without a preset', () => {
    expect(problemsOf({ identities: [{ name: 'app' }] })).toEqual([
      'identities[0].associations: is required: each identity needs at least one association: its role is only used through them',
    ]);
  });

  it('refuses a preset that does not exist, listing those that do', () => {
    const [problem] = problemsOf({ identities: [{ name: 'x', preset: { name: 'nginx' } }] });

    expect(problem).toBe(
      'identities[0].preset.name: "nginx" is not one of "aws-load-balancer-controller", "external-dns", "cert-manager", "cluster-autoscaler", "karpenter", "external-secrets", "velero", "aws-node-termination-handler", "amazon-managed-prometheus", "ebs-csi", "efs-csi", "vpc-cni", "mountpoint-s3-csi", "fsx-lustre-csi", "cloudwatch-observability", "adot", "privateca-issuer"',
    );
  });

  it('refuses a preset without a name', () => {
    expect(
      problemsOf({ identities: [{ name: 'x', preset: { hostedZoneArns: [ZONE] } }] })[0],
    ).toMatch(
      /^identities\[0\]\.preset\.name: is required: one of "aws-load-balancer-controller", /,
    );
  });

  it('refuses a parameter the preset does not take, listing the ones it does', () => {
    expect(
      problemsOf({
        identities: [{ name: 'x', preset: { name: 'ebs-csi', hostedZoneArns: [ZONE] } }],
      }),
    ).toEqual([
      'identities[0].preset.hostedZoneArns: is not a known setting (known here: kmsKeyArns, name)',
    ]);
  });

  it('refuses a hosted zone ARN that is not one, naming the field', () => {
    expect(
      problemsOf({
        identities: [
          {
            name: 'dns',
            preset: { name: 'external-dns', hostedZoneArns: ['Z0123456789ABCDEFGHIJ'] },
          },
        ],
      }),
    ).toEqual([
      'identities[0].preset.hostedZoneArns[0]: "Z0123456789ABCDEFGHIJ" is not a Route 53 hosted zone ARN (arn:<partition>:route53:::hostedzone/<zone id>)',
    ]);
  });

  it("refuses an empty PushSecret list, a push ARN of another service and NTH's heartbeats not a boolean", () => {
    const secret = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:from-cluster/*';
    expect(
      problemsOf({
        identities: [
          {
            name: 'eso',
            preset: { name: 'external-secrets', pushSecretArns: [], pushParameterArns: [secret] },
          },
          { name: 'nth', preset: { name: 'aws-node-termination-handler', heartbeats: 'yes' } },
        ],
      }),
    ).toEqual([
      'identities[0].preset.pushSecretArns: [] is empty: list at least one, or leave it out for none: PushSecret cannot write to Secrets Manager',
      `identities[0].preset.pushParameterArns[0]: "${secret}" is not an SSM parameter ARN (arn:<partition>:ssm:<region>:<account>:parameter/<name>, wildcards '*' and '?' allowed)`,
      'identities[1].preset.heartbeats: "yes" is a string, not a boolean',
    ]);
  });

  it('refuses a PushSecret ARN of another partition', () => {
    const secret = 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:from-cluster/*';
    expect(
      problemsOf({
        identities: [
          { name: 'eso', preset: { name: 'external-secrets', pushSecretArns: [secret] } },
        ],
      }),
    ).toEqual([
      `identities[0].preset.pushSecretArns[0]: "${secret}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });

  it('refuses a preset KMS key of another partition', () => {
    const key = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd';
    expect(
      problemsOf({ identities: [{ name: 's', preset: { name: 'ebs-csi', kmsKeyArns: [key] } }] }),
    ).toEqual([
      `identities[0].preset.kmsKeyArns[0]: "${key}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });

  it('refuses Velero without its backup buckets', () => {
    expect(problemsOf({ identities: [{ name: 'backup', preset: { name: 'velero' } }] })).toEqual([
      "identities[0].preset.bucketArns: is required: the Velero AWS plugin's policy is scoped to the backup bucket",
    ]);
  });

  it('refuses a Karpenter interruption queue with interruption turned off', () => {
    const queue = 'arn:aws:sqs:us-east-1:111122223333:karpenter-blue';
    expect(
      problemsOf({
        identities: [
          {
            name: 'nodes',
            preset: { name: 'karpenter', interruption: false, interruptionQueueArn: queue },
          },
        ],
      }),
    ).toEqual([
      `identities[0].preset.interruptionQueueArn: "${queue}" is set while interruption is false: without interruption handling Karpenter reads no queue; remove one of them`,
    ]);
  });

  // Found while writing the test above: the role was planned without a cluster,
  // and the reader crashed with a stack trace instead of reporting the problems.
  it('reports Karpenter associated only on an unknown cluster, without planning its role', () => {
    expect(
      problemsOf({
        identities: [
          {
            name: 'nodes',
            preset: { name: 'karpenter' },
            associations: [
              { cluster: 'blue', namespace: 'kube-system', serviceAccount: 'karpenter' },
            ],
          },
        ],
      }),
    ).toEqual([
      'identities[0].associations[0].cluster: "blue" is not a configured cluster (configured: example)',
      "identities[0].preset.clusterName: is required when the identity is associated on no configured cluster: Karpenter's policy is scoped to one cluster's tags, node role and interruption queue",
    ]);
  });

  it('refuses Karpenter without a cluster name when associated on two clusters', () => {
    expect(
      problemsOf({
        clusters: TWO_CLUSTERS,
        identities: [{ name: 'nodes', preset: { name: 'karpenter' } }],
      }),
    ).toEqual([
      "identities[0].preset.clusterName: is required when the identity is associated on more than one cluster (blue, green): Karpenter's policy is scoped to one cluster's tags, node role and interruption queue",
    ]);
  });

  it('composes with its own S3 access, managed policies and statements', () => {
    const storage = identityNamed(
      configOf({
        identities: [
          {
            name: 'storage',
            preset: { name: 'ebs-csi' },
            s3: { access: 'bucket-scoped', buckets: ['reports'] },
            managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'],
          },
        ],
      }),
      'storage',
    );

    expect(storage.s3).toMatchObject({ access: 'bucket-scoped', buckets: ['reports'] });
    expect(storage.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess']);
  });

  it("counts the preset's own policies against IAM's quota of managed policies", () => {
    // GIVEN Karpenter's six documents (as upstream splits them) and five more ARNs
    const arns = ['a', 'b', 'c', 'd', 'e'].map((n) => `arn:aws:iam::111122223333:policy/${n}`);

    expect(
      problemsOf({
        identities: [{ name: 'nodes', preset: { name: 'karpenter' }, managedPolicyArns: arns }],
      }),
    ).toEqual([
      'identities[0]: attaches 11 managed policies to its role, more than the 10 IAM allows (iamLimits.managedPoliciesPerRole raises it to at most 20 once AWS has raised the quota)',
    ]);
  });

  it("measures the preset's documents with their parameters: 150 hosted zones do not fit one policy", () => {
    const zones = Array.from(
      { length: 150 },
      (_, i) => `arn:aws:route53:::hostedzone/Z${String(i).padStart(20, '0')}`,
    );
    const [problem] = problemsOf({
      identities: [{ name: 'dns', preset: { name: 'external-dns', hostedZoneArns: zones } }],
    });

    expect(problem).toMatch(
      /^identities\[0\]: has the external-dns preset's "route53" policy of (\d+) characters, more than the 6144 IAM allows$/,
    );
    expect(Number(/of (\d+) characters/.exec(problem)?.[1])).toBeGreaterThan(6144);
  });

  it('refuses a managed policy the preset attaches already', () => {
    const arn = 'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy';
    expect(
      problemsOf({
        identities: [{ name: 's', preset: { name: 'ebs-csi' }, managedPolicyArns: [arn] }],
      }),
    ).toEqual([
      `identities[0].managedPolicyArns: "${arn}" is attached already by preset "ebs-csi": leave it out`,
    ]);
  });
});

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
    expect(own.role).toEqual({ name: 'eks-pod-identity-addon-aws-ebs-csi-driver', tags: {} });
    expect(own.preset).toEqual({ name: 'ebs-csi', kmsKeyArns: [KEY] });
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
      resolveConflictsOnUpdate: 'OVERWRITE',
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
  const withoutRequired = Object.entries(POD_IDENTITY_ADDONS).filter(
    ([, addon]) => addon.preset !== 'mountpoint-s3-csi',
  );
  const context = { partition: 'aws' as const, region: 'us-east-1', accountId: '123456789012' };
  const permissions = (identity: IdentityConfig) => {
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
