/**
 * What `npm run import-irsa` reads from an account, as plain data: the
 * clusters with their OIDC issuer and IAM OIDC provider, and the roles whose
 * trust policy names one of those providers. The translation in this folder
 * works on these facts alone, so it is tested without AWS.
 */

/** An EKS cluster named on the command line. */
export interface ClusterFacts {
  readonly name: string;
  /** `identity.oidc.issuer` of DescribeCluster (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`). */
  readonly issuer: string | undefined;
  /** The IAM OIDC provider whose URL is the issuer; undefined when the account has none. */
  readonly oidcProviderArn: string | undefined;
}

/** A role as GetRole returns it: what the configuration must repeat for an in-place import. */
export interface RoleFacts {
  readonly name: string;
  /** IAM path; another path than the configuration's would make Terraform replace the role. */
  readonly path: string;
  readonly description: string | undefined;
  /** In seconds. */
  readonly maxSessionDuration: number;
  readonly permissionsBoundary: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** The trust policy as IAM returns it: JSON, or URL-encoded JSON. */
  readonly trustPolicy: string;
}

/** Everything the translation reads. */
export interface IrsaAccount {
  readonly region: string;
  /** The configuration's `environment` label; left out of the file when undefined. */
  readonly environment: string | undefined;
  /** The `$schema` the file names, relative to where it is written. */
  readonly schema: string;
  readonly clusters: readonly ClusterFacts[];
  readonly roles: readonly RoleFacts[];
}
