/**
 * The EKS managed add-ons the test-only EKS double knows, written from AWS's
 * documentation as facts and kept apart from the project's own tables, so a
 * test of the project against the double is not the project checked against
 * itself. Each fact names its source; where no source was found the entry
 * says so and is the double's own choice.
 *
 * Sources (read in the EKS user guide's source, awsdocs/amazon-eks-user-guide,
 * `latest/ug/...`):
 * - [available] workloads/workloads-add-ons-available-eks.adoc: add-on names,
 *   namespaces and the service accounts the IAM roles are for.
 * - [iam-info] workloads/retreive-iam-info.adoc: which add-ons take EKS Pod
 *   Identity, from which version, and the `DescribeAddonVersions` /
 *   `DescribeAddonConfiguration` sample for aws-ebs-csi-driver
 *   (v1.31.0-eksbuild.1, type "storage", podIdentityConfiguration
 *   ebs-csi-controller-sa).
 * - [vpc-cni] networking/managing-vpc-cni.adoc, [coredns]
 *   networking/managing-coredns.adoc, [kube-proxy]
 *   networking/managing-kube-proxy.adoc: the latest add-on version per
 *   Kubernetes version.
 * - [agent] the EKS user guide's Pod Identity agent setup and the
 *   aws-samples/eks-workshop-v2 Pod Identity lab: `create-addon` outputs with
 *   v1.0.0-eksbuild.1 and v1.1.0-eksbuild.1.
 *
 * Compatibility: [vpc-cni], [coredns] and [kube-proxy] give it per Kubernetes
 * version. For the other add-ons no source gives the matrix, so the double
 * lets their versions install on every version in `CLUSTER_VERSIONS` and
 * makes the newest one the default. That is a simplification, not a fact.
 */

export interface AddonVersionFacts {
  /** As EKS spells it, `v<semver>-eksbuild.<n>`. */
  readonly version: string;
  /** Kubernetes versions (`1.31`) this version installs on. */
  readonly clusterVersions: readonly string[];
  /** Kubernetes versions for which this is the default (`defaultVersion: true`). */
  readonly defaultFor: readonly string[];
  /** Whether `podIdentityAssociations` are accepted for this version. */
  readonly podIdentity: boolean;
}

export interface AddonFacts {
  readonly name: string;
  /** `DescribeAddonVersions`' `type`. */
  readonly type: string;
  /** Where the add-on runs, and so where its Pod Identity associations go. */
  readonly namespace: string;
  /**
   * The service accounts that take a Pod Identity association
   * (`DescribeAddonConfiguration`'s `podIdentityConfiguration`); empty when
   * the add-on takes none.
   */
  readonly podIdentityServiceAccounts: readonly string[];
  /** Newest first, as `DescribeAddonVersions` lists them. */
  readonly versions: readonly AddonVersionFacts[];
}

/** The Kubernetes versions the double's catalogue covers. */
export const CLUSTER_VERSIONS = ['1.29', '1.30', '1.31', '1.32', '1.33'] as const;

const EVERY = CLUSTER_VERSIONS;
const NONE: readonly string[] = [];

/** A version the double lets install on every covered Kubernetes version (no source gives its matrix). */
function anyCluster(version: string, podIdentity: boolean, isDefault = false): AddonVersionFacts {
  return { version, clusterVersions: EVERY, defaultFor: isDefault ? EVERY : NONE, podIdentity };
}

export const ADDON_CATALOGUE: readonly AddonFacts[] = [
  {
    // [available]: kube-system, service account aws-node.
    name: 'vpc-cni',
    type: 'networking',
    namespace: 'kube-system',
    podIdentityServiceAccounts: ['aws-node'],
    versions: [
      // [vpc-cni]: the latest for Kubernetes 1.27 to 1.33.
      { ...anyCluster('v1.20.1-eksbuild.3', true), defaultFor: EVERY },
      // Named in hashicorp/terraform-provider-aws#39128 (an aws_eks_addon config).
      anyCluster('v1.18.3-eksbuild.2', true),
      // [iam-info]: the first version that takes Pod Identity.
      anyCluster('v1.15.5-eksbuild.1', true),
    ],
  },
  {
    // [available]: "This add-on doesn't require any permissions."
    name: 'coredns',
    type: 'networking',
    namespace: 'kube-system',
    podIdentityServiceAccounts: [],
    versions: [
      // [coredns]: the latest per Kubernetes version.
      {
        version: 'v1.12.3-eksbuild.1',
        clusterVersions: ['1.33'],
        defaultFor: ['1.33'],
        podIdentity: false,
      },
      {
        version: 'v1.11.4-eksbuild.22',
        clusterVersions: ['1.29', '1.30', '1.31', '1.32'],
        defaultFor: ['1.29', '1.30', '1.31', '1.32'],
        podIdentity: false,
      },
    ],
  },
  {
    // [available]: "This add-on doesn't require any permissions."
    name: 'kube-proxy',
    type: 'networking',
    namespace: 'kube-system',
    podIdentityServiceAccounts: [],
    versions: [
      // [kube-proxy]: one version per Kubernetes minor; the source stops at 1.31.
      {
        version: 'v1.31.3-eksbuild.2',
        clusterVersions: ['1.31'],
        defaultFor: ['1.31'],
        podIdentity: false,
      },
      {
        version: 'v1.30.7-eksbuild.2',
        clusterVersions: ['1.30'],
        defaultFor: ['1.30'],
        podIdentity: false,
      },
      {
        version: 'v1.29.11-eksbuild.2',
        clusterVersions: ['1.29'],
        defaultFor: ['1.29'],
        podIdentity: false,
      },
    ],
  },
  {
    // [available]: kube-system, ebs-csi-controller-sa; [iam-info] type "storage".
    name: 'aws-ebs-csi-driver',
    type: 'storage',
    namespace: 'kube-system',
    podIdentityServiceAccounts: ['ebs-csi-controller-sa'],
    versions: [
      // [iam-info]: the default in its sample output.
      anyCluster('v1.31.0-eksbuild.1', true, true),
      // [iam-info]: the first version that takes Pod Identity.
      anyCluster('v1.26.0-eksbuild.1', true),
      // Named in hashicorp/terraform-provider-aws#33385; older than Pod Identity support.
      anyCluster('v1.11.4-eksbuild.1', false),
    ],
  },
  {
    // [available]: kube-system, efs-csi-controller-sa. The managed add-on takes
    // Pod Identity for the controller's account only
    // (kubernetes-sigs/aws-efs-csi-driver#1759).
    name: 'aws-efs-csi-driver',
    type: 'storage',
    namespace: 'kube-system',
    podIdentityServiceAccounts: ['efs-csi-controller-sa'],
    versions: [
      // Named in public `describe-addon-configuration` calls; newer than the first with Pod Identity.
      anyCluster('v2.0.8-eksbuild.1', true, true),
      // [iam-info]: the first version that takes Pod Identity.
      anyCluster('v2.0.5-eksbuild.1', true),
      // Named in public `create-addon` scripts; older than Pod Identity support.
      anyCluster('v2.0.1-eksbuild.1', false),
    ],
  },
  {
    // [available]: kube-system, fsx-csi-controller-sa; "requires the EKS Pod
    // Identity agent for authentication". No source for a version string: the
    // one below is the double's stand-in.
    name: 'aws-fsx-csi-driver',
    type: 'storage',
    namespace: 'kube-system',
    podIdentityServiceAccounts: ['fsx-csi-controller-sa'],
    versions: [anyCluster('v1.0.0-eksbuild.1', true, true)],
  },
  {
    // [available]: kube-system, s3-csi-driver-sa. [iam-info] (October 2024):
    // no Pod Identity; awslabs/mountpoint-s3-csi-driver#504 and its v2
    // CONFIGURATION.md: the v2 add-on (2025) takes it for s3-csi-driver-sa.
    // No source for the version strings: both are the double's stand-ins.
    name: 'aws-mountpoint-s3-csi-driver',
    type: 'storage',
    namespace: 'kube-system',
    podIdentityServiceAccounts: ['s3-csi-driver-sa'],
    versions: [
      anyCluster('v2.0.0-eksbuild.1', true, true),
      anyCluster('v1.15.0-eksbuild.1', false),
    ],
  },
  {
    // [available]: namespace amazon-cloudwatch, service account
    // cloudwatch-agent. EKS refuses another account of that namespace:
    // terraform-aws-modules/terraform-aws-eks#3520 quotes "Service account
    // amazon-cloudwatch in pod identity configuration is not supported for
    // addon amazon-cloudwatch-observability".
    name: 'amazon-cloudwatch-observability',
    type: 'observability',
    namespace: 'amazon-cloudwatch',
    podIdentityServiceAccounts: ['cloudwatch-agent'],
    // [iam-info]: the first version that takes Pod Identity.
    versions: [anyCluster('v3.1.0-eksbuild.1', true, true)],
  },
  {
    // Namespace and collector service accounts: AWS Distro for OpenTelemetry's
    // EKS add-on docs (aws-otel.github.io, advanced configuration) and the
    // adot Pod Identity test of aws-controllers-k8s/eks-controller.
    name: 'adot',
    type: 'observability',
    namespace: 'opentelemetry-operator-system',
    podIdentityServiceAccounts: [
      'adot-col-prom-metrics',
      'adot-col-otlp-ingest',
      'adot-col-container-logs',
    ],
    // [iam-info]: the first version that takes Pod Identity.
    versions: [anyCluster('v0.94.1-eksbuild.1', true, true)],
  },
  {
    // [available]: "The add-on namespace is aws-privateca-issuer"; Pod
    // Identity for the aws-privateca-issuer service account. No source for a
    // version string or type: both are the double's stand-ins.
    name: 'aws-privateca-connector-for-kubernetes',
    type: 'security',
    namespace: 'aws-privateca-issuer',
    podIdentityServiceAccounts: ['aws-privateca-issuer'],
    versions: [anyCluster('v1.0.0-eksbuild.1', true, true)],
  },
  {
    // [available]: uses the node IAM role, takes no Pod Identity association.
    // Type "security": the add-on's `DescribeAddonVersions` entry as quoted in
    // public catalogues (no AWS page found).
    name: 'eks-pod-identity-agent',
    type: 'security',
    namespace: 'kube-system',
    podIdentityServiceAccounts: [],
    // [agent].
    versions: [
      anyCluster('v1.1.0-eksbuild.1', false, true),
      anyCluster('v1.0.0-eksbuild.1', false),
    ],
  },
];

/** The add-on of that name, if the catalogue has it. */
export function addonFacts(name: string): AddonFacts | undefined {
  return ADDON_CATALOGUE.find((addon) => addon.name === name);
}

/** The versions of `addon` that install on `clusterVersion`, newest first. */
export function versionsFor(addon: AddonFacts, clusterVersion: string): AddonVersionFacts[] {
  return addon.versions.filter((v) => v.clusterVersions.includes(clusterVersion));
}

/** The version EKS installs on `clusterVersion` when none is asked for. */
export function defaultVersion(
  addon: AddonFacts,
  clusterVersion: string,
): AddonVersionFacts | undefined {
  return addon.versions.find((v) => v.defaultFor.includes(clusterVersion));
}
