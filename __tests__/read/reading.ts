import { ConfigError } from '../../read/config-error';
import { association, identity, JsonMap, refusalOf } from '../support/config-files';
import { ConfigInputs, readConfig } from '../../read/read-config';
import { byDefault, derived, inFile, Origin } from '../../core/origin';
import { Deployment, Identity, Model } from '../../model/model';

/**
 * The reader's tests, by section of the configuration: building a file piece
 * by piece, reading it, catching refusals, and the values and wording they
 * expect.
 */

export type Overrides = Omit<ConfigInputs, 'source' | 'file'>;

/** WHEN the file (absent when undefined) is read with the environment's overrides. */
export function read(file?: unknown, overrides: Overrides = {}): Model {
  return readConfig({ source: 'test.json', file, ...overrides });
}

/** The ConfigError the configuration is refused with. */
export function refusal(file: unknown, overrides: Overrides = {}): ConfigError {
  return refusalOf(() => read(file, overrides));
}

/** The problem lines the configuration is refused with. */
export function problemsOf(file: unknown, overrides: Overrides = {}): readonly string[] {
  return refusal(file, overrides).problems;
}

/** A file with the one identity "app", `extra` merged into it. */
export function oneIdentity(extra: JsonMap = {}, top: JsonMap = {}): JsonMap {
  return { ...top, identities: [identity('app', extra)] };
}

/** A file with one identity whose one association (app/app-sa) carries `extra`. */
export function oneAssociation(extra: JsonMap, top: JsonMap = {}): JsonMap {
  return oneIdentity({ associations: [association('app', 'app-sa', extra)] }, top);
}

/** A file whose one association creates the given deployment. */
export function withDeployment(deployment: unknown): JsonMap {
  return oneAssociation({ kubernetes: { deployment } });
}

/** `count` associations in namespace "ns" that create nothing in the cluster. */
export function manyAssociations(count: number, extra: JsonMap = {}): JsonMap[] {
  return Array.from({ length: count }, (_, i) =>
    association('ns', `sa-${i}`, { kubernetes: false, ...extra }),
  );
}

/** `count` distinct tags `<stem>0`..., all with the value "x". */
export function tags(stem: string, count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${stem}${i}`, 'x']));
}

export function firstIdentity(config: Model): Identity {
  return config.identities[0];
}

export function firstDeployment(config: Model): Deployment | undefined {
  return config.identities[0].associations[0].kubernetes?.deployment;
}

// Expected values, written out literally.

export const A0 = 'identities[0].associations[0]';
export const D0 = `${A0}.kubernetes.deployment`;

export const HARDENED = {
  requests: { cpu: '50m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

export const TUTORIAL_DEPLOYMENT: Deployment = {
  name: 'dvawscli',
  image: 'dennysv/dvawscli',
  replicas: 1,
  command: undefined,
  labels: { app: 'dvawscli' },
  resources: HARDENED,
  waitForRollout: true,
  hardened: true,
  runAsNonRoot: false,
};

/** What `kubernetes: true` creates: the namespace, the service account and the Deployment. */
export const TUTORIAL_OBJECTS = {
  createNamespace: true,
  deployment: TUTORIAL_DEPLOYMENT,
  verificationJob: undefined,
};

/** A role named `name`, every other setting left out. */
export function role(name: string, nameOrigin: Origin): Identity['role'] {
  return {
    kind: 'created',
    arn: undefined,
    adoption: undefined,
    name,
    namePrefix: undefined,
    nameOrigin,
    path: undefined,
    description: undefined,
    permissionsBoundary: undefined,
    maxSessionDuration: undefined,
    tags: {},
  };
}

export const TUTORIAL: Model = {
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
  clusters: [
    {
      name: 'example',
      origin: byDefault('clusters'),
      podIdentityAgent: undefined,
      kubernetesAuth: { kind: 'ephemeral-token' },
      oidcProviderArn: undefined,
      addons: [],
    },
  ],
  identities: [
    {
      name: 'example',
      origin: byDefault('identities'),
      role: role('eks-pod-identity-example', byDefault('identities')),
      preset: undefined,
      s3: { access: 'managed-read-only', buckets: ['eks-automation'] },
      managedPolicyArns: [],
      statements: [],
      trust: { sourceAccount: false, restrictToAssociations: false },
      associations: [
        {
          cluster: 'example',
          namespace: 'example',
          serviceAccount: 'exampleserviceaccount',
          origin: byDefault('identities'),
          tags: {},
          kubernetes: TUTORIAL_OBJECTS,
          addon: undefined,
        },
      ],
      irsa: undefined,
      arns: [],
    },
  ],
  backend: { kind: 'local' },
};

/** What `identity(name)` resolves to: every option at its default. */
export function resolvedIdentity(name: string, index = 0): Identity {
  const origin = inFile('identities', index);
  return {
    name,
    origin,
    role: role(
      `eks-pod-identity-${name}`,
      derived(inFile('identities', index, 'name'), 'derived role name'),
    ),
    preset: undefined,
    s3: { access: 'managed-read-only', buckets: [] },
    managedPolicyArns: [],
    statements: [],
    trust: { sourceAccount: false, restrictToAssociations: false },
    associations: [
      {
        cluster: 'example',
        namespace: name,
        serviceAccount: `${name}-sa`,
        origin: inFile('identities', index, 'associations', 0),
        tags: {},
        kubernetes: TUTORIAL_OBJECTS,
        addon: undefined,
      },
    ],
    irsa: undefined,
    arns: [],
  };
}

// The rules' wording, as the messages show it.
export const DNS_LABEL =
  "a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)";
export const DNS_SUBDOMAIN =
  "a DNS-1123 subdomain (at most 253 characters: dot-separated DNS-1123 labels of lowercase letters, digits and '-')";
export const ENVIRONMENT_LABEL =
  "an environment label (at most 32 lowercase letters, digits and '-', starting and ending with a letter or digit)";
export const IDENTITY_NAME =
  "an identity name (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit; not addons, aws, backend, current or roles, the names the AWS stack gives its own constructs)";
export const EKS_CLUSTER_NAME =
  'an EKS cluster name (1 to 100 letters, digits, hyphens and underscores, starting with a letter or digit)';
export const AWS_REGION =
  "an AWS region name (such as 'us-east-1', 'eu-central-2', 'cn-north-1' or 'us-gov-west-1')";
export const IAM_ROLE_NAME = "an IAM role name (1 to 64 letters, digits and '+=,.@_-')";
export const IAM_ROLE_NAME_PREFIX =
  "an IAM role name prefix (1 to 38 letters, digits and '+=,.@_-': Terraform appends 26 characters and IAM allows 64)";
export const S3_BUCKET_NAME =
  "an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, no reserved prefix 'xn--', 'sthree-' or 'amzn-s3-demo-', no reserved suffix '-s3alias', '--ol-s3', '.mrap', '--x-s3' or '--table-s3')";
export const POLICY_ARN =
  'a managed policy ARN (arn:<partition>:iam::<account or aws>:policy/<path><name>)';
export const AWS_TAG_KEY =
  "an AWS tag key (1 to 128 letters, digits, spaces and '_.:/=+-@', not starting with 'aws:')";
export const LABEL_VALUE =
  "a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty)";
export const NO_ASSOCIATION =
  'each identity needs at least one association: its role is only used through them';
export const NOT_AN_OBJECT = ': a configuration file holds one JSON object';
export const KMS_KEY =
  'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

// ---------------------------------------------------------------------------

/** The file read with environment variables, as `loadConfig` passes them. */
export function loadConfigFrom(
  file: unknown,
  environment: Readonly<Record<string, string>>,
): Model {
  return readConfig({
    source: 'test.json',
    file,
    clusterName: environment.CLUSTER_NAME,
    region: environment.AWS_REGION,
    terraformCloud: {
      organization: environment.TF_CLOUD_ORGANIZATION,
      hostname: environment.TF_CLOUD_HOSTNAME,
      project: environment.TF_CLOUD_PROJECT,
    },
  });
}
