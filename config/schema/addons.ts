import * as z from 'zod';
import { about, choice, missing, named, report, settings, stringMap } from './fields';
import { awsTags } from './identities';
import { kindOf } from './json-value';
import { parameters, preset, presetParameterNames, PresetName, PRESET_PLACEMENTS } from './presets';
import * as rules from './rules';

/**
 * EKS managed add-ons (`aws_eks_addon`), with the Pod Identity associations
 * of the ones that call AWS: for an add-on AWS documents as Pod Identity
 * capable, the built-in table gives its preset (the permissions AWS
 * recommends) and service accounts, so `{ "name": "aws-ebs-csi-driver" }`
 * alone creates its role and association.
 */

export interface PodIdentityAddon {
  /** The preset holding the permissions AWS recommends; its placement gives the namespace. */
  readonly preset: PresetName;
  /** The add-on's service accounts that take an association; the preset's one by default. */
  readonly serviceAccounts?: readonly string[];
}

/**
 * The add-ons AWS documents as Pod Identity capable (EKS user guide: "add-ons
 * that support EKS Pod Identity", the add-on pages, and
 * `aws eks describe-addon-configuration`'s podIdentityConfiguration).
 */
export const POD_IDENTITY_ADDONS: Readonly<Record<string, PodIdentityAddon>> = {
  'aws-ebs-csi-driver': { preset: 'ebs-csi' },
  'aws-efs-csi-driver': { preset: 'efs-csi' },
  'vpc-cni': { preset: 'vpc-cni' },
  'amazon-cloudwatch-observability': { preset: 'cloudwatch-observability' },
  adot: {
    preset: 'adot',
    // The ADOT collector add-on's three collectors, each with its own service account.
    serviceAccounts: ['adot-col-prom-metrics', 'adot-col-otlp-ingest', 'adot-col-container-logs'],
  },
  'aws-mountpoint-s3-csi-driver': { preset: 'mountpoint-s3-csi' },
  'aws-fsx-csi-driver': { preset: 'fsx-lustre-csi' },
  'aws-privateca-connector-for-kubernetes': { preset: 'privateca-issuer' },
};

/** Namespace and service accounts of a Pod Identity add-on. */
export function addonPlacement(addon: PodIdentityAddon) {
  const placement = PRESET_PLACEMENTS[addon.preset];
  return {
    namespace: placement.namespace,
    serviceAccounts: addon.serviceAccounts ?? [placement.serviceAccount],
  };
}

/**
 * Add-ons a cluster cannot run without (its networking, DNS, and Pod
 * Identity itself): by default EKS keeps their resources on the cluster when
 * Terraform deletes the add-on, so that removing one from the configuration
 * cannot take the cluster's network down.
 */
export const ESSENTIAL_ADDONS: readonly string[] = [
  'vpc-cni',
  'coredns',
  'kube-proxy',
  'eks-pod-identity-agent',
];

/** The add-on of the Pod Identity agent, which `podIdentityAgent` manages too. */
export const POD_IDENTITY_AGENT_ADDON = 'eks-pod-identity-agent';

/** The preset parameters an add-on entry may carry, for the add-ons whose preset takes them. */
const ADDON_PARAMETERS = [
  'kmsKeyArns',
  'bucketArns',
  'workspaceArns',
  'certificateAuthorityArns',
  'ipFamily',
] as const;

const addonSettings = settings({
  name: named(
    rules.addonName,
    "The add-on's name, as `aws eks describe-addon-versions` lists it. An add-on of the built-in Pod Identity table gets its role and association by itself; any other is created as a plain add-on.",
  ),
  version: named(
    rules.addonVersion,
    "Add-on version. Default: EKS's default for the cluster's Kubernetes version.",
  ).optional(),
  resolveConflictsOnCreate: about(
    choice(['OVERWRITE', 'NONE']),
    'What EKS does with an existing self-managed installation when it creates the add-on: OVERWRITE takes it over.',
  ).default('OVERWRITE'),
  resolveConflictsOnUpdate: about(
    choice(['OVERWRITE', 'PRESERVE', 'NONE']),
    'What EKS does with fields changed outside the add-on when it updates it.',
  ).default('OVERWRITE'),
  configurationValues: about(
    z
      .custom<unknown>(() => true)
      .transform((value, context): Readonly<Record<string, unknown>> => {
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          return value as Readonly<Record<string, unknown>>;
        }
        report(context, { message: `is ${kindOf(value)}, not an object`, value });
        return z.NEVER;
      })
      .meta({ type: 'object' }),
    "The add-on's configuration (its `aws eks describe-addon-configuration` schema), as a JSON object.",
  ).optional(),
  preserve: about(
    z.boolean(),
    "Keep the add-on's resources on the cluster when Terraform deletes the add-on. Default: true for vpc-cni, coredns, kube-proxy and eks-pod-identity-agent (a cluster cannot run without them), false otherwise.",
  ).optional(),
  tags: awsTags('Tags of the add-on.'),
  namespace: named(
    rules.dnsLabel,
    "Namespace of the add-on's service accounts, for an add-on outside the built-in table (the built-in ones know theirs). Default: kube-system.",
  ).optional(),
  serviceAccounts: about(
    stringMap(rules.dnsSubdomain, rules.identityName).optional(),
    'Instead of the add-on\'s own role: its service accounts mapped to identities of this configuration (`{ "ebs-csi-controller-sa": "storage" }`). Required for Pod Identity with an add-on outside the built-in table.',
  ),
  kmsKeyArns: parameters.kmsKeyArns(
    'aws-ebs-csi-driver: KMS keys of encrypted volumes',
    'none: unencrypted volumes and the AWS managed key need no grant',
  ),
  bucketArns: parameters
    .bucketArns(
      'aws-mountpoint-s3-csi-driver: buckets the driver mounts, general purpose or S3 Express directory buckets',
      "Mountpoint's policy is scoped to the buckets it mounts",
      rules.mountableBucketArn,
    )
    .optional(),
  workspaceArns: parameters.workspaceArns(
    'adot: every workspace, through the AWS-managed AmazonPrometheusRemoteWriteAccess',
  ),
  certificateAuthorityArns: parameters.certificateAuthorityArns(
    'aws-privateca-connector-for-kubernetes: every certificate authority, through the AWS-managed AWSPrivateCAConnectorForKubernetesPolicy',
  ),
  ipFamily: about(
    choice(['ipv4', 'ipv6']),
    "vpc-cni: the cluster's IP family (ipv4 attaches AmazonEKS_CNI_Policy; ipv6 the CNI's documented IPv6 policy). Default: ipv4.",
  ).optional(),
});

type AddonSettings = z.output<typeof addonSettings>;

/** The add-on with its defaults, and its preset's settings when it has its own role. */
function resolveAddon(addon: AddonSettings, context: z.core.$RefinementCtx) {
  const podIdentity = POD_IDENTITY_ADDONS[addon.name] as PodIdentityAddon | undefined;
  const given = ADDON_PARAMETERS.filter((key) => addon[key] !== undefined);
  const takes = podIdentity === undefined ? [] : presetParameters(podIdentity.preset);
  for (const key of given.filter((key) => !takes.includes(key))) {
    report(context, {
      path: [key],
      message:
        podIdentity === undefined
          ? `does not apply to add-on ${JSON.stringify(addon.name)}, which has no role of its own here`
          : `does not apply to add-on ${JSON.stringify(addon.name)} (${takes.length === 0 ? 'it takes no parameters' : `it takes ${takes.join(', ')}`})`,
    });
  }
  if (podIdentity !== undefined && addon.namespace !== undefined) {
    report(context, {
      path: ['namespace'],
      message: `does not apply to add-on ${JSON.stringify(addon.name)}, whose namespace is known (${addonPlacement(podIdentity).namespace})`,
    });
  }
  if (podIdentity !== undefined && addon.serviceAccounts !== undefined && given.length > 0) {
    report(context, {
      path: [given[0]],
      message:
        "does not apply with serviceAccounts: the identities' own settings give the permissions",
    });
  }
  const parameters = Object.fromEntries(given.map((key) => [key, addon[key]]));
  if (podIdentity !== undefined && addon.serviceAccounts === undefined) {
    // The add-on's role is its preset's: its parameters are checked as the preset checks them.
    const checked = preset.safeParse(
      { name: podIdentity.preset, ...parameters },
      {
        error: (issue) =>
          issue.code === 'invalid_type' && issue.input === undefined
            ? missing(issue.inst as z.core.$ZodType)
            : undefined,
      },
    );
    for (const issue of checked.success ? [] : checked.error.issues) {
      if (issue.code === 'invalid_type' && issue.input === undefined) {
        report(context, { path: issue.path, message: issue.message });
      }
    }
  }
  const { configurationValues, preserve } = addon;
  return {
    name: addon.name,
    ...(addon.version !== undefined && { version: addon.version }),
    resolveConflictsOnCreate: addon.resolveConflictsOnCreate,
    resolveConflictsOnUpdate: addon.resolveConflictsOnUpdate,
    ...(configurationValues !== undefined && {
      configurationValues: JSON.stringify(configurationValues),
    }),
    preserve: preserve ?? ESSENTIAL_ADDONS.includes(addon.name),
    tags: addon.tags,
    ...(addon.serviceAccounts !== undefined && { serviceAccounts: addon.serviceAccounts }),
    namespace:
      addon.namespace ??
      (podIdentity === undefined ? 'kube-system' : addonPlacement(podIdentity).namespace),
    /** The preset's parameters, for an add-on with a role of its own. */
    parameters: parameters as Partial<Pick<AddonSettings, (typeof ADDON_PARAMETERS)[number]>>,
  };
}

/** The add-on parameters a preset takes. */
function presetParameters(preset: PresetName): readonly string[] {
  const names = presetParameterNames(preset);
  return ADDON_PARAMETERS.filter((key) => names.includes(key));
}

export const addon = addonSettings.transform(resolveAddon);

export type ParsedAddon = z.output<typeof addon>;
