import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Model } from '../../model/model';
import { PRESET_NAMES } from '../../presets/catalogue';
import { loadConfigFrom } from './reading';
import { association, identity, JsonMap } from '../support/config-files';
import {
  LeafCase,
  reached,
  ReadFile,
  schemaLeaves,
  setIn,
  SynthModel,
} from '../support/key-coverage';
import { synthApp } from '../support/synth';

/**
 * Nothing the file says is dropped on the way: every leaf of the published
 * JSON Schema, set to a value other than its default, changes the resolved
 * model and the synthesized Terraform (or the model alone, for the settings
 * only checks read, each with its reason). A resolver, a stack or a
 * construct that forgets a setting fails here, whatever the types allow.
 */

const SCHEMA = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'pod-identity.schema.json'), 'utf8'),
) as Parameters<typeof schemaLeaves>[0];

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ZONE = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
const BUCKET = 'arn:aws:s3:::backups-a';
const OTHER_BUCKET = 'arn:aws:s3:::backups-b';
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:events`;
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app/*`;
const PARAMETER = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/*`;
const WORKSPACE = `arn:aws:aps:us-east-1:${ACCOUNT}:workspace/ws-0123abcd`;
const CA = `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/12345678-1234-1234-1234-123456789012`;
const NODE_ROLE = `arn:aws:iam::${ACCOUNT}:role/nodes`;

/** One identity "app" with one association app/app-sa that creates the tutorial's objects. */
const APP = { identities: [identity('app')] };
const A0 = ['identities', 0, 'associations', 0] as const;
const K0 = [...A0, 'kubernetes'] as const;

/** The leaf at `path` of `base` set to `value`. */
function set(base: JsonMap, path: readonly (string | number)[], value: unknown): LeafCase {
  return { base, changed: setIn(base, path, value) };
}

/** A cluster `example` with one add-on `addon` (its settings `extra`). */
function withAddon(addon: JsonMap, identities?: JsonMap[]): JsonMap {
  return {
    clusters: [{ name: 'example', addons: [addon] }],
    ...(identities !== undefined && { identities }),
  };
}

/** One identity with preset `preset`, associated on the one cluster by default. */
function withPreset(preset: JsonMap): JsonMap {
  return { identities: [{ name: 'controller', preset }] };
}

/** A parameter of a preset, set where its base has none (or another value). */
function presetParameter(name: string, required: JsonMap, key: string, value: unknown): LeafCase {
  return set(withPreset({ name, ...required }), ['identities', 0, 'preset', key], value);
}

const AGENT = withAddon({ name: 'coredns' });
const EXISTING_ROLE = `arn:aws:iam::${ACCOUNT}:role/teams/app`;
const OIDC_PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF`;
const ADOPTED = setIn(APP, ['identities', 0, 'role'], { name: 'legacy', adopt: true });
const WITH_PROVIDER = { ...APP, clusters: [{ name: 'example', oidcProviderArn: OIDC_PROVIDER }] };
const BUCKET_SCOPED = {
  identities: [identity('app', { s3: { access: 'bucket-scoped', buckets: ['data'] } })],
};
const STATEMENT = {
  identities: [identity('app', { statements: [{ actions: ['s3:GetObject'], resources: ['*'] }] })],
};
const CONDITION = { test: 'StringEquals', variable: 'aws:SourceVpc', values: ['vpc-1'] };
const S0 = ['identities', 0, 'statements', 0] as const;
const TWO_CLUSTERS = {
  clusters: [{ name: 'blue' }, { name: 'green' }],
  identities: [
    identity('app', { associations: [association('app', 'app-sa', { cluster: 'blue' })] }),
  ],
};
const S3_STATE = { backend: { s3: { bucket: 'state-a' } } };
const KUBECONFIG = { clusters: [{ name: 'example', kubernetes: { auth: 'kubeconfig' } }] };
const JOB = setIn(APP, [...K0, 'verificationJob'], true);

const PRESET_CASES: Record<string, LeafCase> = {
  ...Object.fromEntries(
    PRESET_NAMES.map((name): [string, LeafCase] => [
      `identities[].preset<${name}>.name`,
      // The name chooses the preset: an identity without one gets it.
      {
        base: APP,
        changed: setIn(APP, ['identities', 0, 'preset'], {
          name,
          ...(name === 'velero' || name === 'mountpoint-s3-csi' ? { bucketArns: [BUCKET] } : {}),
        }),
      },
    ]),
  ),
  'identities[].preset<external-dns>.hostedZoneArns': presetParameter(
    'external-dns',
    {},
    'hostedZoneArns',
    [ZONE],
  ),
  'identities[].preset<cert-manager>.hostedZoneArns': presetParameter(
    'cert-manager',
    {},
    'hostedZoneArns',
    [ZONE],
  ),
  'identities[].preset<cluster-autoscaler>.clusterNames': presetParameter(
    'cluster-autoscaler',
    {},
    'clusterNames',
    ['example'],
  ),
  'identities[].preset<karpenter>.clusterName': presetParameter(
    'karpenter',
    {},
    'clusterName',
    'other',
  ),
  'identities[].preset<karpenter>.nodeRoleArns': presetParameter('karpenter', {}, 'nodeRoleArns', [
    NODE_ROLE,
  ]),
  'identities[].preset<karpenter>.interruptionQueueArn': presetParameter(
    'karpenter',
    {},
    'interruptionQueueArn',
    QUEUE,
  ),
  'identities[].preset<karpenter>.interruption': presetParameter(
    'karpenter',
    {},
    'interruption',
    false,
  ),
  'identities[].preset<karpenter>.zonalShift': presetParameter(
    'karpenter',
    {},
    'zonalShift',
    false,
  ),
  'identities[].preset<external-secrets>.secretArns': presetParameter(
    'external-secrets',
    {},
    'secretArns',
    [SECRET],
  ),
  'identities[].preset<external-secrets>.parameterArns': presetParameter(
    'external-secrets',
    {},
    'parameterArns',
    [PARAMETER],
  ),
  'identities[].preset<external-secrets>.kmsKeyArns': presetParameter(
    'external-secrets',
    {},
    'kmsKeyArns',
    [KEY],
  ),
  'identities[].preset<external-secrets>.pushSecretArns': presetParameter(
    'external-secrets',
    {},
    'pushSecretArns',
    [SECRET],
  ),
  'identities[].preset<external-secrets>.pushParameterArns': presetParameter(
    'external-secrets',
    {},
    'pushParameterArns',
    [PARAMETER],
  ),
  'identities[].preset<velero>.bucketArns': presetParameter(
    'velero',
    { bucketArns: [BUCKET] },
    'bucketArns',
    [OTHER_BUCKET],
  ),
  'identities[].preset<velero>.kmsKeyArns': presetParameter(
    'velero',
    { bucketArns: [BUCKET] },
    'kmsKeyArns',
    [KEY],
  ),
  'identities[].preset<aws-node-termination-handler>.queueArns': presetParameter(
    'aws-node-termination-handler',
    {},
    'queueArns',
    [QUEUE],
  ),
  'identities[].preset<aws-node-termination-handler>.heartbeats': presetParameter(
    'aws-node-termination-handler',
    {},
    'heartbeats',
    true,
  ),
  'identities[].preset<amazon-managed-prometheus>.workspaceArns': presetParameter(
    'amazon-managed-prometheus',
    {},
    'workspaceArns',
    [WORKSPACE],
  ),
  'identities[].preset<ebs-csi>.kmsKeyArns': presetParameter('ebs-csi', {}, 'kmsKeyArns', [KEY]),
  'identities[].preset<vpc-cni>.ipFamily': presetParameter('vpc-cni', {}, 'ipFamily', 'ipv6'),
  'identities[].preset<aws-load-balancer-controller>.wafv2AclNames': presetParameter(
    'aws-load-balancer-controller',
    {},
    'wafv2AclNames',
    true,
  ),
  'identities[].preset<ebs-csi>.policy': presetParameter('ebs-csi', {}, 'policy', 'v1'),
  'identities[].preset<fsx-lustre-csi>.leastPrivilege': presetParameter(
    'fsx-lustre-csi',
    {},
    'leastPrivilege',
    true,
  ),
  'identities[].preset<mountpoint-s3-csi>.kmsKeyArns': presetParameter(
    'mountpoint-s3-csi',
    { bucketArns: [BUCKET] },
    'kmsKeyArns',
    [KEY],
  ),
  'identities[].preset<mountpoint-s3-csi>.bucketArns': presetParameter(
    'mountpoint-s3-csi',
    { bucketArns: [BUCKET] },
    'bucketArns',
    [OTHER_BUCKET],
  ),
  'identities[].preset<adot>.workspaceArns': presetParameter('adot', {}, 'workspaceArns', [
    WORKSPACE,
  ]),
  'identities[].preset<privateca-issuer>.certificateAuthorityArns': presetParameter(
    'privateca-issuer',
    {},
    'certificateAuthorityArns',
    [CA],
  ),
};

const CASES: Record<string, LeafCase> = {
  $schema: { readOnly: 'for editors: it names the JSON Schema, and nothing is built from it' },
  environment: set({}, ['environment'], 'prod'),
  region: set({}, ['region'], 'eu-west-1'),
  defaultTags: set({}, ['defaultTags'], { team: 'platform' }),
  'iamLimits.managedPoliciesPerRole': {
    ...set({}, ['iamLimits', 'managedPoliciesPerRole'], 20),
    modelOnly: 'a quota the roles are checked against at synth',
  },
  'iamLimits.trustPolicyCharacters': {
    ...set({}, ['iamLimits', 'trustPolicyCharacters'], 4096),
    modelOnly: 'a quota the roles are checked against at synth',
  },
  'terraformCloud.workspacePrefix': {
    ...set({}, ['terraformCloud', 'workspacePrefix'], 'team-'),
    environment: { TF_CLOUD_ORGANIZATION: 'acme' },
  },
  'backend.s3.bucket': set(S3_STATE, ['backend', 's3', 'bucket'], 'state-b'),
  'backend.s3.keyPrefix': set(S3_STATE, ['backend', 's3', 'keyPrefix'], 'pods/'),
  'backend.s3.region': set(S3_STATE, ['backend', 's3', 'region'], 'eu-west-1'),
  'backend.s3.useLockfile': set(S3_STATE, ['backend', 's3', 'useLockfile'], false),
  'backend.s3.encrypt': set(S3_STATE, ['backend', 's3', 'encrypt'], false),
  'backend.s3.kmsKeyId': set(S3_STATE, ['backend', 's3', 'kmsKeyId'], KEY),
  'clusters[].name': set({ clusters: [{ name: 'blue' }] }, ['clusters', 0, 'name'], 'green'),
  'clusters[].podIdentityAgent': set(
    { clusters: [{ name: 'example' }] },
    ['clusters', 0, 'podIdentityAgent'],
    true,
  ),
  'clusters[].podIdentityAgent.version': set(
    { clusters: [{ name: 'example', podIdentityAgent: true }] },
    ['clusters', 0, 'podIdentityAgent'],
    { version: 'v1.3.4-eksbuild.1' },
  ),
  'clusters[].podIdentityAgent.resolveConflictsOnUpdate': set(
    { clusters: [{ name: 'example', podIdentityAgent: true }] },
    ['clusters', 0, 'podIdentityAgent'],
    { resolveConflictsOnUpdate: 'PRESERVE' },
  ),
  'clusters[].oidcProviderArn': {
    ...set({ clusters: [{ name: 'example' }] }, ['clusters', 0, 'oidcProviderArn'], OIDC_PROVIDER),
    modelOnly: 'read only while an identity migrates from IRSA (migrateFromIrsa), its own case',
  },
  'clusters[].kubernetes.auth': set(
    { clusters: [{ name: 'example' }] },
    ['clusters', 0, 'kubernetes', 'auth'],
    'exec',
  ),
  'clusters[].kubernetes.kubeconfigPath': set(
    KUBECONFIG,
    ['clusters', 0, 'kubernetes', 'kubeconfigPath'],
    '/etc/kube/config',
  ),
  'clusters[].kubernetes.kubeconfigContext': set(
    KUBECONFIG,
    ['clusters', 0, 'kubernetes', 'kubeconfigContext'],
    'admin',
  ),
  'clusters[].addons[].name': set(AGENT, ['clusters', 0, 'addons', 0, 'name'], 'kube-proxy'),
  'clusters[].addons[].version': set(
    AGENT,
    ['clusters', 0, 'addons', 0, 'version'],
    'v1.11.4-eksbuild.2',
  ),
  'clusters[].addons[].resolveConflictsOnCreate': set(
    AGENT,
    ['clusters', 0, 'addons', 0, 'resolveConflictsOnCreate'],
    'NONE',
  ),
  'clusters[].addons[].resolveConflictsOnUpdate': set(
    AGENT,
    ['clusters', 0, 'addons', 0, 'resolveConflictsOnUpdate'],
    'PRESERVE',
  ),
  'clusters[].addons[].configurationValues': set(
    AGENT,
    ['clusters', 0, 'addons', 0, 'configurationValues'],
    { replicaCount: 3 },
  ),
  'clusters[].addons[].preserve': set(AGENT, ['clusters', 0, 'addons', 0, 'preserve'], false),
  'clusters[].addons[].tags': set(AGENT, ['clusters', 0, 'addons', 0, 'tags'], {
    team: 'platform',
  }),
  'clusters[].addons[].namespace': {
    ...set(
      withAddon({ name: 'metrics-server', serviceAccounts: { 'metrics-server': 'app' } }, [
        identity('app'),
      ]),
      ['clusters', 0, 'addons', 0, 'namespace'],
      'monitoring',
    ),
    modelOnly:
      "the namespace of the add-on's service accounts: EKS knows it, and the checks compare associations by it",
  },
  'clusters[].addons[].serviceAccounts': set(
    withAddon({ name: 'aws-ebs-csi-driver' }, [identity('storage')]),
    ['clusters', 0, 'addons', 0, 'serviceAccounts'],
    { 'ebs-csi-controller-sa': 'storage' },
  ),
  'clusters[].addons[].kmsKeyArns': set(
    withAddon({ name: 'aws-ebs-csi-driver' }),
    ['clusters', 0, 'addons', 0, 'kmsKeyArns'],
    [KEY],
  ),
  'clusters[].addons[].policy': set(
    withAddon({ name: 'aws-ebs-csi-driver' }),
    ['clusters', 0, 'addons', 0, 'policy'],
    'v1',
  ),
  'clusters[].addons[].leastPrivilege': set(
    withAddon({ name: 'aws-fsx-csi-driver' }),
    ['clusters', 0, 'addons', 0, 'leastPrivilege'],
    true,
  ),
  'clusters[].addons[].ipFamily': set(
    withAddon({ name: 'vpc-cni' }),
    ['clusters', 0, 'addons', 0, 'ipFamily'],
    'ipv6',
  ),
  'clusters[].addons[].bucketArns': set(
    withAddon({ name: 'aws-mountpoint-s3-csi-driver', bucketArns: [BUCKET] }),
    ['clusters', 0, 'addons', 0, 'bucketArns'],
    [OTHER_BUCKET],
  ),
  'clusters[].addons[].workspaceArns': set(
    withAddon({ name: 'adot' }),
    ['clusters', 0, 'addons', 0, 'workspaceArns'],
    [WORKSPACE],
  ),
  'clusters[].addons[].certificateAuthorityArns': set(
    withAddon({ name: 'aws-privateca-connector-for-kubernetes' }),
    ['clusters', 0, 'addons', 0, 'certificateAuthorityArns'],
    [CA],
  ),
  'identities[].name': set(APP, ['identities', 0, 'name'], 'web'),
  'identities[].role.name': set(APP, ['identities', 0, 'role', 'name'], 'reader'),
  'identities[].role.namePrefix': set(APP, ['identities', 0, 'role', 'namePrefix'], 'reader-'),
  'identities[].role.path': set(APP, ['identities', 0, 'role', 'path'], '/pods/'),
  'identities[].role.description': set(
    APP,
    ['identities', 0, 'role', 'description'],
    'Reads reports',
  ),
  'identities[].role.permissionsBoundary': set(
    APP,
    ['identities', 0, 'role', 'permissionsBoundary'],
    `arn:aws:iam::${ACCOUNT}:policy/boundary`,
  ),
  'identities[].role.maxSessionDuration': set(
    APP,
    ['identities', 0, 'role', 'maxSessionDuration'],
    7200,
  ),
  'identities[].role.tags': set(APP, ['identities', 0, 'role', 'tags'], { team: 'platform' }),
  'identities[].role.arn': set(APP, ['identities', 0, 'role'], { arn: EXISTING_ROLE }),
  'identities[].role.adopt': set(
    setIn(APP, ['identities', 0, 'role', 'name'], 'legacy'),
    ['identities', 0, 'role', 'adopt'],
    true,
  ),
  'identities[].role.protect': set(ADOPTED, ['identities', 0, 'role', 'protect'], false),
  'identities[].role.release': set(ADOPTED, ['identities', 0, 'role', 'release'], true),
  'identities[].migrateFromIrsa': set(WITH_PROVIDER, ['identities', 0, 'migrateFromIrsa'], true),
  ...PRESET_CASES,
  'identities[].s3.access': set(APP, ['identities', 0, 's3', 'access'], 'none'),
  'identities[].s3.buckets': set(APP, ['identities', 0, 's3', 'buckets'], ['reports']),
  'identities[].s3.prefix': set(BUCKET_SCOPED, ['identities', 0, 's3', 'prefix'], 'daily/'),
  'identities[].s3.namespacePrefixes': set(
    BUCKET_SCOPED,
    ['identities', 0, 's3', 'namespacePrefixes'],
    true,
  ),
  'identities[].s3.kmsKeyArns': set(BUCKET_SCOPED, ['identities', 0, 's3', 'kmsKeyArns'], [KEY]),
  'identities[].managedPolicyArns': set(
    APP,
    ['identities', 0, 'managedPolicyArns'],
    ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  ),
  'identities[].statements[].sid': set(STATEMENT, [...S0, 'sid'], 'Read'),
  'identities[].statements[].effect': set(STATEMENT, [...S0, 'effect'], 'Deny'),
  'identities[].statements[].actions': set(STATEMENT, [...S0, 'actions'], ['s3:PutObject']),
  'identities[].statements[].resources': set(
    STATEMENT,
    [...S0, 'resources'],
    ['arn:aws:s3:::data/*'],
  ),
  'identities[].statements[].conditions[].test': set(
    setIn(STATEMENT, [...S0, 'conditions'], [CONDITION]),
    [...S0, 'conditions', 0, 'test'],
    'StringNotEquals',
  ),
  'identities[].statements[].conditions[].variable': set(
    setIn(STATEMENT, [...S0, 'conditions'], [CONDITION]),
    [...S0, 'conditions', 0, 'variable'],
    'aws:SourceVpce',
  ),
  'identities[].statements[].conditions[].values': set(
    setIn(STATEMENT, [...S0, 'conditions'], [CONDITION]),
    [...S0, 'conditions', 0, 'values'],
    ['vpc-2'],
  ),
  'identities[].trust.sourceAccount': set(APP, ['identities', 0, 'trust', 'sourceAccount'], true),
  'identities[].trust.restrictToAssociations': set(
    APP,
    ['identities', 0, 'trust', 'restrictToAssociations'],
    true,
  ),
  'identities[].associations[].cluster': set(TWO_CLUSTERS, [...A0, 'cluster'], 'green'),
  'identities[].associations[].namespace': set(APP, [...A0, 'namespace'], 'web'),
  'identities[].associations[].serviceAccount': set(APP, [...A0, 'serviceAccount'], 'web-sa'),
  'identities[].associations[].tags': set(APP, [...A0, 'tags'], { team: 'platform' }),
  'identities[].associations[].kubernetes': set(APP, K0, false),
  'identities[].associations[].kubernetes.createNamespace': set(
    APP,
    [...K0, 'createNamespace'],
    false,
  ),
  'identities[].associations[].kubernetes.deployment': set(APP, [...K0, 'deployment'], false),
  'identities[].associations[].kubernetes.deployment.name': set(
    APP,
    [...K0, 'deployment', 'name'],
    'web',
  ),
  'identities[].associations[].kubernetes.deployment.image': set(
    APP,
    [...K0, 'deployment', 'image'],
    'amazon/aws-cli',
  ),
  'identities[].associations[].kubernetes.deployment.replicas': set(
    APP,
    [...K0, 'deployment', 'replicas'],
    3,
  ),
  'identities[].associations[].kubernetes.deployment.command': set(
    APP,
    [...K0, 'deployment', 'command'],
    ['sleep', 'infinity'],
  ),
  'identities[].associations[].kubernetes.deployment.labels': set(
    APP,
    [...K0, 'deployment', 'labels'],
    { tier: 'web' },
  ),
  'identities[].associations[].kubernetes.deployment.resources.requests': set(
    APP,
    [...K0, 'deployment', 'resources', 'requests'],
    { cpu: '100m' },
  ),
  'identities[].associations[].kubernetes.deployment.resources.limits': set(
    APP,
    [...K0, 'deployment', 'resources', 'limits'],
    { cpu: '1' },
  ),
  'identities[].associations[].kubernetes.deployment.waitForRollout': set(
    APP,
    [...K0, 'deployment', 'waitForRollout'],
    false,
  ),
  'identities[].associations[].kubernetes.deployment.hardened': set(
    APP,
    [...K0, 'deployment', 'hardened'],
    false,
  ),
  'identities[].associations[].kubernetes.deployment.runAsNonRoot': set(
    APP,
    [...K0, 'deployment', 'runAsNonRoot'],
    true,
  ),
  'identities[].associations[].kubernetes.verificationJob': set(
    APP,
    [...K0, 'verificationJob'],
    true,
  ),
  'identities[].associations[].kubernetes.verificationJob.name': set(
    JOB,
    [...K0, 'verificationJob'],
    { name: 'check' },
  ),
  'identities[].associations[].kubernetes.verificationJob.image': set(
    JOB,
    [...K0, 'verificationJob'],
    { image: 'amazon/aws-cli' },
  ),
  'identities[].associations[].kubernetes.verificationJob.timeoutSeconds': set(
    JOB,
    [...K0, 'verificationJob'],
    { timeoutSeconds: 600 },
  ),
};

const read: ReadFile = (file, environment) => loadConfigFrom(file, environment);

const synth: SynthModel = (model) => {
  const { aws, workloads } = synthApp(model);
  return [aws, ...workloads];
};

describe('every setting of the file reaches the model and the Terraform', () => {
  test('the cases name exactly the leaves of the published JSON Schema', () => {
    expect(Object.keys(CASES).sort()).toEqual(schemaLeaves(SCHEMA).sort());
  });

  test('each case reads without a problem, with and without its leaf', () => {
    const refused = Object.entries(CASES).flatMap(([leaf, leafCase]) => {
      if ('readOnly' in leafCase) return [];
      return [leafCase.base, leafCase.changed].flatMap((file) => {
        try {
          read(file, leafCase.environment ?? {});
          return [];
        } catch (error) {
          return [`${leaf}: ${(error as Error).message}`];
        }
      });
    });
    expect(refused).toEqual([]);
  });

  test('no leaf is dropped: each changes the model, and the Terraform unless said why not', () => {
    const results = reached(CASES, read, synth);
    const modelOnly = new Set(
      Object.entries(CASES)
        .filter(([, leafCase]) => 'modelOnly' in leafCase && leafCase.modelOnly !== undefined)
        .map(([leaf]) => leaf),
    );
    expect(results.filter((r) => !r.model).map((r) => r.leaf)).toEqual([]);
    expect(
      results.filter((r) => !r.terraform && !modelOnly.has(r.leaf)).map((r) => r.leaf),
    ).toEqual([]);
    // A leaf said to reach the model only must really leave the Terraform alone.
    expect(results.filter((r) => r.terraform && modelOnly.has(r.leaf)).map((r) => r.leaf)).toEqual(
      [],
    );
  });

  test('names a setting that a resolver drops', () => {
    // GIVEN a reader that loses every association's tags, as a field-by-field rebuild would
    const dropsTags: ReadFile = (file, environment) => {
      const model = read(file, environment);
      return {
        ...model,
        identities: model.identities.map((i) => ({
          ...i,
          associations: i.associations.map((a) => ({ ...a, tags: {} })),
        })),
      } satisfies Model;
    };

    // WHEN the cases of the associations run through it
    const associations = Object.fromEntries(
      Object.entries(CASES).filter(([leaf]) => leaf.startsWith('identities[].associations[]')),
    );
    const results = reached(associations, dropsTags, synth);

    // THEN exactly the tags are reported, in the model and in the Terraform
    expect(results.filter((r) => !r.model || !r.terraform).map((r) => r.leaf)).toEqual([
      'identities[].associations[].tags',
    ]);
  });
});
