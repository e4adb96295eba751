import {
  CloudBackend,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  S3BackendConfig,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';

/** Where a stack's state lives: local files, Terraform Cloud, or S3. */
export type StackBackend =
  | { readonly kind: 'local' }
  | {
      readonly kind: 'cloud';
      readonly organization: string;
      /** Terraform Enterprise host; Terraform Cloud's when undefined. */
      readonly hostname?: string;
      readonly project?: string;
      /** Prepended to each stack name to form its workspace name. */
      readonly workspacePrefix: string;
    }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      /** Each stack's key is `<keyPrefix><stack>.tfstate`. */
      readonly keyPrefix: string;
      readonly region: string;
      readonly useLockfile: boolean;
      readonly encrypt: boolean;
      readonly kmsKeyId?: string;
    };

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
 *
 * With S3, each stack gets its own key, `<keyPrefix><stack>.tfstate`, locked
 * with Terraform's S3 lock file. Credentials never enter the JSON either:
 * Terraform takes them from the environment, as the AWS provider does.
 */
export function configureBackend(stack: TerraformStack, backend: StackBackend): void {
  const name = stack.node.id;
  switch (backend.kind) {
    case 'local':
      new LocalBackend(stack, { path: `../../../terraform.${name}.tfstate` });
      return;
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        ...(backend.hostname !== undefined && { hostname: backend.hostname }),
        workspaces: new NamedCloudWorkspace(`${backend.workspacePrefix}${name}`, backend.project),
      });
      return;
    case 's3':
      lockingS3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}${name}.tfstate`,
        region: backend.region,
        encrypt: backend.encrypt,
        ...(backend.kmsKeyId !== undefined && { kmsKeyId: backend.kmsKeyId }),
        useLockfile: backend.useLockfile,
      });
  }
}

export interface LockingS3BackendConfig extends S3BackendConfig {
  /**
   * Lock the state with a `<key>.tflock` object in the bucket (Terraform 1.10
   * and later), which cdktf 0.21 predates.
   * @default false
   */
  readonly useLockfile?: boolean;
}

/** cdktf's S3 backend with `use_lockfile`, which it writes like every other attribute. */
export function lockingS3Backend(scope: Construct, props: LockingS3BackendConfig): S3Backend {
  return new S3Backend(scope, props);
}
