import { TerraformElement } from 'cdktf';
import { Construct } from 'constructs';

/** `removed` blocks appeared in Terraform 1.7. */
export const REMOVED_REQUIRED_VERSION = '>= 1.7.0';

/**
 * A Terraform `removed` block with `lifecycle { destroy = false }`: the next
 * apply forgets the resource at `from` (an address such as
 * `aws_iam_role.legacy_role_1A2B3C4D`) without destroying what it names.
 * cdktf 0.21 has no class for it, so this element writes its own JSON.
 */
export class RemovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly from: string,
  ) {
    super(scope, id, 'removed');
  }

  public toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.from, lifecycle: { destroy: false } }] };
  }
}
