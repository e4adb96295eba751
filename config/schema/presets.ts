import * as z from 'zod';
import { about, choice, list, named, required, settings, text } from './fields';
import * as rules from './rules';

/**
 * Presets: the permissions of a controller that platform teams install, by
 * name, with the parameters that scope them. Here are each preset's
 * parameters and the namespace and service account its Helm chart (or its
 * EKS add-on) uses; its policy, with the controller release it was written
 * from, is in policy/presets/.
 */

/** A list of ARNs scoping a permission; left out, the preset falls back to `fallback`. */
function arns(rule: rules.Rule, what: string, fallback: string) {
  return about(
    list(text(rule), `list at least one, or leave it out for ${fallback}`).optional(),
    `${what}. Default: ${fallback}. Each must be ${rule.description}.`,
  );
}

/** A list of ARNs a preset cannot do without: `why` says what its policy is scoped to. */
function requiredArns(rule: rules.Rule, what: string, why: string): z.ZodArray<z.ZodString> {
  return required(
    about(
      list(text(rule), `list at least one: ${why}`),
      `${what}. Required: ${why}. Each must be ${rule.description}.`,
    ),
    `: ${why}`,
  );
}

/** Every preset parameter, written once; each preset takes the ones that scope its policy. */
export const parameters = {
  hostedZoneArns: (fallback: string) =>
    arns(rules.route53HostedZoneArn, 'Route 53 hosted zones it may change records in', fallback),
  clusterNames: (fallback: string) =>
    about(
      list(
        text(rules.eksClusterName),
        `list at least one, or leave it out for ${fallback}`,
      ).optional(),
      `Clusters whose Auto Scaling groups (tagged k8s.io/cluster-autoscaler/<name>=owned) it may scale. Default: ${fallback}.`,
    ),
  kmsKeyArns: (what: string, fallback: string) => arns(rules.kmsKeyArn, what, fallback),
  bucketArns: (what: string, why: string, rule: rules.Rule = rules.s3BucketArn) =>
    requiredArns(rule, what, why),
  queueArns: (fallback: string) =>
    arns(rules.sqsQueueArn, 'SQS queues it receives events from and deletes them in', fallback),
  parameterArns: (fallback: string, what = 'SSM parameters it reads (wildcards allowed)') =>
    arns(rules.ssmParameterArn, what, fallback),
  secretArns: (fallback: string, what = 'Secrets Manager secrets it reads (wildcards allowed)') =>
    arns(rules.secretArn, what, fallback),
  workspaceArns: (fallback: string) =>
    arns(
      rules.prometheusWorkspaceArn,
      'Amazon Managed Prometheus workspaces it writes to',
      fallback,
    ),
  certificateAuthorityArns: (fallback: string) =>
    arns(rules.privateCaArn, 'AWS Private CA certificate authorities it issues from', fallback),
} as const;

/** The preset's name, the discriminator of its settings. */
const presetName = <const N extends string>(name: N) =>
  about(z.literal(name), `The preset: ${name}.`);

const presetVariants = [
  settings({ name: presetName('aws-load-balancer-controller') }),
  settings({
    name: presetName('external-dns'),
    hostedZoneArns: parameters.hostedZoneArns(
      'every hosted zone of the account, as external-dns documents',
    ),
  }),
  settings({
    name: presetName('cert-manager'),
    hostedZoneArns: parameters.hostedZoneArns(
      'every hosted zone of the account, as cert-manager documents',
    ),
  }),
  settings({
    name: presetName('cluster-autoscaler'),
    clusterNames: parameters.clusterNames(
      'every Auto Scaling group of the account, as the cluster-autoscaler README documents',
    ),
  }),
  settings({
    name: presetName('karpenter'),
    clusterName: named(
      rules.eksClusterName,
      'The cluster Karpenter provisions nodes for: its tags and its node role name. Default: the one cluster the identity is associated on.',
    ).optional(),
    nodeRoleArns: about(
      list(
        text(rules.iamRoleArn),
        'list at least one, or leave it out for KarpenterNodeRole-<clusterName>',
      ).optional(),
      `Node roles Karpenter may pass to the instances it launches. Default: the role of Karpenter's getting-started guide, KarpenterNodeRole-<clusterName>. Each must be ${rules.iamRoleArn.description}.`,
    ),
    interruptionQueueArn: named(
      rules.sqsQueueArn,
      "Interruption queue Karpenter reads. Default: the getting-started guide's queue, named after the cluster.",
    ).optional(),
    interruption: about(
      z.boolean(),
      "Let Karpenter read and delete its interruption queue's messages, as the chart's settings.interruptionQueue turns on; false leaves the Interruption policy out (the chart's default: no queue).",
    ).default(true),
    zonalShift: about(
      z.boolean(),
      "Let Karpenter read its cluster's zonal shift status, as the chart's settings.enableZonalShift turns on; false leaves the ZonalShift policy out (the chart's default: off).",
    ).default(true),
  }),
  settings({
    name: presetName('external-secrets'),
    secretArns: parameters.secretArns('every secret of the account in the region'),
    parameterArns: parameters.parameterArns('every parameter of the account in the region'),
    kmsKeyArns: parameters.kmsKeyArns(
      'Customer managed KMS keys the secrets and parameters are encrypted with (kms:Decrypt through Secrets Manager and SSM; with a push list, also kms:GenerateDataKey and kms:Encrypt)',
      'none: AWS managed keys need no grant',
    ),
    pushSecretArns: parameters.secretArns(
      'none: PushSecret cannot write to Secrets Manager',
      "Secrets Manager secrets PushSecret may create, update, and delete when tagged managed-by=external-secrets (as ESO tags the secrets it creates). Wildcards allowed: Secrets Manager adds a random suffix to a new secret's name, so end each with *, as in secret:from-cluster/*",
    ),
    pushParameterArns: parameters.parameterArns(
      'none: PushSecret cannot write to Parameter Store',
      'SSM parameters PushSecret may create, update, and delete when tagged managed-by=external-secrets (wildcards allowed)',
    ),
  }),
  settings({
    name: presetName('velero'),
    bucketArns: parameters.bucketArns(
      'Buckets Velero writes backups to',
      "the Velero AWS plugin's policy is scoped to the backup bucket",
    ),
    kmsKeyArns: parameters.kmsKeyArns(
      'KMS keys of the bucket (SSE-KMS) and of the EBS volumes it snapshots',
      'none: S3-managed and AWS managed keys need no grant',
    ),
  }),
  settings({
    name: presetName('aws-node-termination-handler'),
    queueArns: parameters.queueArns('every queue, as the Queue Processor mode README documents'),
    heartbeats: about(
      z.boolean(),
      "Allow autoscaling:RecordLifecycleActionHeartbeat, which NTH calls to extend a termination lifecycle hook when the chart's heartbeatInterval is set (lifecycle heartbeats, off in the chart).",
    ).default(false),
  }),
  settings({
    name: presetName('amazon-managed-prometheus'),
    workspaceArns: parameters.workspaceArns(
      'every workspace, through the AWS-managed AmazonPrometheusRemoteWriteAccess',
    ),
  }),
  settings({
    name: presetName('ebs-csi'),
    kmsKeyArns: parameters.kmsKeyArns(
      'KMS keys of encrypted volumes (the driver documented KMS statements)',
      'none: unencrypted volumes and the AWS managed key need no grant',
    ),
  }),
  settings({ name: presetName('efs-csi') }),
  settings({
    name: presetName('vpc-cni'),
    ipFamily: about(
      choice(['ipv4', 'ipv6']),
      "The cluster's IP family: ipv4 attaches AmazonEKS_CNI_Policy; ipv6 the CNI documented IPv6 policy.",
    ).default('ipv4'),
  }),
  settings({
    name: presetName('mountpoint-s3-csi'),
    bucketArns: parameters.bucketArns(
      'Buckets the driver mounts: general purpose buckets, or S3 Express directory buckets by their s3express ARN',
      "Mountpoint's policy is scoped to the buckets it mounts",
      rules.mountableBucketArn,
    ),
  }),
  settings({ name: presetName('fsx-lustre-csi') }),
  settings({ name: presetName('cloudwatch-observability') }),
  settings({
    name: presetName('adot'),
    workspaceArns: parameters.workspaceArns(
      'every workspace, through the AWS-managed AmazonPrometheusRemoteWriteAccess',
    ),
  }),
  settings({
    name: presetName('privateca-issuer'),
    certificateAuthorityArns: parameters.certificateAuthorityArns(
      'every certificate authority, through the AWS-managed AWSPrivateCAConnectorForKubernetesPolicy',
    ),
  }),
] as const;

export const preset = about(
  z.discriminatedUnion('name', presetVariants),
  "A controller's permissions by name, scoped by its parameters; with no associations, the identity is associated on every cluster with the controller's usual namespace and service account.",
);

export type PresetConfig = z.output<typeof preset>;
export type PresetName = PresetConfig['name'];
/** The settings of one preset. */
export type PresetOf<N extends PresetName> = Extract<PresetConfig, { readonly name: N }>;

/** Where a preset's controller runs, as its Helm chart (or EKS add-on) installs it. */
export interface PresetPlacement {
  readonly namespace: string;
  readonly serviceAccount: string;
}

export const PRESET_PLACEMENTS: Readonly<Record<PresetName, PresetPlacement>> = {
  'aws-load-balancer-controller': {
    namespace: 'kube-system',
    serviceAccount: 'aws-load-balancer-controller',
  },
  'external-dns': { namespace: 'external-dns', serviceAccount: 'external-dns' },
  'cert-manager': { namespace: 'cert-manager', serviceAccount: 'cert-manager' },
  'cluster-autoscaler': { namespace: 'kube-system', serviceAccount: 'cluster-autoscaler' },
  karpenter: { namespace: 'kube-system', serviceAccount: 'karpenter' },
  'external-secrets': { namespace: 'external-secrets', serviceAccount: 'external-secrets' },
  velero: { namespace: 'velero', serviceAccount: 'velero-server' },
  'aws-node-termination-handler': {
    namespace: 'kube-system',
    serviceAccount: 'aws-node-termination-handler',
  },
  'amazon-managed-prometheus': {
    namespace: 'prometheus',
    serviceAccount: 'amp-iamproxy-ingest-service-account',
  },
  'ebs-csi': { namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' },
  'efs-csi': { namespace: 'kube-system', serviceAccount: 'efs-csi-controller-sa' },
  'vpc-cni': { namespace: 'kube-system', serviceAccount: 'aws-node' },
  'mountpoint-s3-csi': { namespace: 'kube-system', serviceAccount: 's3-csi-driver-sa' },
  'fsx-lustre-csi': { namespace: 'kube-system', serviceAccount: 'fsx-csi-controller-sa' },
  'cloudwatch-observability': {
    namespace: 'amazon-cloudwatch',
    serviceAccount: 'cloudwatch-agent',
  },
  adot: { namespace: 'opentelemetry-operator-system', serviceAccount: 'adot-col-prom-metrics' },
  'privateca-issuer': { namespace: 'aws-privateca-issuer', serviceAccount: 'aws-privateca-issuer' },
};

/** The preset names, in the order the schema lists them. */
export const PRESET_NAMES = presetVariants.map((variant) => variant.shape.name.value);

/** The parameters preset `name` takes, from its settings. */
export function presetParameterNames(name: PresetName): readonly string[] {
  const variant = presetVariants.find((v) => v.shape.name.value === name);
  return Object.keys(variant?.shape ?? {}).filter((key) => key !== 'name');
}
