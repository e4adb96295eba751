import type * as z from 'zod';
import type { ParsedAddon } from './addons';
import type { ParsedCluster } from './clusters';
import type { KubernetesObjectsConfig } from './kubernetes';
import type { S3StateConfig } from './backend';
import type { IamLimits } from './config-file';
import type { association, identity } from './identities';
import type { S3AccessConfig } from './permissions';
import type { AwsPartition } from './partition';

/**
 * The resolved configuration: what the schema outputs, with what the reader
 * resolves against the environment and the other entries (each
 * association's cluster, the backend, the partition). Constructs and stacks
 * receive these values and never read the environment or the file.
 */

export type { AwsPartition } from './partition';
export type { KubernetesAuthConfig, ParsedCluster, PodIdentityAgentConfig } from './clusters';
export type { PresetConfig, PresetName, PresetOf } from './presets';
export type { ConfigFile, ConfigFileInput, IamLimits } from './config-file';
export type { RoleConfig, TrustConfig } from './identities';
export type {
  ContainerResourcesConfig,
  DeploymentConfig,
  KubernetesObjectsConfig,
  VerificationJobConfig,
} from './kubernetes';
export type { PolicyConditionConfig, PolicyStatementConfig, S3AccessConfig } from './permissions';

/**
 * An association, resolved: its cluster (the only one when the file leaves
 * it out), its namespace and service account (the preset's by default).
 */
export type AssociationConfig = Omit<
  z.output<typeof association>,
  'cluster' | 'namespace' | 'serviceAccount' | 'kubernetes'
> & {
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** What the workload stack creates for it; absent when nothing. */
  readonly kubernetes?: KubernetesObjectsConfig;
  /**
   * The EKS add-on whose `pod_identity_association` creates it; absent for
   * an association of its own (`aws_eks_pod_identity_association`).
   */
  readonly addon?: string;
};

/**
 * An identity, resolved: its role name (`eks-pod-identity-<name>` by
 * default), its S3 access and its associations (with a preset, on every
 * cluster by default).
 */
export type IdentityConfig = Omit<z.output<typeof identity>, 'associations' | 's3'> & {
  readonly s3: S3AccessConfig;
  readonly associations: readonly AssociationConfig[];
};

/** An add-on's service account and the identity whose role it gets. */
export interface AddonPodIdentity {
  readonly serviceAccount: string;
  /** Name of an identity of the configuration, or of the add-on's own (`addon-<name>`). */
  readonly identity: string;
}

/** An EKS add-on, resolved: its Pod Identity associations, to its own role or to identities'. */
export type AddonConfig = Omit<ParsedAddon, 'serviceAccounts' | 'parameters'> & {
  readonly podIdentity: readonly AddonPodIdentity[];
};

/** A cluster, resolved: its add-ons with their Pod Identity associations. */
export type ClusterConfig = Omit<ParsedCluster, 'addons'> & {
  readonly addons: readonly AddonConfig[];
};

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
    }
  | ({ readonly kind: 's3' } & Omit<S3StateConfig, 'region'> & {
        /** Region of the bucket: the configuration's unless given. */
        readonly region: string;
      });

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
