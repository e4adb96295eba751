import { association, identity, JsonMap } from '../support/config-files';
import {
  read,
  refusal,
  problemsOf,
  oneIdentity,
  oneAssociation,
  withDeployment,
  firstIdentity,
  A0,
  D0,
  TUTORIAL,
  ENVIRONMENT_LABEL,
  IDENTITY_NAME,
  AWS_REGION,
  S3_BUCKET_NAME,
  POLICY_ARN,
  NOT_AN_OBJECT,
} from './reading';

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
    expect(config.clusters).toStrictEqual([{ ...TUTORIAL.clusters[0], name: 'prod' }]);
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
      'clusters[0].agent: is not a known setting (known here: addons, kubernetes, name, oidcProviderArn, podIdentityAgent)',
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
      'identities[0].managedPolicies: is not a known setting (known here: associations, managedPolicyArns, migrateFromIrsa, name, preset, role, s3, statements, trust)',
    ],
    [
      'role',
      oneIdentity({ role: { roleName: 'reader' } }),
      'identities[0].role.roleName: is not a known setting (known here: adopt, arn, description, maxSessionDuration, name, namePrefix, path, permissionsBoundary, protect, release, tags)',
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
