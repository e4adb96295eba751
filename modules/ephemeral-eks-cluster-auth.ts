import { TerraformElement } from 'cdktf';
import { Construct } from 'constructs';

const TYPE = 'aws_eks_cluster_auth';

/** Ephemeral blocks appeared in Terraform 1.10. */
export const EPHEMERAL_REQUIRED_VERSION = '>= 1.10.0';

/**
 * `ephemeral "aws_eks_cluster_auth"`: a token for the cluster that Terraform
 * fetches on every run and never writes to plan or state. cdktf 0.21 has no
 * class for ephemeral blocks, so this element writes its own JSON (with the
 * `required_version` it needs) and HCL.
 */
export class EphemeralEksClusterAuth extends TerraformElement {
  private readonly clusterName: string;

  constructor(scope: Construct, id: string, clusterName: string) {
    super(scope, id, `ephemeral.${TYPE}`);
    this.clusterName = clusterName;
  }

  static isEphemeralEksClusterAuth(x: unknown): x is EphemeralEksClusterAuth {
    return x instanceof EphemeralEksClusterAuth;
  }

  /** A reference to the token, for the Kubernetes provider. */
  get token(): string {
    return `\${ephemeral.${TYPE}.${this.friendlyUniqueId}.token}`;
  }

  public toTerraform(): Record<string, unknown> {
    return {
      terraform: { required_version: EPHEMERAL_REQUIRED_VERSION },
      ephemeral: { [TYPE]: { [this.friendlyUniqueId]: { name: this.clusterName } } },
    };
  }

  /** cdktf's HCL renderer ignores unknown blocks: see `withEphemeralHcl`. */
  public toHclTerraform(): Record<string, unknown> {
    return {};
  }

  public toHcl(): string {
    return `\nephemeral "${TYPE}" "${this.friendlyUniqueId}" {\n  name = ${JSON.stringify(this.clusterName)}\n}\n`;
  }
}

/**
 * HCL rendered by cdktf for `scope`, completed with the ephemeral blocks
 * under it and their `required_version` (cdktf 0.21 renders neither: it
 * skips unknown blocks and garbles extra `terraform` attributes).
 */
export function withEphemeralHcl(scope: Construct, hcl: string): string {
  const blocks = scope.node.findAll().filter(EphemeralEksClusterAuth.isEphemeralEksClusterAuth);
  if (blocks.length === 0) return hcl;
  const versioned = hcl.replace(
    /^terraform \{\n/,
    `terraform {\n  required_version = "${EPHEMERAL_REQUIRED_VERSION}"\n`,
  );
  return [versioned, ...blocks.map((block) => block.toHcl())].join('');
}
