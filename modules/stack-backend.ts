import { CloudBackend, LocalBackend, NamedCloudWorkspace, TerraformStack } from 'cdktf';
import { BackendConfig } from '../config/schema/types';

/**
 * Where a stack's Terraform state lives.
 *
 * Local state goes to `terraform.<stack>.tfstate` in the project folder, as a
 * path relative to the stack's folder `cdktf.out/stacks/<stack>`: outside
 * `cdktf.out`, whose stack folders each synth may delete, and without the
 * absolute path cdktf would write, so the synthesized JSON is the same on
 * every machine.
 *
 * With Terraform Cloud, each stack gets a `cloud` block with a workspace of its
 * own. The API token never enters the JSON: Terraform reads it from
 * `TF_TOKEN_app_terraform_io` or `terraform login`.
 */
export function configureBackend(stack: TerraformStack, backend: BackendConfig): void {
  const name = stack.node.id;
  if (backend.kind === 'local') {
    new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });
    return;
  }
  new CloudBackend(stack, {
    organization: backend.organization,
    ...(backend.hostname !== undefined && { hostname: backend.hostname }),
    workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${name}`, backend.project),
  });
}
