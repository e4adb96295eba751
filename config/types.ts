/**
 * The resolved configuration: every default applied, every rule checked.
 * Constructs and stacks receive these values and never read the environment
 * or the JSON file themselves.
 */

/** AWS partitions, derived from the region name. */
export type AwsPartition =
  | 'aws'
  | 'aws-cn'
  | 'aws-us-gov'
  | 'aws-iso'
  | 'aws-iso-b'
  | 'aws-iso-e'
  | 'aws-iso-f'
  | 'aws-eusc';

export interface PodIdentityConfig {
  /** Label of this environment (one account and region); part of every stack and workspace name. */
  readonly environment: string;
  /** AWS region of the clusters, roles' associations and add-ons. */
  readonly region: string;
  /** Partition of `region`, used in ARNs. */
  readonly partition: AwsPartition;
  /** Tags the AWS provider adds to every resource it creates (`default_tags`). */
  readonly defaultTags: Readonly<Record<string, string>>;
  /** IAM quotas the roles are checked against at synth. */
  readonly iamLimits: IamLimits;
  readonly clusters: readonly ClusterConfig[];
  readonly identities: readonly IdentityConfig[];
  /** Where Terraform keeps state. */
  readonly backend: BackendConfig;
}

export interface IamLimits {
  /** Managed policies attached to one role (AWS default 10, adjustable to 20). */
  readonly managedPoliciesPerRole: number;
  /** Characters of a role's trust policy (AWS default 2,048, adjustable to 4,096). */
  readonly trustPolicyCharacters: number;
  /** Characters of one customer managed policy (fixed by AWS). */
  readonly managedPolicyCharacters: number;
  /** Characters of all of a role's inline policies together (fixed by AWS). */
  readonly inlinePolicyCharacters: number;
}

export type BackendConfig =
  | { readonly kind: 'local' }
  | {
      readonly kind: 'cloud';
      readonly organization: string;
      /** Terraform Enterprise host; Terraform Cloud's when absent. */
      readonly hostname?: string;
      readonly project?: string;
      /** Prepended to each stack name to form its workspace name. */
      readonly workspacePrefix: string;
    };

export interface ClusterConfig {
  /** Name of an existing EKS cluster in `region`. */
  readonly name: string;
  /** Manage the `eks-pod-identity-agent` add-on; absent when the cluster already runs the agent. */
  readonly podIdentityAgent?: PodIdentityAgentConfig;
  /** How the Kubernetes provider authenticates to the cluster. */
  readonly kubernetesAuth: KubernetesAuthConfig;
}

export interface PodIdentityAgentConfig {
  /** Add-on version; EKS's default for the cluster version when absent. */
  readonly version?: string;
  /** What EKS does with fields changed outside the add-on on update. */
  readonly resolveConflictsOnUpdate: 'OVERWRITE' | 'PRESERVE' | 'NONE';
}

export type KubernetesAuthConfig =
  | { readonly kind: 'ephemeral-token' }
  | { readonly kind: 'exec' }
  | { readonly kind: 'kubeconfig'; readonly path: string; readonly context?: string };

export interface IdentityConfig {
  /** Unique name of the identity in this configuration. */
  readonly name: string;
  readonly role: RoleConfig;
  readonly s3: S3AccessConfig;
  /** Further managed policies to attach to the role. */
  readonly managedPolicyArns: readonly string[];
  /** Further statements, written to one inline policy. */
  readonly statements: readonly PolicyStatementConfig[];
  readonly trust: TrustConfig;
  readonly associations: readonly AssociationConfig[];
}

export interface RoleConfig {
  /** Exactly one of `name` and `namePrefix` is set. */
  readonly name?: string;
  readonly namePrefix?: string;
  readonly path?: string;
  readonly description?: string;
  readonly permissionsBoundary?: string;
  readonly maxSessionDuration?: number;
  readonly tags: Readonly<Record<string, string>>;
}

export type S3AccessConfig =
  | { readonly access: 'none' }
  | {
      readonly access: 'managed-read-only';
      /** Buckets the pods are expected to read (used by the access check only). */
      readonly buckets: readonly string[];
    }
  | {
      readonly access: 'bucket-scoped';
      readonly buckets: readonly string[];
      /** Key prefix reads are limited to; empty for the whole bucket. */
      readonly prefix: string;
      /** Limit each session to `<prefix><its Kubernetes namespace>/` through session tags. */
      readonly namespacePrefixes: boolean;
      /** KMS keys the buckets' objects are encrypted with. */
      readonly kmsKeyArns: readonly string[];
    };

export interface PolicyConditionConfig {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface PolicyStatementConfig {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: readonly PolicyConditionConfig[];
}

export interface TrustConfig {
  /** Require `aws:SourceAccount` to be this account. */
  readonly sourceAccount: boolean;
  /** One trust statement per association, matching its session tags exactly. */
  readonly restrictToAssociations: boolean;
}

export interface AssociationConfig {
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly tags: Readonly<Record<string, string>>;
  /** What to create in the cluster; absent when nothing is. */
  readonly kubernetes?: KubernetesObjectsConfig;
}

export interface KubernetesObjectsConfig {
  /** Create the namespace (false: it exists already). */
  readonly createNamespace: boolean;
  /** The application; absent when it is deployed some other way (GitOps). */
  readonly deployment?: DeploymentConfig;
  /** A Job that lists the bucket as the service account after the association exists. */
  readonly verificationJob?: VerificationJobConfig;
}

export interface ContainerResourcesConfig {
  readonly requests: Readonly<Record<string, string>>;
  readonly limits: Readonly<Record<string, string>>;
}

export interface DeploymentConfig {
  readonly name: string;
  readonly image: string;
  readonly replicas: number;
  /** Overrides the image's entrypoint when set. */
  readonly command?: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** Requests and limits; absent with hardening off and none configured. */
  readonly resources?: ContainerResourcesConfig;
  readonly waitForRollout: boolean;
  /** Security context: no privilege escalation, no capabilities, RuntimeDefault seccomp. */
  readonly hardened: boolean;
  readonly runAsNonRoot: boolean;
}

export interface VerificationJobConfig {
  readonly name: string;
  readonly image: string;
  /** Seconds Terraform waits for the Job to complete. */
  readonly timeoutSeconds: number;
}
