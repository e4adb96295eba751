import { TerraformStack, Testing } from 'cdktf';
import { configureBackend, lockingS3Backend, StackBackend } from '../../modules/stack-backend';

/** The `terraform` block of a stack named `pods-aws` with `backend` configured. */
function terraformBlock(backend: StackBackend): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), 'pods-aws');
  configureBackend(stack, backend);
  return (JSON.parse(Testing.synth(stack)) as { terraform: Record<string, unknown> }).terraform;
}

const S3 = {
  kind: 's3',
  bucket: 'tf-state',
  keyPrefix: 'eks/pod-identity/',
  region: 'eu-west-1',
  useLockfile: true,
  encrypt: true,
} as const;

describe('configureBackend', () => {
  test("keeps local state next to the project, as a path relative to the stack's folder", () => {
    expect(terraformBlock({ kind: 'local' }).backend).toEqual({
      local: { path: '../../../terraform.pods-aws.tfstate' },
    });
  });

  test('gives each stack a cloud workspace named prefix + stack, with the hostname and project', () => {
    const terraform = terraformBlock({
      kind: 'cloud',
      organization: 'acme',
      hostname: 'tfe.acme.example',
      project: 'platform',
      workspacePrefix: 'eks-',
    });
    expect(terraform.cloud).toEqual({
      organization: 'acme',
      hostname: 'tfe.acme.example',
      workspaces: { name: 'eks-pods-aws', project: 'platform' },
    });
    expect(terraform).not.toHaveProperty('backend');
  });

  test("leaves out the hostname and project when not given: Terraform Cloud's defaults", () => {
    expect(
      terraformBlock({ kind: 'cloud', organization: 'acme', workspacePrefix: '' }).cloud,
    ).toEqual({ organization: 'acme', workspaces: { name: 'pods-aws' } });
  });

  test('gives each stack the S3 key <prefix><stack>.tfstate, with lock file, encryption and KMS key', () => {
    const kmsKeyId = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd';
    expect(terraformBlock({ ...S3, kmsKeyId }).backend).toEqual({
      s3: {
        bucket: 'tf-state',
        key: 'eks/pod-identity/pods-aws.tfstate',
        region: 'eu-west-1',
        use_lockfile: true,
        encrypt: true,
        kms_key_id: kmsKeyId,
      },
    });
  });

  test('writes use_lockfile and encrypt false when they are off, and no KMS key when none is given', () => {
    expect(terraformBlock({ ...S3, useLockfile: false, encrypt: false }).backend).toEqual({
      s3: {
        bucket: 'tf-state',
        key: 'eks/pod-identity/pods-aws.tfstate',
        region: 'eu-west-1',
        use_lockfile: false,
        encrypt: false,
      },
    });
  });
});

describe('lockingS3Backend', () => {
  test("writes use_lockfile, which cdktf's S3BackendConfig predates", () => {
    const stack = new TerraformStack(Testing.app(), 'state');
    lockingS3Backend(stack, { bucket: 'b', key: 'k.tfstate', useLockfile: true });
    const { terraform } = JSON.parse(Testing.synth(stack)) as { terraform: { backend: unknown } };
    expect(terraform.backend).toEqual({
      s3: { bucket: 'b', key: 'k.tfstate', use_lockfile: true },
    });
  });
});
