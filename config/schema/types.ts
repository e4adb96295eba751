import type * as z from 'zod';
import type { ClusterConfig } from './clusters';
import type { IamLimits } from './config-file';
import type { association, identity } from './identities';
import type { AwsPartition } from './partition';

/**
 * The resolved configuration: what the schema outputs, with what the reader
 * resolves against the environment and the other entries (each
 * association's cluster, the backend, the partition). Constructs and stacks
 * receive these values and never read the environment or the file.
 */

export type { AwsPartition } from './partition';
export type { ClusterConfig, KubernetesAuthConfig, PodIdentityAgentConfig } from './clusters';
export type { ConfigFile, ConfigFileInput, IamLimits } from './config-file';
export type { RoleConfig, TrustConfig } from './identities';
export type {
  ContainerResourcesConfig,
  DeploymentConfig,
  KubernetesObjectsConfig,
  VerificationJobConfig,
} from './kubernetes';
export type { PolicyConditionConfig, PolicyStatementConfig, S3AccessConfig } from './permissions';

/** An association, its cluster resolved (the only one when the file leaves it out). */
export type AssociationConfig = Omit<z.output<typeof association>, 'cluster'> & {
  readonly cluster: string;
};

/** An identity, its role name resolved (`eks-pod-identity-<name>` by default). */
export type IdentityConfig = Omit<z.output<typeof identity>, 'associations'> & {
  readonly associations: readonly AssociationConfig[];
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
    };

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
