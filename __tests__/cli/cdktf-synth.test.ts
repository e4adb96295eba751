import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cdktf, filesUnder, PROJECT_DIR, temporaryDir } from '../support/cdktf-cli';
import { runCommand } from '../support/run-command';

// Each run starts the cdktf CLI and the app: seconds, not milliseconds.
jest.setTimeout(120_000);

const AWS = 'stacks/pod-identity-default-aws/cdk.tf.json';
const WORKLOAD = 'stacks/pod-identity-default-workload-example/cdk.tf.json';

describe('cdktf synth of the defaults (the tutorial)', () => {
  const dir = temporaryDir('synth');
  const first = join(dir, 'first');
  const second = join(dir, 'second');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the AWS stack and the workload stack', async () => {
    const result = await cdktf(['synth', '--output', first]);
    expect(result.code).toBe(0);
    const files = filesUnder(first);
    expect(Object.keys(files).sort()).toEqual(['manifest.json', AWS, WORKLOAD].sort());
    expect(files[AWS]).toContain('"name": "eks-pod-identity-example"');
    expect(files[WORKLOAD]).toContain('"image": "dennysv/dvawscli"');
  });

  // The second run is the app command alone (what cdktf.json runs, and all that
  // writes the files): the same bytes, later and into another folder, show that
  // nothing depends on the time or the folder and that the CLI adds nothing,
  // for a fraction of a CLI start-up (this file is the unit suite's longest).
  test('writes the same files a second time, with no machine path or timestamp in them', async () => {
    const result = await runCommand(process.execPath, ['scripts/app.js'], {
      cwd: PROJECT_DIR,
      env: { ...process.env, CDKTF_OUTDIR: second },
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    const once = filesUnder(first);
    expect(filesUnder(second)).toEqual(once);
    const text = Object.values(once).join('\n');
    expect(text).not.toContain(PROJECT_DIR);
    expect(text).not.toContain(dir);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  test('refuses a bad configuration: exits non-zero, names field, value and rule, and removes the earlier stacks', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(
      config,
      JSON.stringify({
        identities: [
          { name: 'app', associations: [{ namespace: 'Team_A', serviceAccount: 'app' }] },
        ],
      }),
    );
    const result = await cdktf(['synth', '--output', first], { POD_IDENTITY_CONFIG: config });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      `identities[0].associations[0].namespace: "Team_A" is not a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)`,
    );
    expect(existsSync(join(first, AWS))).toBe(false);
    expect(existsSync(join(first, WORKLOAD))).toBe(false);
    expect(existsSync(join(first, 'manifest.json'))).toBe(false);
  });
});

describe('cdktf synth --hcl', () => {
  const dir = temporaryDir('hcl');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes HCL only, with the ephemeral token block and its required version', async () => {
    const result = await cdktf(['synth', '--hcl', '--output', dir]);
    expect(result.code).toBe(0);
    const files = filesUnder(dir);
    expect(Object.keys(files).filter((f) => f.endsWith('.json') && f.includes('cdk.tf'))).toEqual(
      [],
    );
    const aws = files['stacks/pod-identity-default-aws/cdk.tf'];
    expect(aws).toMatch(/data "aws_iam_policy_document" "\w+" \{/);
    expect(aws).toMatch(/resource "aws_eks_pod_identity_association" "\w+" \{/);
    const workload = files['stacks/pod-identity-default-workload-example/cdk.tf'];
    expect(workload).toMatch(/ephemeral "aws_eks_cluster_auth" "(\w+)" \{\s+name = "example"\s+\}/);
    expect(workload).toMatch(/terraform \{\s+required_version = ">= 1\.10\.0"/);
    expect(workload).not.toMatch(/^\s*0 = /m);
  });
});

describe('the app command (cdktf.json) for Terraform Cloud', () => {
  const dir = temporaryDir('cloud');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // What is written is the app's doing: `node scripts/app.js`, as cdktf runs it, without
  // the CLI's seconds of start-up (the tests above run the CLI itself).
  test('gives each stack a cloud block with its own workspace, and never the API token', async () => {
    const token = 'not-a-real-token.atlasv1.0123456789abcdef';
    const result = await runCommand(process.execPath, ['scripts/app.js'], {
      cwd: PROJECT_DIR,
      env: {
        ...process.env,
        CDKTF_OUTDIR: dir,
        TF_CLOUD_ORGANIZATION: 'acme',
        TF_CLOUD_PROJECT: 'platform',
        TF_TOKEN_app_terraform_io: token,
      },
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    const files = filesUnder(dir);
    const aws = JSON.parse(files[AWS]) as { terraform: Record<string, unknown> };
    const workload = JSON.parse(files[WORKLOAD]) as { terraform: Record<string, unknown> };
    expect(aws.terraform.cloud).toEqual({
      organization: 'acme',
      workspaces: { name: 'pod-identity-default-aws', project: 'platform' },
    });
    expect(workload.terraform.cloud).toEqual({
      organization: 'acme',
      workspaces: { name: 'pod-identity-default-workload-example', project: 'platform' },
    });
    expect(aws.terraform.backend).toBeUndefined();
    expect(Object.values(files).join('\n')).not.toContain(token);
  });
});

describe('the app command writes the Helm values beside the stacks', () => {
  const dir = temporaryDir('helm');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const synth = (config?: string) =>
    runCommand(process.execPath, ['scripts/app.js'], {
      cwd: PROJECT_DIR,
      env: {
        ...process.env,
        CDKTF_OUTDIR: dir,
        ...(config !== undefined && { POD_IDENTITY_CONFIG: config }),
      },
      timeoutMs: 60_000,
    });
  const valuesFiles = () =>
    Object.keys(filesUnder(dir)).filter((f) => f.startsWith('helm-values/'));

  test("one file per preset identity on each cluster, each naming its chart's service account", async () => {
    expect((await synth('examples/platform-add-ons.json')).code).toBe(0);
    expect(valuesFiles().sort()).toEqual(
      [
        'cert-manager',
        'external-dns',
        'external-secrets',
        'karpenter',
        'load-balancer-controller',
      ].map((identity) => `helm-values/example/${identity}.yaml`),
    );
    const dns = filesUnder(dir)['helm-values/example/external-dns.yaml'];
    expect(dns).toContain('# helm upgrade --install external-dns external-dns');
    expect(dns).toContain('  name: "external-dns"\n');
  });

  test('leaves no values of an identity the configuration no longer has', async () => {
    expect((await synth()).code).toBe(0);
    expect(valuesFiles()).toEqual([]);
  });

  test('removes the values with the stacks when the configuration is refused', async () => {
    expect((await synth('examples/platform-add-ons.json')).code).toBe(0);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ environment: 'Bad' }));
    expect((await synth(bad)).code).not.toBe(0);
    expect(valuesFiles()).toEqual([]);
  });
});
