import { AwsPartition } from '../../core/partition';
import { PresetName, PresetSettingsOf, presetSchema } from '../../presets/catalogue';
import { ACCOUNT_ID_STAND_IN } from '../../core/iam';
import { ChartValues, PresetContext, PresetDocument, ValuesContext } from '../../presets/preset';

/** The preset's settings as the configuration reader gives them: parsed by the schema. */
export function parsed<N extends PresetName>(
  settings: { readonly name: N } & Record<string, unknown>,
): PresetSettingsOf<N> {
  return presetSchema.parse(settings) as PresetSettingsOf<N>;
}

export const ACCOUNT = ACCOUNT_ID_STAND_IN;

/** Where the presets are evaluated in the tests, unless a test says otherwise. */
export const CONTEXT: PresetContext = {
  partition: 'aws',
  region: 'us-east-1',
  accountId: ACCOUNT,
  clusters: ['my-cluster'],
};

/** One region of each partition the tests build ARNs in. */
export const PARTITION_REGIONS: readonly (readonly [AwsPartition, string])[] = [
  ['aws', 'us-east-1'],
  ['aws-cn', 'cn-northwest-1'],
  ['aws-us-gov', 'us-gov-west-1'],
];

export function contextIn(partition: AwsPartition, region: string): PresetContext {
  return { partition, region, accountId: ACCOUNT, clusters: ['my-cluster'] };
}

/** A cluster name as long as EKS allows (100 characters). */
export const LONGEST_CLUSTER = 'a-very-long-cluster-name-'.padEnd(100, '0123456789');

export const HOSTED_ZONES = [
  'Z04508012XAMPLE1A2B3C',
  'Z1D633PJN98FT9',
  'Z2FDTNDATAQYW2',
  'Z0987654321EXAMPLEZONE',
  'Z3AADJGX6KTTL2',
].map((id) => `arn:aws:route53:::hostedzone/${id}`);

export const CLUSTERS = ['prod-eu-west-1', 'prod-us-east-1', 'staging', 'tools', LONGEST_CLUSTER];

export const KMS_KEYS = [
  `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  `arn:aws:kms:us-east-1:${ACCOUNT}:key/0987dcba-09fe-87dc-65ba-ab0987654321`,
  `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`,
];

export const BUCKETS = [
  'arn:aws:s3:::velero-backups-prod',
  'arn:aws:s3:::velero-backups-staging',
  'arn:aws:s3:::example.data.lake.bucket-with-a-rather-long-name-for-tests',
];

export const QUEUES = [
  `arn:aws:sqs:us-east-1:${ACCOUNT}:nth-queue`,
  `arn:aws:sqs:us-east-1:${ACCOUNT}:nth-queue-2.fifo`,
];

export const SECRETS = [
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:prod/*`,
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:shared/database-*`,
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:team-a/*`,
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:team-b/*`,
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:platform/api-keys-AbCdEf`,
];

export const PARAMETERS = [
  `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/prod/*`,
  `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/shared/*`,
  `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/team-a/*`,
  `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/team-b/*`,
  `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/platform/feature-flags`,
];

/** Where PushSecret writes: narrower than what is read, as a platform would keep it. */
export const PUSHED_SECRETS = [
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:from-cluster/*`,
  `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:from-cluster/*`,
];

export const PUSHED_PARAMETERS = [`arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/from-cluster/*`];

export const WORKSPACES = [
  `arn:aws:aps:us-east-1:${ACCOUNT}:workspace/ws-12345678-abcd-1234-abcd-123456789012`,
  `arn:aws:aps:us-east-1:${ACCOUNT}:workspace/ws-87654321-dcba-4321-dcba-210987654321`,
];

export const CERTIFICATE_AUTHORITIES = [
  `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/12345678-1234-1234-1234-123456789012`,
  `arn:aws:acm-pca:us-east-1:${ACCOUNT}:certificate-authority/87654321-4321-4321-4321-210987654321`,
];

export const NODE_ROLES = [
  `arn:aws:iam::${ACCOUNT}:role/KarpenterNodeRole-${LONGEST_CLUSTER.slice(0, 40)}`,
  `arn:aws:iam::${ACCOUNT}:role/platform/karpenter/gpu-nodes`,
  `arn:aws:iam::${ACCOUNT}:role/platform/karpenter/arm-nodes`,
];

/** Each preset with its defaults and with realistic parameters (the largest a team would give). */
export interface PresetExamples<N extends PresetName> {
  readonly defaults: PresetSettingsOf<N>;
  readonly withParameters: PresetSettingsOf<N>;
}

export const EXAMPLES: { readonly [N in PresetName]: PresetExamples<N> } = {
  'aws-load-balancer-controller': {
    defaults: parsed({ name: 'aws-load-balancer-controller' }),
    withParameters: parsed({ name: 'aws-load-balancer-controller', wafv2AclNames: true }),
  },
  'external-dns': {
    defaults: parsed({ name: 'external-dns' }),
    withParameters: parsed({ name: 'external-dns', hostedZoneArns: HOSTED_ZONES }),
  },
  'cert-manager': {
    defaults: parsed({ name: 'cert-manager' }),
    withParameters: parsed({ name: 'cert-manager', hostedZoneArns: HOSTED_ZONES }),
  },
  'cluster-autoscaler': {
    defaults: parsed({ name: 'cluster-autoscaler' }),
    withParameters: parsed({ name: 'cluster-autoscaler', clusterNames: CLUSTERS }),
  },
  karpenter: {
    defaults: parsed({ name: 'karpenter' }),
    withParameters: parsed({
      name: 'karpenter',
      clusterName: LONGEST_CLUSTER,
      nodeRoleArns: NODE_ROLES,
      interruptionQueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${LONGEST_CLUSTER.slice(0, 80)}`,
    }),
  },
  'external-secrets': {
    defaults: parsed({ name: 'external-secrets' }),
    withParameters: parsed({
      name: 'external-secrets',
      secretArns: SECRETS,
      parameterArns: PARAMETERS,
      kmsKeyArns: KMS_KEYS,
      pushSecretArns: PUSHED_SECRETS,
      pushParameterArns: PUSHED_PARAMETERS,
    }),
  },
  velero: {
    defaults: parsed({ name: 'velero', bucketArns: BUCKETS.slice(0, 1) }),
    withParameters: parsed({ name: 'velero', bucketArns: BUCKETS, kmsKeyArns: KMS_KEYS }),
  },
  'aws-node-termination-handler': {
    defaults: parsed({ name: 'aws-node-termination-handler' }),
    withParameters: parsed({
      name: 'aws-node-termination-handler',
      queueArns: QUEUES,
      heartbeats: true,
    }),
  },
  'amazon-managed-prometheus': {
    defaults: parsed({ name: 'amazon-managed-prometheus' }),
    withParameters: parsed({ name: 'amazon-managed-prometheus', workspaceArns: WORKSPACES }),
  },
  'ebs-csi': {
    defaults: parsed({ name: 'ebs-csi' }),
    withParameters: parsed({ name: 'ebs-csi', kmsKeyArns: KMS_KEYS }),
  },
  'efs-csi': {
    defaults: parsed({ name: 'efs-csi' }),
    withParameters: parsed({ name: 'efs-csi' }),
  },
  'vpc-cni': {
    defaults: parsed({ name: 'vpc-cni' }),
    withParameters: parsed({ name: 'vpc-cni', ipFamily: 'ipv6' }),
  },
  'mountpoint-s3-csi': {
    defaults: parsed({ name: 'mountpoint-s3-csi', bucketArns: BUCKETS.slice(0, 1) }),
    // Not parsed: the schema's S3 bucket ARN rule refuses directory bucket names (--x-s3).
    withParameters: {
      name: 'mountpoint-s3-csi',
      bucketArns: [...BUCKETS, 'arn:aws:s3:::training-data--use1-az4--x-s3'],
      kmsKeyArns: KMS_KEYS,
    },
  },
  'fsx-lustre-csi': {
    defaults: parsed({ name: 'fsx-lustre-csi' }),
    withParameters: parsed({ name: 'fsx-lustre-csi', leastPrivilege: true }),
  },
  'cloudwatch-observability': {
    defaults: parsed({ name: 'cloudwatch-observability' }),
    withParameters: parsed({ name: 'cloudwatch-observability' }),
  },
  adot: {
    defaults: parsed({ name: 'adot' }),
    withParameters: parsed({ name: 'adot', workspaceArns: WORKSPACES }),
  },
  'privateca-issuer': {
    defaults: parsed({ name: 'privateca-issuer' }),
    withParameters: parsed({
      name: 'privateca-issuer',
      certificateAuthorityArns: CERTIFICATE_AUTHORITIES,
    }),
  },
};

/** The examples, as [name, examples] pairs for test tables. */
export function examples(): [PresetName, PresetExamples<PresetName>][] {
  return Object.entries(EXAMPLES) as [PresetName, PresetExamples<PresetName>][];
}

/** All the actions of a preset's documents. */
export function actionsOf(documents: readonly PresetDocument[]): string[] {
  return documents.flatMap((d) => d.statements.flatMap((s) => s.actions));
}

/** The statement of `documents` with this Sid. */
export function statement(documents: readonly PresetDocument[], sid: string) {
  const found = documents.flatMap((d) => d.statements).filter((s) => s.sid === sid);
  if (found.length !== 1) throw new Error(`${found.length} statements have the Sid ${sid}`);
  return found[0];
}

/** The resources each statement that allows `action` is on, statement by statement. */
export function resourcesOf(documents: readonly PresetDocument[], action: string): string[][] {
  return documents
    .flatMap((d) => d.statements)
    .filter((s) => s.effect === 'Allow' && s.actions.includes(action))
    .map((s) => [...(s.resources ?? [])]);
}

/** The conditions of each statement that allows `action`, as `operator key=values`. */
export function conditionsOf(documents: readonly PresetDocument[], action: string): string[][] {
  return documents
    .flatMap((d) => d.statements)
    .filter((s) => s.effect === 'Allow' && s.actions.includes(action))
    .map((s) => (s.conditions ?? []).map((c) => `${c.test} ${c.variable}=${c.values.join(',')}`));
}

/** The values file of a preset for a cluster, as synth writes it (values only, no header). */
export function valuesOf<N extends PresetName>(
  preset: { values?(settings: PresetSettingsOf<N>, context: ValuesContext): ChartValues },
  settings: PresetSettingsOf<N>,
  cluster = 'my-cluster',
): ChartValues['values'] {
  return preset.values?.(settings, { cluster, region: 'us-east-1', partition: 'aws' }).values ?? {};
}
