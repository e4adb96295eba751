import { IamStatement } from '../core/iam';
import { Origin } from '../core/origin';
import { AwsPartition } from '../core/partition';
import { PresetName, PresetSettings } from '../presets/catalogue';

/**
 * The resolved configuration: what the reader builds from the file and the
 * environment, with every default applied, and what the policy, the
 * constructs' props and the stacks read. Nothing downstream re-derives a
 * default or reads the file.
 *
 * Every field is required; a value that may be absent is typed
 * `| undefined`, so a resolver that forgets a field does not compile. Each
 * entity carries its `origin` (where the file writes it, or the default,
 * the environment or the entry it is derived from) for messages.
 */
export interface Model {
  /** Label of this environment (one account and region); part of every stack and workspace name. */
  readonly environment: string;
  /** AWS region of the clusters, roles' associations and add-ons. */
  readonly region: string;
  /** Partition of `region`, used in ARNs. */
  readonly partition: AwsPartition;
  /** Tags the AWS provider adds to every resource it creates (`default_tags`). */
  readonly defaultTags: Tags;
  /** IAM quotas the roles are checked against at synth. */
  readonly iamLimits: IamLimits;
  readonly clusters: readonly Cluster[];
  readonly identities: readonly Identity[];
  /** Where Terraform keeps state. */
  readonly backend: Backend;
}

/** AWS tags, keys as written (`__proto__` included). */
export type Tags = Readonly<Record<string, string>>;

export interface IamLimits {
  readonly managedPoliciesPerRole: number;
  readonly trustPolicyCharacters: number;
  readonly managedPolicyCharacters: number;
  readonly inlinePolicyCharacters: number;
}

/** An existing EKS cluster, and how this project reaches it. */
export interface Cluster {
  readonly name: string;
  /** The cluster entry (`clusters[0]`), or the tutorial's when the file lists none. */
  readonly origin: Origin;
  /** The eks-pod-identity-agent add-on, when the AWS stack manages it. */
  readonly podIdentityAgent: PodIdentityAgent | undefined;
  /** How the workload stack's Kubernetes provider authenticates. */
  readonly kubernetesAuth: KubernetesAuth;
  /** Its IAM OIDC provider, for IRSA's trust while identities migrate. */
  readonly oidcProviderArn: string | undefined;
  /** EKS managed add-ons other than the agent. */
  readonly addons: readonly Addon[];
}

export type ResolveConflicts = 'OVERWRITE' | 'PRESERVE' | 'NONE';

export interface PodIdentityAgent {
  /** Default: EKS's for the cluster's Kubernetes version. */
  readonly version: string | undefined;
  /** OVERWRITE: it takes over an agent installed by hand. */
  readonly resolveConflictsOnCreate: 'OVERWRITE';
  readonly resolveConflictsOnUpdate: ResolveConflicts;
  /** Kept on the cluster when Terraform deletes it: every pod's credentials depend on it. */
  readonly preserve: boolean;
}

export type KubernetesAuth =
  | { readonly kind: 'ephemeral-token' }
  | { readonly kind: 'exec' }
  | { readonly kind: 'kubeconfig'; readonly path: string; readonly context: string | undefined };

/** An EKS managed add-on (`aws_eks_addon`). */
export interface Addon {
  readonly name: string;
  /** The add-on entry, `clusters[0].addons[1]`. */
  readonly origin: Origin;
  readonly version: string | undefined;
  readonly resolveConflictsOnCreate: 'OVERWRITE' | 'NONE';
  readonly resolveConflictsOnUpdate: ResolveConflicts;
  /** The add-on's configuration, as the JSON text EKS takes. */
  readonly configurationValues: string | undefined;
  /** Keep the add-on's resources on the cluster when Terraform deletes it. */
  readonly preserve: boolean;
  readonly tags: Tags;
  /** Namespace of the add-on's service accounts. */
  readonly namespace: string;
  /** Its `pod_identity_association` blocks. */
  readonly podIdentity: readonly AddonPodIdentity[];
}

/** An add-on's service account and the identity whose role it gets. */
export interface AddonPodIdentity {
  readonly serviceAccount: string;
  /** Name of an identity of the configuration, or of the add-on's own (`addon-<name>`). */
  readonly identity: string;
}

/** One IAM role, its trust, and where it is used. */
export interface Identity {
  /** Unique; the role's construct ID. */
  readonly name: string;
  /** The identity entry, the add-on that makes it, or the tutorial's. */
  readonly origin: Origin;
  readonly role: Role;
  readonly preset: IdentityPreset | undefined;
  readonly s3: S3Access;
  /** Further managed policies, as written. */
  readonly managedPolicyArns: readonly string[];
  /** Further statements, in one inline policy. */
  readonly statements: readonly IamStatement[];
  readonly trust: Trust;
  readonly associations: readonly Association[];
  /**
   * IRSA's trust, a statement per cluster, while the identity migrates
   * (migrateFromIrsa); undefined once it is done, or never started.
   */
  readonly irsa: readonly IrsaTrust[] | undefined;
  /** Every ARN the identity's settings name, where it is written: for the region's partition. */
  readonly arns: readonly WrittenArn[];
}

/** An ARN of the configuration and where it is written. */
export interface WrittenArn {
  readonly arn: string;
  readonly origin: Origin;
}

export interface Role {
  /**
   * created: the stack creates the role; adopted: it imports a role IAM has
   * and manages it from then on; existing: it uses a role as it is, by ARN.
   */
  readonly kind: 'created' | 'adopted' | 'existing';
  /** The existing role's ARN; undefined for a role the stack manages. */
  readonly arn: string | undefined;
  /** How an adopted role is kept; undefined for the others. */
  readonly adoption: Adoption | undefined;
  /** Exactly one of `name` and `namePrefix` is set, but for an existing role (neither). */
  readonly name: string | undefined;
  /** A prefix Terraform completes to a unique name. */
  readonly namePrefix: string | undefined;
  /** Where the name comes from: `role.name`, the identity's name, the add-on. */
  readonly nameOrigin: Origin;
  readonly path: string | undefined;
  readonly description: string | undefined;
  readonly permissionsBoundary: string | undefined;
  /** Seconds; IAM's default (one hour) when undefined. */
  readonly maxSessionDuration: number | undefined;
  readonly tags: Tags;
}

/** What the stack does with a role it adopted. */
export interface Adoption {
  /** Refuse to delete it (lifecycle prevent_destroy). */
  readonly protect: boolean;
  /** Stop managing it, leaving it in IAM (a removed block). */
  readonly release: boolean;
}

/** IRSA's trust on one cluster, kept while an identity migrates to Pod Identity. */
export interface IrsaTrust {
  readonly cluster: string;
  /** The cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** Its issuer without the scheme, as condition keys name it: `oidc.eks.<region>.amazonaws.com/id/<id>`. */
  readonly issuer: string;
  /** The service accounts it admits: `system:serviceaccount:<namespace>:<service account>`. */
  readonly subjects: readonly string[];
}

/** A preset on an identity, with where its settings are written. */
export interface IdentityPreset {
  readonly settings: PresetSettings;
  /** `identities[0].preset`, or the add-on entry whose parameters these are. */
  readonly origin: Origin;
}

export type S3Access =
  | { readonly access: 'none' }
  | { readonly access: 'managed-read-only'; readonly buckets: readonly string[] }
  | {
      readonly access: 'bucket-scoped';
      readonly buckets: readonly string[];
      /** '' for the whole bucket. */
      readonly prefix: string;
      readonly namespacePrefixes: boolean;
      readonly kmsKeyArns: readonly string[];
    };

export interface Trust {
  readonly sourceAccount: boolean;
  readonly restrictToAssociations: boolean;
}

/** A service account on a cluster mapped to the identity's role. */
export interface Association {
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly origin: Origin;
  readonly tags: Tags;
  /** What the workload stack creates for it; undefined for nothing. */
  readonly kubernetes: KubernetesObjects | undefined;
  /**
   * The EKS add-on whose `pod_identity_association` creates it; undefined
   * for an association of its own (`aws_eks_pod_identity_association`).
   */
  readonly addon: string | undefined;
}

/** The Kubernetes objects of one association. */
export interface KubernetesObjects {
  readonly createNamespace: boolean;
  readonly deployment: Deployment | undefined;
  readonly verificationJob: VerificationJob | undefined;
}

export interface Deployment {
  readonly name: string;
  readonly image: string;
  readonly replicas: number;
  /** Overrides the image's entrypoint. */
  readonly command: readonly string[] | undefined;
  /** Of the Deployment, its selector and its pod template. */
  readonly labels: Readonly<Record<string, string>>;
  readonly resources: ContainerResources | undefined;
  readonly waitForRollout: boolean;
  readonly hardened: boolean;
  readonly runAsNonRoot: boolean;
}

export interface ContainerResources {
  readonly requests: Readonly<Record<string, string>>;
  readonly limits: Readonly<Record<string, string>>;
}

export interface VerificationJob {
  readonly name: string;
  readonly image: string;
  readonly timeoutSeconds: number;
}

export type Backend =
  | { readonly kind: 'local' }
  | {
      readonly kind: 'cloud';
      readonly organization: string;
      /** Terraform Enterprise host; Terraform Cloud's when undefined. */
      readonly hostname: string | undefined;
      readonly project: string | undefined;
      /** Prepended to each stack name to form its workspace name. */
      readonly workspacePrefix: string;
    }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly keyPrefix: string;
      /** Region of the bucket: the configuration's unless given. */
      readonly region: string;
      readonly useLockfile: boolean;
      readonly encrypt: boolean;
      readonly kmsKeyId: string | undefined;
    };

export type { PresetName, PresetSettings };
