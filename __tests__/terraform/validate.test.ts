import { configOf, parse, synthApp, TerraformJson } from '../support/synth';
import { exampleFiles } from '../support/examples';
import {
  SKIP_TERRAFORM_VARIABLE,
  TerraformHarness,
  terraformSkipped,
  ValidationResult,
} from '../support/terraform';

/** A config that switches on every option of the AWS stack. */
const ALL_AWS_OPTIONS = {
  environment: 'all',
  region: 'eu-west-1',
  defaultTags: { team: 'platform' },
  clusters: [
    { name: 'blue', podIdentityAgent: { version: 'v1.3.4-eksbuild.1' } },
    { name: 'green', podIdentityAgent: true },
  ],
  identities: [
    {
      name: 'reports',
      role: {
        namePrefix: 'reports-',
        path: '/pods/',
        description: 'Reads reports',
        permissionsBoundary: 'arn:aws:iam::111122223333:policy/boundary',
        maxSessionDuration: 7200,
        tags: { owner: 'reports' },
      },
      s3: {
        access: 'bucket-scoped',
        buckets: ['reports-bucket', 'archive-bucket'],
        prefix: 'daily/',
        namespacePrefixes: true,
        kmsKeyArns: ['arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
      },
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess'],
      statements: [
        {
          sid: 'ReadParameters',
          actions: ['ssm:GetParameter'],
          resources: [
            'arn:aws:ssm:eu-west-1:111122223333:parameter/${aws:PrincipalTag/kubernetes-namespace}/*',
          ],
          conditions: [
            {
              test: 'StringEquals',
              variable: 'aws:ResourceTag/team',
              values: ['${aws:PrincipalTag/kubernetes-namespace}'],
            },
          ],
        },
      ],
      trust: { sourceAccount: true, restrictToAssociations: true },
      associations: [
        {
          cluster: 'blue',
          namespace: 'reports',
          serviceAccount: 'reader',
          tags: { app: 'reports' },
        },
        { cluster: 'green', namespace: 'reports', serviceAccount: 'reader' },
      ],
    },
  ],
};

/** Tags with the key `__proto__` (valid in AWS) on the provider, a role and an association. */
const PROTO_TAGS = JSON.stringify({
  defaultTags: { team: 'platform' },
  identities: [
    {
      name: 'app',
      role: { tags: { owner: 'x' } },
      associations: [{ namespace: 'app', serviceAccount: 'app', tags: { owner: 'x' } }],
    },
  ],
})
  .replace(/"owner":"x"/g, '"__proto__":"kept","owner":"x"')
  .replace('"team":"platform"', '"__proto__":"kept","team":"platform"');

/**
 * The AWS half of a workload stack: the cluster lookup and the ephemeral
 * token, with the Kubernetes provider's expressions kept as locals so their
 * references are checked. (No hashicorp/kubernetes binary is available here.)
 */
function awsPartOfWorkload(json: string): string {
  const stack = parse(json);
  const kubernetes = stack.provider?.kubernetes?.[0] ?? {};
  const { kubernetes: _provider, ...providers } = stack.provider ?? {};
  const terraform = stack.terraform as { required_providers: Record<string, unknown> };
  const { kubernetes: _required, ...requiredProviders } = terraform.required_providers;
  const part: TerraformJson & { locals: Record<string, unknown> } = {
    data: stack.data,
    ephemeral: stack.ephemeral,
    provider: providers,
    terraform: { ...stack.terraform, required_providers: requiredProviders },
    locals: { kubernetes_provider: kubernetes },
  };
  return JSON.stringify(part);
}

function stacksToValidate(): Record<string, string> {
  const defaults = synthApp(configOf());
  const stacks: Record<string, string> = {
    defaults: defaults.aws,
    'defaults-workload-aws-part': awsPartOfWorkload(defaults.workloads[0]),
    'all-aws-options': synthApp(configOf(ALL_AWS_OPTIONS)).aws,
    // A tag key cdktf would drop, written as a Terraform expression instead.
    'proto-tags': synthApp(configOf(JSON.parse(PROTO_TAGS) as unknown)).aws,
  };
  for (const [name, file] of Object.entries(exampleFiles())) {
    stacks[`example-${name}`] = synthApp(configOf(file)).aws;
  }
  return stacks;
}

/**
 * Terraform allows import blocks only in the root module: a stack that has
 * them (an adopted role) is validated as a child module without them, and
 * again as the root module it is, with them.
 */
function withoutImports(json: string): string {
  const { import: _imports, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return JSON.stringify(rest);
}

function hasImports(json: string): boolean {
  return 'import' in (JSON.parse(json) as object);
}

function problems(result: ValidationResult, module?: string) {
  return result.diagnostics
    .filter((d) => d.severity === 'error' || d.summary !== 'Backend configuration ignored')
    .filter((d) => module === undefined || d.file?.startsWith(`${module}/`))
    .map((d) => `${d.severity}: ${d.summary}: ${d.detail} (${d.file ?? 'no file'})`);
}

const describeTerraform = terraformSkipped() ? describe.skip : describe;

describeTerraform(
  `terraform validate with the real hashicorp/aws provider (${SKIP_TERRAFORM_VARIABLE}=1 skips)`,
  () => {
    const stacks = stacksToValidate();
    let harness: TerraformHarness | undefined;
    let result: ValidationResult;

    const withImports = Object.keys(stacks).filter((name) => hasImports(stacks[name]));

    beforeAll(async () => {
      harness = await TerraformHarness.create();
      const asModules = Object.fromEntries(
        Object.entries(stacks).map(([name, json]) => [name, withoutImports(json)]),
      );
      result = await harness.validateModules(asModules);
    }, 180_000);

    afterAll(() => harness?.cleanup());

    function started(): TerraformHarness {
      if (harness === undefined) throw new Error('the Terraform harness did not start');
      return harness;
    }

    test.each(Object.keys(stacks))('%s passes terraform validate', (name) => {
      expect(problems(result, name)).toEqual([]);
    });

    test('every stack was validated, with no problem outside them', () => {
      expect(result.valid).toBe(true);
      expect(problems(result)).toEqual([]);
    });

    test('the default AWS stack passes as the root module it is, backend block included', async () => {
      const root = await started().validateRoot(stacks.defaults);
      expect(root.diagnostics).toEqual([]);
      expect(root.valid).toBe(true);
    }, 120_000);

    test.each(withImports)(
      '%s passes as the root module it is, with its import blocks',
      async (name) => {
        const root = await started().validateRoot(stacks[name]);
        expect(root.diagnostics).toEqual([]);
        expect(root.valid).toBe(true);
      },
      120_000,
    );

    test('the stacks with import blocks are those of the examples that adopt roles', () => {
      expect(withImports).toEqual(['example-irsa-migration']);
    });

    test('a broken stack fails, naming the problem', async () => {
      const broken = JSON.parse(stacks.defaults) as {
        resource: { aws_iam_role: Record<string, Record<string, unknown>> };
      };
      const [role] = Object.values(broken.resource.aws_iam_role);
      role.max_session_duration = 'an hour';
      const root = await started().validateRoot(JSON.stringify(broken));
      expect(root.valid).toBe(false);
      expect(root.diagnostics.map((d) => d.summary)).toEqual(['Incorrect attribute value type']);
    }, 120_000);
  },
);
