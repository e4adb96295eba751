import { inFile } from '../../core/origin';
import { identity, JsonMap, refusalOf } from '../support/config-files';
import {} from '../../presets/catalogue';
import {} from '../../policy/role-plan';
import { configOf } from '../support/synth';
import { Association, Identity, Model } from '../../model/model';

/** Presets on identities, as the reader resolves and refuses them. */

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

    expect(storage.preset).toEqual({
      settings: { name: 'ebs-csi', policy: 'v2', kmsKeyArns: [KEY] },
      origin: inFile('identities', 0, 'preset'),
    });
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
      'identities[0].preset.hostedZoneArns: is not a known setting (known here: kmsKeyArns, name, policy)',
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
    const arn = 'arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicyV2';
    expect(
      problemsOf({
        identities: [{ name: 's', preset: { name: 'ebs-csi' }, managedPolicyArns: [arn] }],
      }),
    ).toEqual([
      `identities[0].managedPolicyArns: "${arn}" is attached already by preset "ebs-csi": leave it out`,
    ]);
  });

  it('associates the Cluster Autoscaler where its chart puts it for release cluster-autoscaler', () => {
    const config = configOf({
      identities: [{ name: 'autoscaler', preset: { name: 'cluster-autoscaler' } }],
    });

    expect(where(identityNamed(config, 'autoscaler').associations)).toEqual([
      'example/kube-system/cluster-autoscaler-aws-cluster-autoscaler',
    ]);
  });

  it('refuses clusterNames that leave out a cluster the autoscaler is associated on', () => {
    expect(
      problemsOf({
        clusters: TWO_CLUSTERS,
        identities: [
          { name: 'autoscaler', preset: { name: 'cluster-autoscaler', clusterNames: ['blue'] } },
        ],
      }),
    ).toEqual([
      'identities[0].preset.clusterNames: does not name "green", where the identity is associated: the autoscaler there could not scale its cluster\'s groups; add it, or associate the identity only on the clusters named',
    ]);
  });

  it('accepts clusterNames that name more clusters than the ones associated here', () => {
    const config = configOf({
      clusters: [{ name: 'blue' }],
      identities: [
        {
          name: 'autoscaler',
          preset: { name: 'cluster-autoscaler', clusterNames: ['blue', 'in-another-region'] },
        },
      ],
    });
    expect(identityNamed(config, 'autoscaler').associations).toHaveLength(1);
  });
});
