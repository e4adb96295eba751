import { Testing, TerraformStack } from 'cdktf';
import {
  EphemeralEksClusterAuth,
  withEphemeralHcl,
} from '../../modules/ephemeral-eks-cluster-auth';

describe('EphemeralEksClusterAuth', () => {
  test('writes the ephemeral block and the Terraform version it needs into the JSON', () => {
    let token = '';
    const synthesized = Testing.synthScope((scope) => {
      token = new EphemeralEksClusterAuth(scope, 'auth', 'blue').token;
    });
    const json = JSON.parse(synthesized) as Record<string, Record<string, unknown>>;
    const [name] = Object.keys(json.ephemeral.aws_eks_cluster_auth as object);
    expect(json.ephemeral).toEqual({ aws_eks_cluster_auth: { [name]: { name: 'blue' } } });
    expect(json.terraform.required_version).toBe('>= 1.10.0');
    expect(token).toBe(`\${ephemeral.aws_eks_cluster_auth.${name}.token}`);
  });

  test('completes HCL rendered by cdktf with the block and the required version', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const auth = new EphemeralEksClusterAuth(stack, 'auth', 'blue');
    const hcl = withEphemeralHcl(stack, 'terraform {\n  required_providers {\n  }\n}\n');
    expect(hcl).toBe(
      `terraform {\n  required_version = ">= 1.10.0"\n  required_providers {\n  }\n}\n\nephemeral "aws_eks_cluster_auth" "${auth.friendlyUniqueId}" {\n  name = "blue"\n}\n`,
    );
  });

  test('leaves HCL without ephemeral blocks as it is', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    expect(withEphemeralHcl(stack, 'terraform {\n}\n')).toBe('terraform {\n}\n');
  });
});
