import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeSynthesizedStacks } from '../../modules/synthesized-output';

describe('removeSynthesizedStacks', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'pod-identity-out-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  function write(path: string, content = '{}'): void {
    mkdirSync(join(outdir, path, '..'), { recursive: true });
    writeFileSync(join(outdir, path), content);
  }

  test('removes every synthesized stack folder and the manifest', () => {
    write('manifest.json');
    write('stacks/pod-identity-default-aws/cdk.tf.json');
    write('stacks/pod-identity-default-aws/.terraform/providers/x');
    write('stacks/pod-identity-default-workload-example/cdk.tf.json');

    removeSynthesizedStacks(outdir);

    expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
    expect(existsSync(join(outdir, 'stacks/pod-identity-default-aws'))).toBe(false);
    expect(existsSync(join(outdir, 'stacks/pod-identity-default-workload-example'))).toBe(false);
  });

  test('leaves folders that hold no synthesized stack, such as source code when --output is the project', () => {
    write('stacks/pod-identity-aws-stack.ts', 'export {};');
    write('stacks/helpers/readme.md', 'kept');
    write('terraform.pod-identity-default-aws.tfstate', '{"version": 4}');

    removeSynthesizedStacks(outdir);

    expect(existsSync(join(outdir, 'stacks/pod-identity-aws-stack.ts'))).toBe(true);
    expect(existsSync(join(outdir, 'stacks/helpers/readme.md'))).toBe(true);
    expect(existsSync(join(outdir, 'terraform.pod-identity-default-aws.tfstate'))).toBe(true);
  });

  test('does nothing when there was no earlier synth', () => {
    expect(() => removeSynthesizedStacks(join(outdir, 'missing'))).not.toThrow();
  });
});
