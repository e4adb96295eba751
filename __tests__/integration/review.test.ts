import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR, temporaryDir } from '../support/cdktf-cli';
import { LocalAws, startLocalAws } from '../support/local-aws';
import { CommandResult, runCommand } from '../support/run-command';
import {
  describeWithTerraform,
  readable,
  requireTerraformAndMirror,
  StackDeployment,
} from '../support/stack-deployment';
import { setUp } from '../support/before-all';

/**
 * `npm run review` as a pipeline runs it, on a real change: a configuration
 * deployed against moto and the EKS double (`cdktf deploy`), changed and
 * synthesized again; the review then plans the stack folders with the real
 * Terraform (init, since `.terraform` is gone; plan; show -json; graph) and
 * says what the change does to each service account. The state is left as
 * it was.
 */

jest.setTimeout(170_000);

const REGION = 'us-east-1';
const CLUSTER = 'example';

const configuration = (after: boolean) => ({
  environment: 'review',
  region: REGION,
  clusters: [{ name: CLUSTER }],
  identities: [
    {
      // Narrowed from AmazonS3ReadOnlyAccess to one bucket.
      name: 'reports',
      ...(after && { s3: { access: 'bucket-scoped', buckets: ['eks-automation'] } }),
      associations: [{ namespace: 'reports', serviceAccount: 'reader' }],
    },
    {
      // Renamed: a new role, the association moved to it.
      name: after ? 'invoicing' : 'billing',
      associations: [{ namespace: 'billing', serviceAccount: 'invoices', kubernetes: false }],
    },
  ],
});

describeWithTerraform('npm run review on a changed configuration, against moto', () => {
  let aws: LocalAws | undefined;
  let deployment: StackDeployment | undefined;
  let dir: string | undefined;

  const stack = (): StackDeployment => setUp(deployment, 'the deployment was never set up');
  const expectSuccess = (result: CommandResult, what: string) => {
    if (result.code !== 0) throw new Error(`${what} exited ${result.code}: ${readable(result)}`);
  };

  beforeAll(async () => {
    await requireTerraformAndMirror();
    aws = await startLocalAws();
    await aws.createClusters(REGION, [CLUSTER]);
    dir = temporaryDir('review');
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(configuration(false)));
    deployment = new StackDeployment('review', configFile, aws);
    expectSuccess(await deployment.deploy(), 'cdktf deploy');
    writeFileSync(configFile, JSON.stringify(configuration(true)));
    expectSuccess(await deployment.synth(), 'cdktf synth');
  }, 150_000);

  afterAll(async () => {
    try {
      deployment?.remove();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    } finally {
      await aws?.stop();
    }
  });

  test('plans each stack folder and reports per service account; the state is untouched', async () => {
    const awsStack = stack().stackDir;
    const workloadStack = join(stack().outDir, 'stacks', 'pod-identity-review-workload-example');
    expect(existsSync(workloadStack)).toBe(true);
    rmSync(join(awsStack, '.terraform'), { recursive: true, force: true });
    const state = readFileSync(stack().statePath, 'utf8');

    const result = await runCommand(
      'npm',
      ['run', '--silent', 'review', '--', awsStack, workloadStack],
      { cwd: PROJECT_DIR, env: stack().env, timeoutMs: 150_000 },
    );

    expectSuccess(result, 'npm run review');
    expect(result.stdout.split('\n')).toEqual([
      'stack pod-identity-review-aws',
      '  cluster example',
      '    service account billing/invoices: role eks-pod-identity-billing -> eks-pod-identity-invoicing',
      '      no credential gap: Terraform planned to update the association to role eks-pod-identity-invoicing, ' +
        'which is created first, before it deletes role eks-pod-identity-billing',
      // No order finding: the new attachment comes before the old one goes (through the role's
      // terraform_data), and the project's AmazonS3ReadOnlyAccess already allowed the bucket's reads.
      '    service account reports/reader: role eks-pod-identity-reports',
      '      loses s3-object-lambda:Get*, s3-object-lambda:List*, s3:Describe*, s3:Get*, s3:List* on * ' +
        '(AWS-managed AmazonS3ReadOnlyAccess)',
      '',
    ]);
    expect(result.stderr).toContain('pod-identity-review-aws: terraform init');
    expect(result.stderr).toContain(
      `${workloadStack}: no IAM role, Pod Identity association or EKS add-on: nothing to review`,
    );
    expect(readFileSync(stack().statePath, 'utf8')).toBe(state);
  });
});
